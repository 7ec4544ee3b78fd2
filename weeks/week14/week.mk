# week14: the exercise files, in the order a student works through them. The loss is week 05's
# softmax_xent; Adam, clip_grad_norm and the warm-up + cosine schedule are week 07's; the sampling,
# the BPC conversion and the n-gram baseline are week 10's (which links weeks 05-07 itself).
EXERCISES := layers.c attention.c gpt.c
WEEK_DEPS := week05 week06 week07 week10
