# week02: the exercise files, in the order a student works through them
EXERCISES := trask.c dense.c
