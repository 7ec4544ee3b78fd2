# week10: the exercise files, in the order a student works through them. The output layer's loss
# is week 05's softmax_xent; the optimisers (Adam, Adagrad) and clip_grad_norm are week 07's.
EXERCISES := ngram.c rnn.c sample.c train.c
WEEK_DEPS := week05 week07
