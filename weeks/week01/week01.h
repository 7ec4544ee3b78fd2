/* week01.h — the functions you write this week (in toolkit.c and perceptron.c).
 * The tests (test_*.c) and the program (driver.c) call them; the notes are in the .c files. */
#ifndef WEEK01_H
#define WEEK01_H

/* toolkit.c: the maths every network is made of */
float dot(const float *x, const float *y, int n);
void matvec(const float *A, const float *x, float *y, int rows, int cols); /* A (rows,cols), x (cols), y (rows) */
float sigmoid(float z);
float sigmoid_prime(float z);
float tanh_prime(float z);
float relu(float z);
float relu_prime(float z);
void softmax(const float *z, float *p, int n);
float cross_entropy(const float *z, int label, int n);

/* perceptron.c: the first learning machine */
int perceptron_predict(const float *w, float b, const float *x, int dim);
int perceptron_update(float *w, float *b, const float *x, int label, int dim, float lr);
int perceptron_train(float *w, float *b, const float *X, const int *labels, int n, int dim, float lr, int max_epochs);

#endif
