# week10: the exercise files, in the order a student works through them. The output layer's loss
# is week 05's softmax_xent; the optimisers (Adam, Adagrad), clip_grad_norm and the learning-rate
# schedule are week 07's (whose own code links week 06's).
EXERCISES := ngram.c rnn.c sample.c train.c
WEEK_DEPS := week05 week06 week07
