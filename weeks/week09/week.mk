# week09: the exercise files, in the order a student works through them. LeNet-5 is built from week
# 08's conv and pooling layers, week 05's softmax_xent and init_std, week 06's argmax_rows and
# dense_param_count, and week 07's Adam and dropout: all four reference solutions are linked.
EXERCISES := layers.c lenet.c see.c
WEEK_DEPS := week05 week06 week07 week08
