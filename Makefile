# The workbook's front door. Every goal is handed to harness/tools/wb, which does the work:
#
#   make                      the list of targets (same as make help)
#   make week01 test          build week 01 from weeks/week01/ and run its tests  (T=name, SOLUTION=1)
#   make week01 run           run the week's program          make demo    the newcomer's first run
#   make check                the workbook's own test suite
#
# Why this looks unusual: `make week01 test` must exit 1 when a test fails and 2 when the build
# fails, but make itself exits 2 whenever a recipe fails. So the tool runs while this file is read
# ($(shell ...), its output going straight to our terminal through /proc), and make's exit status is
# then chosen: 0 as is, 1 through make's question mode (-q exits 1 when a goal "needs work"), 2 by
# stopping with an error.

GOALS := $(if $(MAKECMDGOALS),$(MAKECMDGOALS),help)

# make -n (dry run), -q (question), -t (touch) and -p (print the database) run nothing, and neither
# does shell completion (bash-completion asks `make -npq`): then this file only names the targets,
# every week and verb, each with a recipe that does nothing and shows the command it stands for.
ifneq ($(strip $(foreach f,n p q t,$(findstring $(f),$(firstword -$(MAKEFLAGS))))),)
WB_TARGETS := help test run demo stubs check clean $(notdir $(wildcard solutions/week[0-9][0-9])) \
              $(patsubst wb-%,%,$(notdir $(wildcard harness/*/wb-*))) \
              $(filter-out build,$(basename $(notdir $(wildcard harness/*/*.mk))))
.PHONY: $(sort $(WB_TARGETS) $(GOALS))
$(sort $(WB_TARGETS) $(GOALS)):
	@: harness/tools/wb $(GOALS)
else
# settings given on the command line (make week01 test T=dot_product SOLUTION=1) reach the tool
# as environment variables, like those already in the environment
WB_ENV := $(foreach v,$(.VARIABLES),$(if $(filter command line,$(origin $(v))),$(v)='$($(v))'))

WB_STATUS := $(shell ( $(WB_ENV) exec harness/tools/wb $(GOALS) ) \
                     >>/proc/$$PPID/fd/1 2>>/proc/$$PPID/fd/2 </proc/$$PPID/fd/0; echo $$?)

ifeq ($(WB_STATUS),1)
MAKEFLAGS += -q
else ifneq ($(WB_STATUS),0)
$(error stopped (exit status $(WB_STATUS)))
endif

.PHONY: $(GOALS)
$(GOALS):
	@:
endif
