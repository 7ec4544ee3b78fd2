/* week14.h — the functions you write this week, in working order: layers.c, attention.c, gpt.c.
 * The tests (test_*.c) and `make week14 run` (driver.c) call them; the notes are in the .c files.
 * The style is Karpathy's llm.c (train_gpt2.c): every layer is a forward/backward pair of plain
 * functions over arrays, all parameters live in one buffer and all activations in another, and
 * the model's forward and backward passes are those layers called in order. No autograd.
 *
 * Shapes: B sequences of T positions, width C, NH heads of hs = C / NH, vocabulary V, L blocks.
 * An array written (B,T,C) is row-major: element [b][t][c] is at (b*T + t)*C + c.
 *
 *     wb_text_split s;  wb_text_split_load("datasets/sample/poetry.txt", WB_SPLIT_EVERY, 0, &s);
 *     gpt m;  gpt_config cfg = {.V = s.vocab.vocab_size, .C = 128, .L = 4, .NH = 4, .maxT = 128};
 *     gpt_init(&m, cfg, 16, &rng);                      // room for batches of up to 16 sequences
 *     optimizer o;  opt_init(&o, OPT_ADAM, m.n_params, 1e-3f);   // week 07
 *     float loss = gpt_train_step(&m, &o, x, y, 16, 128, 1.0f);  // x, y (B,T) ids; nats/char
 *     double bpc = gpt_bpc(&m, s.val, s.n_val);
 *     gpt_generate(&m, prompt, n_prompt, 400, 0.8f, &rng, out);   // week 10's sampling
 */
#ifndef WEEK14_H
#define WEEK14_H

#include <stddef.h>

#include "wb.h"
#include "week05.h"
#include "week07.h"
#include "week10.h"

/* ---- layers.c: the pieces of a block other than attention ---- */
/* out (B,T,C) = wte[inp[b,t]] + wpe[t]: the token's embedding plus its position's. inp (B,T). */
void encoder_forward(float *out, const int *inp, const float *wte, const float *wpe, int B, int T,
                     int C);
/* dwte[inp[b,t]] += dout[b,t], dwpe[t] += dout[b,t] (ADDS). */
void encoder_backward(float *dwte, float *dwpe, const float *dout, const int *inp, int B, int T,
                      int C);
/* Each of the N rows of inp (N,C): out = (x - mean) * rstd * w + b with rstd = 1/sqrt(var + 1e-5),
   the biased variance (divide by C); mean (N) and rstd (N) are kept for the backward pass. */
#define LN_EPS 1e-5f
void layernorm_forward(float *out, float *mean, float *rstd, const float *inp, const float *w,
                       const float *b, int N, int C);
/* ADDS dL/dinp into dinp (N,C), dL/dw and dL/db into dw (C) and db (C). */
void layernorm_backward(float *dinp, float *dw, float *db, const float *dout, const float *inp,
                        const float *w, const float *mean, const float *rstd, int N, int C);
/* GELU, GPT-2's tanh form: 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))), n elements. */
void gelu_forward(float *out, const float *inp, int n);
void gelu_backward(float *dinp, const float *inp, const float *dout, int n); /* ADDS into dinp */

/* given (layers.c): a linear layer and a residual sum, both with wb_sgemm or one loop */
/* out (N,OC) = inp (N,C) w^T + bias, w (OC,C) as in llm.c; bias may be NULL. */
void matmul_forward(float *out, const float *inp, const float *w, const float *bias, int N, int C,
                    int OC);
/* ADDS: dinp += dout w, dw += dout^T inp, dbias += the column sums of dout (dbias may be NULL). */
void matmul_backward(float *dinp, float *dw, float *dbias, const float *dout, const float *inp,
                     const float *w, int N, int C, int OC);
void residual_forward(float *out, const float *a, const float *b, int n);  /* out = a + b */
void residual_backward(float *da, float *db, const float *dout, int n);    /* ADDS dout to both */

/* ---- attention.c: causal multi-head scaled dot-product attention ---- */
/* inp (B,T,3C) holds q, k, v side by side: q of position t is inp[b,t,0:C], k is [C:2C], v is
   [2C:3C]; head h owns the channels h*hs .. h*hs+hs-1 of each. For each b, h, query t:
       att[b,h,t,j] = softmax_j( q_t . k_j / sqrt(hs) )   over j <= t, and exactly 0 for j > t,
       out[b,t, h*hs + i] = sum_j att[b,h,t,j] v_j[h*hs + i]        (the heads merged back)
   att (B,NH,T,T) is kept for the backward pass. */
void attention_forward(float *out, float *att, const float *inp, int B, int T, int C, int NH);
/* ADDS dL/dinp into dinp (B,T,3C); datt (B,NH,T,T) is scratch (overwritten). */
void attention_backward(float *dinp, float *datt, const float *dout, const float *inp,
                        const float *att, int B, int T, int C, int NH);

/* ---- gpt.c: the model ---- */
typedef struct gpt_config {
    int V;     /* vocabulary size */
    int C;     /* width (channels) */
    int L;     /* number of blocks */
    int NH;    /* heads per attention layer, C % NH == 0 */
    int maxT;  /* the longest context: the number of learned position embeddings */
    float drop; /* dropout on the embeddings and on both residual branches, in [0,1); 0: none */
} gpt_config;

/* The parameters, llm.c's order; every block's tensors are stacked (L, ...). */
#define GPT_TENSORS 16
typedef struct gpt_params {
    float *wte;      /* (V,C)  token embeddings, also the output head (weight tying) */
    float *wpe;      /* (maxT,C) position embeddings */
    float *ln1w, *ln1b;           /* (L,C) */
    float *qkvw, *qkvb;           /* (L,3C,C) (L,3C) */
    float *attprojw, *attprojb;   /* (L,C,C) (L,C) */
    float *ln2w, *ln2b;           /* (L,C) */
    float *fcw, *fcb;             /* (L,4C,C) (L,4C) */
    float *fcprojw, *fcprojb;     /* (L,C,4C) (L,C) */
    float *lnfw, *lnfb;           /* (C) */
} gpt_params;

/* The activations of one forward pass at the largest shape (maxB, maxT); llm.c's names. */
#define GPT_ACTS 23
typedef struct gpt_acts {
    float *encoded;                /* (B,T,C) token + position embeddings (after dropout) */
    float *encoded_mask;           /* (B,T,C) its dropout mask: 0 or 1/(1-drop) */
    float *ln1, *ln1_mean, *ln1_rstd;  /* (L,B,T,C) (L,B,T) (L,B,T) */
    float *qkv;                    /* (L,B,T,3C) */
    float *atty;                   /* (L,B,T,C) attention's output, heads merged */
    float *att;                    /* (L,B,NH,T,T) attention weights */
    float *attproj;                /* (L,B,T,C) (after dropout) */
    float *attproj_mask;           /* (L,B,T,C) its dropout mask */
    float *residual2;              /* (L,B,T,C) block input + attention */
    float *ln2, *ln2_mean, *ln2_rstd;  /* (L,B,T,C) (L,B,T) (L,B,T) */
    float *fch, *fch_gelu;         /* (L,B,T,4C) */
    float *fcproj;                 /* (L,B,T,C) (after dropout) */
    float *fcproj_mask;            /* (L,B,T,C) its dropout mask */
    float *residual3;              /* (L,B,T,C) the block's output */
    float *lnf, *lnf_mean, *lnf_rstd;  /* (B,T,C) (B,T) (B,T) */
    float *logits;                 /* (B,T,V) */
} gpt_acts;

typedef struct gpt {
    gpt_config cfg;
    int maxB;                      /* the most sequences a forward pass may take */
    size_t n_params, n_acts;
    float *params, *grads;         /* (n_params) each, laid out as gpt_params */
    gpt_params p, g;               /* views into params and grads */
    float *acts, *dacts;           /* (n_acts) each, laid out as gpt_acts at (maxB, maxT) */
    gpt_acts a, d;                 /* views: the activations and their gradients */
    int B, T;                      /* the shape of the last forward pass */
    const int *inp;                /* its input ids (B,T), kept for the backward pass */
    int train;                     /* 1: the forward pass drops (and the backward pass masks);
                                      gpt_train_step sets it for its step and clears it after */
    wb_rng rng;                    /* draws the dropout masks (seeded by gpt_init) */
} gpt;

/* Allocate for batches of up to maxB sequences of up to cfg.maxT. Weights ~ N(0, 0.02^2) (the
   residual projections scaled by 1/sqrt(2L), as GPT-2), biases 0, layer norms' gains 1; m->rng
   seeded from one draw of rng; m->train 0 (evaluation: no dropout). */
void gpt_init(gpt *m, gpt_config cfg, int maxB, wb_rng *rng);
void gpt_free(gpt *m);
void gpt_zero_grad(gpt *m);
/* The views of a layout: the n tensor pointers and lengths, in the order of gpt_params. */
void gpt_param_tensors(const gpt *m, float *base, float *t[GPT_TENSORS], size_t len[GPT_TENSORS]);

/* One block l: residual3[l] from its input (encoded for l = 0, else residual3[l-1]). */
void block_forward(gpt *m, int l);
/* Its backward: from d.residual3[l] to the gradient of its input (ADDED) and of its parameters. */
void block_backward(gpt *m, int l);
/* inp (B,T) ids, B <= maxB, T <= maxT; dropout (week 07's, masks from m->rng) only if m->train.
   targets (B,T) or NULL. Returns the mean cross-entropy in
   nats over the B*T targets (and writes d.logits), or 0 without targets. */
float gpt_forward(gpt *m, const int *inp, const int *targets, int B, int T);
/* After gpt_forward with targets: ADDS dL/dparams into grads. */
void gpt_backward(gpt *m);
/* zero_grad, forward and backward in training mode (m->train = 1, cleared again after), clip the
   global norm to max_norm (<= 0: no clip), one optimiser step. Returns the loss. */
float gpt_train_step(gpt *m, optimizer *o, const int *x, const int *y, int B, int T,
                     float max_norm);
/* Bits per character of ids[0..n-1] (n >= 2): windows of maxT inputs, each starting maxT/2 after
   the last; every target is scored once, in the first window where it has at least maxT/2
   characters of context (or all it can have, near the start). */
double gpt_bpc(gpt *m, const int *ids, size_t n);
/* Sample n_out ids after prompt[0..n_prompt-1] (n_prompt >= 1), the context the last maxT ids:
   week 10's sampling_probs (temperature, all of the vocabulary) and sample_index. */
void gpt_generate(gpt *m, const int *prompt, int n_prompt, int n_out, float temperature,
                  wb_rng *rng, int *out);

#endif
