# week12: the exercise files, in the order a student works through them. The 2-D map of the word
# vectors is week 03's PCA, linked from its reference solution.
EXERCISES := vocab.c sgns.c similarity.c vectors_io.c
WEEK_DEPS := week03
