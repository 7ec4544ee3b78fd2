# week08: the exercise files, in the order a student works through them. Week 09's LeNet-5 links
# this week's reference solution (WEEK_DEPS := week08 there) and calls its layers (week08.h).
EXERCISES := image_kernels.c conv.c pool.c im2col.c
