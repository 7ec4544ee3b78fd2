# week13: the exercise files, in the order a student works through them. The networks are week 05's
# multilayer perceptron, trained with week 07's Adam; week 09's LeNet-5 judges the GAN's digits.
EXERCISES := gan.c vae.c
WEEK_DEPS := week05 week06 week07 week08 week09
