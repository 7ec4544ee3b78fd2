# week03: the exercise files, in the order a student works through them
EXERCISES := autoencoder.c pca.c
