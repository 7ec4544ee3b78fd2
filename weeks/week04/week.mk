# week04: the exercise files, in the order a student works through them; week 03's reference PCA
# (pca_power_iteration) is linked in for the baseline
EXERCISES := optim.c deep_ae.c
WEEK_DEPS := week03
