# week03: the exercise files, in the order a student works through them (PCA first: the
# autoencoder's tests compare it with PCA, so a PCA bug is reported by PCA's own tests first)
EXERCISES := pca.c autoencoder.c
