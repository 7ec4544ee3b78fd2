# week15: the exercise files, in the order a student works through them. The networks are week
# 05's multilayer perceptron; the driver trains them with week 07's Adam (week 07's reference
# solution links week 06's, so both come along).
EXERCISES := cartpole.c returns.c reinforce.c dqn.c
WEEK_DEPS := week05 week06 week07
