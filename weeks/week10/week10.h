/* week10.h — the functions you write this week, in working order: ngram.c, rnn.c, sample.c,
 * train.c. The tests (test_*.c) and `make week10 run` (driver.c) call them; the notes are in the
 * .c files. Week 11 (LSTM, GRU) reuses the n-gram baseline, the batching, the sampling and the BPC
 * conversion declared here.
 *
 * The text is the fixed split of the poetic books (harness corpus.h, wb_text_split_load): every
 * 10th verse is validation, the vocabulary comes from the training verses. A training run, short:
 *
 *     wb_text_split s;  wb_text_split_load("datasets/sample/poetry.txt", WB_SPLIT_EVERY, 0, &s);
 *     ngram_model g;  ngram_init(&g, 5, s.vocab.vocab_size);  ngram_train(&g, s.train, s.n_train);
 *     double base = ngram_bpc(&g, s.val, s.n_val);                 // the baseline to beat
 *     rnn m;  rnn_init(&m, s.vocab.vocab_size, 256, 32, 50, &rng);  // V, H, B streams, T steps
 *     optimizer o;  opt_init(&o, OPT_ADAM, m.n_params, 2e-3f);      // week 07
 *     for (long c = 0; c < steps; c++) {
 *         lm_batch(s.train, s.n_train, m.B, m.T, m.T * (c % lm_chunks(s.n_train, m.B, m.T)), x, y);
 *         float loss = rnn_train_step(&m, &o, x, y, m.T, 5.0f);     // nats per character
 *     }
 *     double bpc = rnn_bpc(&m, s.val, s.n_val);
 *     rnn_generate(&m, prompt, n_prompt, 400, 0.8f, 0, &rng, out);  // m.B samples of 400 ids
 */
#ifndef WEEK10_H
#define WEEK10_H

#include <stddef.h>
#include <stdint.h>

#include "wb.h"
#include "week05.h"
#include "week07.h"

/* ---- ngram.c: the baseline, a character n-gram model with Witten-Bell interpolation ---- */
#define NGRAM_MAX_ORDER 6
#define NGRAM_MAX_VOCAB 127 /* a symbol takes 7 bits of a table key */

/* A hash table from 64-bit keys to counts (given: ngram_key, ngram_count, ngram_add). */
typedef struct ngram_model {
    int order;          /* n: the longest n-gram counted; its context is n - 1 characters */
    int V;              /* vocabulary size */
    uint64_t *keys;     /* (cap) open addressing, key 0 = empty slot */
    uint32_t *counts;   /* (cap) */
    size_t cap, used;
} ngram_model;

/* What a key counts, for a context h (up to order-1 symbols) and a next symbol c: */
enum { NGRAM_SEEN = 0,    /* c(h c): how often h was followed by c */
       NGRAM_TOTAL = 1,   /* c(h .): how often h was followed by anything */
       NGRAM_TYPES = 2 }; /* N1+(h .): how many different symbols followed h */
/* The key of (kind, sym[0..len-1]); for NGRAM_SEEN sym is h then c, for the others just h. */
uint64_t ngram_key(int kind, const int *sym, int len);
uint32_t ngram_count(const ngram_model *m, uint64_t key);   /* 0 if never added */
uint32_t ngram_add(ngram_model *m, uint64_t key);           /* count += 1; returns the new count */
void ngram_init(ngram_model *m, int order, int V);          /* 1 <= order <= NGRAM_MAX_ORDER */
void ngram_free(ngram_model *m);

/* Count every n-gram of ids[0..n-1] for n = 1..order (each position i ends one of each length
   that fits): c(h c), c(h .) and N1+(h .) for its context h. Call once or several times (counts add). */
void ngram_train(ngram_model *m, const int *ids, size_t n);
/* P(c | the hlen symbols before it, hist[hlen-1] the latest), Witten-Bell interpolated from order
   0 (uniform 1/V) up to the longest context the model has (at most order - 1 of hist). */
double ngram_prob(const ngram_model *m, const int *hist, int hlen, int c);
/* Bits per character of ids[0..n-1]: the mean of -log2 P(ids[i] | the ids before it). */
double ngram_bpc(const ngram_model *m, const int *ids, size_t n);

/* ---- rnn.c: the vanilla recurrent network, llm.c-style ---- */
/* h_t = tanh(W_xh x_t + W_hh h_{t-1} + b_h),  logits_t = W_hy h_t + b_y, for B streams at once. */
#define RNN_TENSORS 5
typedef struct rnn {
    int V, H, B, T;          /* vocabulary, hidden units, streams (batch), longest chunk */
    size_t n_params;
    float *params, *grads;   /* (n_params) each, laid out W_xh, W_hh, b_h, W_hy, b_y */
    float *W_xh, *W_hh, *b_h, *W_hy, *b_y;      /* views: (V,H) (H,H) (H) (V,H) (V) */
    float *dW_xh, *dW_hh, *db_h, *dW_hy, *db_y; /* the same views into grads */
    /* W_xh is stored transposed, (V,H): row v is the column W_xh picks for the one-hot of v. */
    float *state;   /* (B,H) the hidden state carried from one chunk to the next */
    float *h;       /* (T+1,B,H) h[0] = state at the chunk's start, h[t+1] after input t */
    float *logits;  /* (T,B,V) */
    float *dlogits; /* (T,B,V) d(mean loss)/d logits, written by rnn_forward when it has targets */
    float *dhs;     /* (T,B,H) scratch: dL/dh_t from the outputs, then dL/da_t */
    float *dh0;     /* (B,H) after rnn_backward: dL/dh_0, what truncation throws away */
    int t_last;     /* the length of the last chunk rnn_forward ran */
    float grad_norm[RNN_TENSORS]; /* each gradient tensor's norm before the last clip (diagnostics) */
} rnn;

/* The gradient tensors dW_xh, dW_hh, db_h, dW_hy, db_y: g[k] and its length len[k]. */
void rnn_grad_tensors(const rnn *m, float *g[RNN_TENSORS], size_t len[RNN_TENSORS]);

/* Allocate for chunks of up to T steps of B streams; W ~ N(0, 1/fan_in), biases 0, state 0. */
void rnn_init(rnn *m, int V, int H, int B, int T, wb_rng *rng);
void rnn_free(rnn *m);
void rnn_zero_grad(rnn *m);
void rnn_reset_state(rnn *m);  /* state = 0: the start of a text */

/* Forward over a chunk: x (T,B) input ids; h[0] = state. y (T,B) targets, or NULL (logits only).
   Returns the mean over the T*B outputs of -ln p(y) (nats), and writes dlogits; 0 if y is NULL. */
float rnn_forward(rnn *m, const int *x, const int *y, int T);
/* Backward through the chunk of the last rnn_forward (with targets): ADDS dL/dparams into grads
   and writes dh0. Truncated: nothing flows in from after the chunk. x as given to rnn_forward. */
void rnn_backward(rnn *m, const int *x);
/* After a chunk: state = h[T] of that chunk, so the next chunk continues the text. */
void rnn_carry_state(rnn *m);

/* ---- sample.c: from logits to text ---- */
/* p (V) = softmax(logits / temperature), keeping only the top_k largest (top_k <= 0 or >= V: all)
   and renormalising; temperature <= 0 gives the arg-max (first on ties) probability 1. */
void sampling_probs(const float *logits, int V, float temperature, int top_k, float *p);
/* The index i with p[0] + ... + p[i-1] <= u < p[0] + ... + p[i], for u in [0, 1). */
int sample_index(const float *p, int V, float u);
/* Feed prompt[0..n_prompt-1] (n_prompt >= 1) to every stream from a zero state, then sample n_out
   ids per stream: out (B, n_out). The state is left as the samples leave it. */
void rnn_generate(rnn *m, const int *prompt, int n_prompt, int n_out, float temperature, int top_k,
                  wb_rng *rng, int *out);

/* ---- train.c: batches, clipping, the training step, bits per character ---- */
/* Bits per character from a mean loss in nats. */
double nats_to_bpc(double nats);
/* Stream b of B reads ids[b*L ... (b+1)*L] with L = (n - 1) / B; the chunk of T steps from step
   `start` is positions p = b*L + start + t: x[t*B + b] = ids[p], y[t*B + b] = ids[p + 1]. */
void lm_batch(const int *ids, size_t n, int B, int T, long start, int *x, int *y);
long lm_chunks(size_t n, int B, int T);  /* whole chunks per stream: ((n - 1) / B) / T */
/* Scale all gradients by one factor so their global norm is at most max_norm; the norm before. */
float rnn_clip_grads(rnn *m, float max_norm);
/* zero_grad, forward, backward, clip to max_norm, one optimiser step, carry the state: the loss. */
float rnn_train_step(rnn *m, optimizer *o, const int *x, const int *y, int T, float max_norm);
/* BPC of ids[0..n-1] (n >= B + 1): B streams from a zero state, chunks of up to m->T carrying the
   state; every target of the (n - 1) / B steps per stream counts once. */
double rnn_bpc(rnn *m, const int *ids, size_t n);

#endif
