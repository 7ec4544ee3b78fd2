/* week11.h — the functions you write this week, in working order: lstm.c, gru.c, seqlm.c. The
 * tests (test_*.c) and `make week11 run` (driver.c) call them; the notes are in the .c files.
 * Week 10's batching (lm_batch), sampling (sampling_probs, sample_index), BPC conversion
 * (nats_to_bpc) and its n-gram baseline and RNN are reused as they are (WEEK_DEPS).
 *
 * A recurrent layer reads a sequence x (T,B,D) and writes its states h (T+1,B,H); an LSTM layer
 * also carries a cell state c. Gate pre-activations are computed for all gates at once: one
 * product with W_x (G*H, D) for the input part of every step, one with W_h (G*H, H) per step for
 * the recurrent part, G = 4 gate blocks for the LSTM (i, f, o, g), 3 for the GRU (r, z, n).
 *
 *     seqlm m;  seqlm_init(&m, CELL_LSTM, V, 256, 2, 32, 50, &rng);  // 2 stacked LSTM layers
 *     optimizer o;  opt_init(&o, OPT_ADAM, m.n_params, 2e-3f);        // week 07
 *     lm_batch(s.train, s.n_train, m.B, m.T, start, x, y);            // week 10
 *     float nats = seqlm_train_step(&m, &o, x, y, m.T, 5.0f);
 *     double bpc = seqlm_bpc(&m, s.val, s.n_val);
 *     seqlm_generate(&m, prompt, n_prompt, 400, 0.8f, 0, &rng, out);  // m.B samples of 400 ids
 */
#ifndef WEEK11_H
#define WEEK11_H

#include <stddef.h>

#include "wb.h"
#include "week10.h"

enum { CELL_GRU = 3, CELL_LSTM = 4 }; /* the value is G, the number of gate blocks */

/* One recurrent layer of B streams and chunks of up to T steps. The parameters are views into
   the model's one buffer; the activations are the layer's own. Gate blocks are H wide and in the
   order LSTM_I, LSTM_F, LSTM_O, LSTM_G (or GRU_R, GRU_Z, GRU_N) along the G*H axis. */
enum { LSTM_I = 0, LSTM_F = 1, LSTM_O = 2, LSTM_G = 3 };
enum { GRU_R = 0, GRU_Z = 1, GRU_N = 2 };
typedef struct rec_layer {
    int cell, D, H, B, T;            /* cell = CELL_LSTM or CELL_GRU = G */
    float *W_x, *W_h, *b_x, *b_h;    /* views: (G*H,D) (G*H,H) (G*H) (G*H) */
    float *dW_x, *dW_h, *db_x, *db_h;
    const float *x;  /* (T,B,D) the input of the last forward: set it before the forward */
    const int *ids;  /* (T,B) or NULL: x is onehot(ids) (the first layer); then the input part is
                        a lookup (rec_input_forward), the same numbers as the product */
    float *wxt;      /* (D,G*H) the lookup's scratch: W_x^T, then dW_x^T's share (with ids) */
    float *h, *c;    /* (T+1,B,H) row 0 = the state at the chunk's start (c: LSTM only) */
    float *gates;    /* (T,B,G*H) the gates after their nonlinearities */
    float *ah;       /* (T,B,G*H) GRU: h_{t-1} W_h^T + b_h (the reset gate multiplies its n block) */
    float *dgx;      /* (T,B,G*H) dL/d(the input part of the pre-activations) */
    float *dgh;      /* (T,B,G*H) GRU: dL/d(the recurrent part); the LSTM's is dgx itself */
    float *dh;       /* (T,B,H) in: dL/dh_t from above (the output); used as scratch */
    float *dx;       /* (T,B,D) out: dL/dx, for the layer below; NULL: not computed */
    float *dh0, *dc0;/* (B,H) out: dL/dh_0, dL/dc_0: what truncation throws away */
    int t_last;
} rec_layer;

/* ---- lstm.c ---- */
/* One step, B streams. g (B,4H): in, the pre-activations; out, the gates i f o g (sigmoid, sigmoid,
   sigmoid, tanh). c = f * c_prev + i * g; h = o * tanh(c). */
void lstm_cell_forward(float *g, const float *c_prev, int B, int H, float *c, float *h);
/* Back through one step: dh (B,H) = dL/dh_t; dc (B,H) in: dL/dc_t from step t+1, out: dL/dc_{t-1}.
   da (B,4H) = dL/d(pre-activations). g, c_prev, c as the forward left them. */
void lstm_cell_backward(const float *g, const float *c_prev, const float *c, const float *dh, float *dc,
                        int B, int H, float *da);
/* The whole chunk: l->x (T,B,D) given, h[0] and c[0] the state; writes gates, c, h[1..T]. */
void lstm_layer_forward(rec_layer *l, int T);
/* Back through the chunk of the last forward, l->dh = dL/dh_1..T: ADDS into dW_x, dW_h, db_x, db_h;
   writes dx (if not NULL), dh0, dc0. Truncated: nothing flows in from after the chunk. */
void lstm_layer_backward(rec_layer *l);
/* Given: the input part of all T steps' pre-activations, a (T,B,G*H) += x W_x^T, and its weight
   gradient, dW_x += dgx^T x: one product each, or with l->ids a lookup (see lstm.c). */
void rec_input_forward(rec_layer *l, int T, float *a);
void rec_input_weight_grad(rec_layer *l, int T);
/* The weights' share of a chunk, all steps in one product each, for both cells: dW_x += dgx^T x,
   dW_h += dgh^T h[0..T-1], db_x, db_h += the column sums of dgx, dgh; dx = dgx W_x (if dx). */
void rec_weight_grads(rec_layer *l, int T, const float *dgh);

/* ---- gru.c ---- */
/* One step. ax (B,3H) = x W_x^T + b_x; ah (B,3H) = h_prev W_h^T + b_h. r = sig(ax_r + ah_r),
   z = sig(ax_z + ah_z), n = tanh(ax_n + r * ah_n), h = (1 - z) * n + z * h_prev: g (B,3H) = r z n. */
void gru_cell_forward(const float *ax, const float *ah, const float *h_prev, int B, int H, float *g, float *h);
/* Back through one step: dh (B,H) = dL/dh_t. Writes dax, dah (B,3H) = dL/d ax, dL/d ah, and
   dh_prev (B,H) = the part of dL/dh_{t-1} that does not go through W_h (z * dh). */
void gru_cell_backward(const float *g, const float *ah, const float *h_prev, const float *dh, int B, int H,
                       float *dax, float *dah, float *dh_prev);
void gru_layer_forward(rec_layer *l, int T);  /* as lstm_layer_forward, without c */
void gru_layer_backward(rec_layer *l);        /* as lstm_layer_backward, without dc0 */

/* ---- seqlm.c: a character model of L stacked layers, llm.c-style ---- */
/* one-hot x_t (V) -> layer 1 -> ... -> layer L -> logits_t = W_y h_t + b_y (V). */
#define SEQLM_MAX_LAYERS 4
typedef struct seqlm {
    int cell, V, H, L, B, T;
    size_t n_params;
    float *params, *grads;        /* (n_params): layer 1 (W_x W_h b_x b_h), ..., layer L, W_y, b_y */
    rec_layer layer[SEQLM_MAX_LAYERS];
    float *W_y, *b_y, *dW_y, *db_y;   /* (V,H) (V) */
    float *onehot;    /* (T,B,V) layer 1's input */
    int *ids;         /* (T,B) the same input as symbols: layer 1's lookup (rec_layer.ids) */
    float *logits, *dlogits;          /* (T,B,V) */
    float *h_state, *c_state;         /* (L,B,H) each: the state carried between chunks */
    int t_last;
} seqlm;

/* Allocate; W ~ N(0, 1/fan_in) (W_y too), biases 0 except the LSTM's forget gate
   (b_x's f block = 1, see lstm.c). State 0. */
void seqlm_init(seqlm *m, int cell, int V, int H, int L, int B, int T, wb_rng *rng);
void seqlm_free(seqlm *m);
void seqlm_zero_grad(seqlm *m);
void seqlm_reset_state(seqlm *m);
/* x, y (T,B) ids as week 10's lm_batch makes them; y NULL: logits only (returns 0). The state is
   the starting state; returns the mean -ln p(y) in nats and writes dlogits. */
float seqlm_forward(seqlm *m, const int *x, const int *y, int T);
/* Back through the last forward: ADDS into grads; every layer's dh0 (and dc0) written. */
void seqlm_backward(seqlm *m);
void seqlm_carry_state(seqlm *m);   /* state = the last chunk's final h (and c) of every layer */
/* zero_grad, forward, backward, clip the global norm, one optimiser step, carry: the loss. */
float seqlm_train_step(seqlm *m, optimizer *o, const int *x, const int *y, int T, float max_norm);
/* As week 10's rnn_bpc: B streams from a zero state, chunks of up to T, every target once. */
double seqlm_bpc(seqlm *m, const int *ids, size_t n);
/* As week 10's rnn_generate: out (B, n_out). */
void seqlm_generate(seqlm *m, const int *prompt, int n_prompt, int n_out, float temperature, int top_k,
                    wb_rng *rng, int *out);

#endif
