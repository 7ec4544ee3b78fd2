# week15: the exercise files, in the order a student works through them. The networks are week
# 05's multilayer perceptron, linked from its reference solution.
EXERCISES := cartpole.c returns.c reinforce.c dqn.c
WEEK_DEPS := week05
