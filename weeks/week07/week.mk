# week07: the exercise files, in the order a student works through them. The networks are week 05's
# multilayer perceptron and this week's deep network; week 06's training pieces run the optimiser
# comparison. Both weeks' reference solutions are linked.
EXERCISES := optim.c cost.c regularize.c dropout.c batchnorm.c deepnet.c
WEEK_DEPS := week05 week06
