# week01: the exercise files, in the order a student works through them
EXERCISES := toolkit.c perceptron.c
