# week11: the exercise files, in the order a student works through them. Week 10's batching,
# sampling, BPC conversion, n-gram baseline and RNN are reused (its own code links weeks 05-07:
# softmax_xent, the optimisers, clip_grad_norm, the learning-rate schedule).
EXERCISES := lstm.c gru.c seqlm.c
WEEK_DEPS := week05 week06 week07 week10
