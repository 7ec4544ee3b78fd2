/**
# Stacking layers: a character model of LSTMs (or GRUs)

A second recurrent layer reads the first one's states as its input sequence: layer 1 turns
characters into features that change at every character, layer 2 can follow slower things (the
clause, the verse) on top of them (Graves 2013; Karpathy, Johnson & Fei-Fei 2015 use 2 and 3
layers). The model is week 10's, with the recurrent cell replaced and stacked:

$$ h^{(0)}_t = \mathrm{onehot}(x_t), \qquad
   h^{(\ell)}_t = \mathrm{cell}_\ell\big(h^{(\ell-1)}_t,\; h^{(\ell)}_{t-1}\big), \qquad
   z_t = W_y h^{(L)}_t + b_y $$

## The buffers, llm.c-style

One parameter buffer: `layer 1 (W_x W_h b_x b_h) | ... | layer L | W_y | b_y`, the gradients in
the same layout, so week 07's `clip_grad_norm` and `opt_step` each take one array. Each layer has
its own activations; layer $\ell$'s input `x` *is* layer $\ell-1$'s `h + B*H` (rows 1..T, no copy),
and its `dx` *is* layer $\ell-1$'s `dh`: backwards, a layer writes the gradient straight into the
buffer the layer below reads.

The forward pass: copy the carried state into every layer's row 0, the one-hot inputs, the layers
bottom-up, the output layer for all steps at once, week 05's `softmax_xent`. The backward pass:
the output layer (which writes the top layer's `dh`), then the layers top-down. Each layer's
gradient at its chunk's start (`dh0`, `dc0`) is what truncated backpropagation throws away.
*/
#include "week11.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- given: allocation and the parameter layout ---- */

static size_t layer_params(int G, int D, int H) { return (size_t)G * H * ((size_t)D + H + 2); }

static void layer_alloc(rec_layer *l, int cell, int D, int H, int B, int T) {
    size_t BH = (size_t)B * H, TBG = (size_t)T * B * cell * H;
    *l = (rec_layer){.cell = cell, .D = D, .H = H, .B = B, .T = T};
    l->h = wb_calloc((T + 1) * BH, sizeof(float));
    l->c = cell == CELL_LSTM ? wb_calloc((T + 1) * BH, sizeof(float)) : NULL;
    l->gates = wb_calloc(TBG, sizeof(float));
    l->ah = cell == CELL_GRU ? wb_calloc(TBG, sizeof(float)) : NULL;
    l->dgx = wb_calloc(TBG, sizeof(float));
    l->dgh = cell == CELL_GRU ? wb_calloc(TBG, sizeof(float)) : NULL;
    l->dh = wb_calloc((size_t)T * BH, sizeof(float));
    l->dh0 = wb_calloc(BH, sizeof(float));
    l->dc0 = wb_calloc(BH, sizeof(float));
}

static float *view(float **p, size_t n) {
    float *v = *p;
    *p += n;
    return v;
}

void seqlm_init(seqlm *m, int cell, int V, int H, int L, int B, int T, wb_rng *rng) {
    WB_CHECK(cell == CELL_LSTM || cell == CELL_GRU, "cell %d (CELL_LSTM or CELL_GRU)", cell);
    WB_CHECK(V >= 1 && H >= 1 && L >= 1 && L <= SEQLM_MAX_LAYERS && B >= 1 && T >= 1,
             "V %d, H %d, L %d (1..%d), B %d, T %d", V, H, L, SEQLM_MAX_LAYERS, B, T);
    *m = (seqlm){.cell = cell, .V = V, .H = H, .L = L, .B = B, .T = T};
    const int G = cell * H;
    m->n_params = (size_t)V * H + V;
    for (int l = 0; l < L; l++) m->n_params += layer_params(cell, l ? H : V, H);
    m->params = wb_calloc(m->n_params, sizeof(float));
    m->grads = wb_calloc(m->n_params, sizeof(float));
    float *p = m->params, *g = m->grads;
    for (int l = 0; l < L; l++) {
        rec_layer *y = &m->layer[l];
        int D = l ? H : V;
        layer_alloc(y, cell, D, H, B, T);
        y->W_x = view(&p, (size_t)G * D), y->dW_x = view(&g, (size_t)G * D);
        y->W_h = view(&p, (size_t)G * H), y->dW_h = view(&g, (size_t)G * H);
        y->b_x = view(&p, G), y->db_x = view(&g, G);
        y->b_h = view(&p, G), y->db_h = view(&g, G);
        /* N(0, 1/fan_in) for both parts of the pre-activations */
        wb_rng_fill_normal(rng, y->W_x, (long)G * D, 1.0f / sqrtf((float)D));
        wb_rng_fill_normal(rng, y->W_h, (long)G * H, 1.0f / sqrtf((float)H));
        // BEGIN SOLUTION: the LSTM's forget gates start open-ish: b_x's f block = 1 (see lstm.c)
        if (cell == CELL_LSTM)
        // MUTANT forget_bias_gru_too: if (1)
            for (int j = 0; j < H; j++) y->b_x[LSTM_F * H + j] = 1.0f;
        // MUTANT forget_bias_zero: (void)0;
        // END SOLUTION
        y->x = l ? m->layer[l - 1].h + (size_t)B * H : NULL; /* layer 1 reads onehot */
        y->dx = l ? m->layer[l - 1].dh : NULL;
    }
    m->W_y = view(&p, (size_t)V * H), m->dW_y = view(&g, (size_t)V * H);
    m->b_y = view(&p, V), m->db_y = view(&g, V);
    /* N(0, 1/H) like the layers: |h| = |o tanh(c)| starts near 0.1, so the first logits are still
       small (loss ~ ln V); week 10's 10x smaller W_y made the LSTM's first steps far slower */
    wb_rng_fill_normal(rng, m->W_y, (long)V * H, 1.0f / sqrtf((float)H));
    m->onehot = wb_calloc((size_t)T * B * V, sizeof(float));
    m->layer[0].x = m->onehot;
    m->ids = wb_calloc((size_t)T * B, sizeof(int));
    m->layer[0].wxt = wb_calloc((size_t)V * G, sizeof(float)); /* the lookup's scratch */
    m->logits = wb_calloc((size_t)T * B * V, sizeof(float));
    m->dlogits = wb_calloc((size_t)T * B * V, sizeof(float));
    m->h_state = wb_calloc((size_t)L * B * H, sizeof(float));
    m->c_state = wb_calloc((size_t)L * B * H, sizeof(float));
}

void seqlm_free(seqlm *m) {
    for (int l = 0; l < m->L; l++) {
        rec_layer *y = &m->layer[l];
        free(y->h), free(y->c), free(y->gates), free(y->ah), free(y->dgx), free(y->dgh);
        free(y->dh), free(y->dh0), free(y->dc0), free(y->wxt);
    }
    free(m->params), free(m->grads), free(m->onehot), free(m->ids);
    free(m->logits), free(m->dlogits);
    free(m->h_state), free(m->c_state);
    memset(m, 0, sizeof *m);
}

void seqlm_zero_grad(seqlm *m) { memset(m->grads, 0, m->n_params * sizeof(float)); }

void seqlm_reset_state(seqlm *m) {
    memset(m->h_state, 0, (size_t)m->L * m->B * m->H * sizeof(float));
    memset(m->c_state, 0, (size_t)m->L * m->B * m->H * sizeof(float));
}

/* ---- what you write ---- */

float seqlm_forward(seqlm *m, const int *x, const int *y, int T) {
    WB_CHECK(T >= 1 && T <= m->T, "chunk of %d steps (the model was made for 1..%d)", T, m->T);
    const int B = m->B, H = m->H, V = m->V;
    const size_t BH = (size_t)B * H;
    for (int i = 0; i < T * B; i++)
        WB_CHECK(x[i] >= 0 && x[i] < V, "x[%d] = %d outside 0..%d", i, x[i], V - 1);
    memset(m->onehot, 0, (size_t)T * B * V * sizeof(float));
    for (int i = 0; i < T * B; i++) m->onehot[(size_t)i * V + x[i]] = 1.0f;
    memcpy(m->ids, x, (size_t)T * B * sizeof(int)); /* the same input, for the lookup */
    m->layer[0].ids = m->ids;
    m->t_last = T;
    // BEGIN SOLUTION: every layer: row 0 of h (and c) = its carried state; the layers bottom-up
    for (int l = 0; l < m->L; l++) {
        rec_layer *r = &m->layer[l];
        memcpy(r->h, m->h_state + l * BH, BH * sizeof(float));
        if (r->c) memcpy(r->c, m->c_state + l * BH, BH * sizeof(float));
        if (m->cell == CELL_LSTM) lstm_layer_forward(r, T);
        else gru_layer_forward(r, T);
    }
    // END SOLUTION
    const float *top = m->layer[m->L - 1].h + BH; /* (T,B,H) the top layer's h_1..T */
    // BEGIN SOLUTION: logits (T*B,V) = top W_y^T + b_y in one product; the loss (week 05) if y
    for (int r = 0; r < T * B; r++)
    // MUTANT y_null_returns_before_logits: if (!y) return 0.0f; for (int r = 0; r < T * B; r++)
        memcpy(m->logits + (size_t)r * V, m->b_y, V * sizeof(float));
    wb_sgemm(0, 1, T * B, V, H, 1.0f, top, H, m->W_y, H, 1.0f, m->logits, V);
    // MUTANT logits_from_the_state_row: wb_sgemm(0, 1, T * B, V, H, 1.0f, top - BH, H, m->W_y, H, 1.0f, m->logits, V);
    if (!y) return 0.0f; /* logits only: seqlm_generate samples from them */
    return softmax_xent(m->logits, y, T * B, V, m->dlogits); /* this chunk's T * B rows */
    // MUTANT loss_over_model_T: return softmax_xent(m->logits, y, m->T * B, V, m->dlogits);
    // END SOLUTION
    // STUB: (void)top, (void)y;
    // STUB: return 0.0f;
}

void seqlm_backward(seqlm *m) {
    const int T = m->t_last, B = m->B, H = m->H, V = m->V;
    WB_CHECK(T >= 1, "seqlm_backward before seqlm_forward");
    rec_layer *top = &m->layer[m->L - 1];
    // BEGIN SOLUTION: the output layer's gradients, its dh into the top layer, then the layers top down
    /* T = t_last: the last forward's rows only (m->T * B rows may hold an earlier chunk's) */
    wb_sgemm(1, 0, V, H, T * B, 1.0f, m->dlogits, V,
    // MUTANT dW_y_over_model_T: wb_sgemm(1, 0, V, H, m->T * B, 1.0f, m->dlogits, V,
             top->h + (size_t)B * H, H, 1.0f, m->dW_y, H); /* added: grads are sums */
             // MUTANT dW_y_overwrites: top->h + (size_t)B * H, H, 0.0f, m->dW_y, H);
    for (int r = 0; r < T * B; r++)
    // MUTANT db_y_over_model_T: for (int r = 0; r < m->T * B; r++)
    // MUTANT db_y_zeroed: memset(m->db_y, 0, V * sizeof(float)); for (int r = 0; r < T * B; r++)
        for (int v = 0; v < V; v++) m->db_y[v] += m->dlogits[(size_t)r * V + v];
    wb_sgemm(0, 0, T * B, H, V, 1.0f, m->dlogits, V, m->W_y, H,
             0.0f, top->dh, H); /* written, not added: dh holds old scratch */
             // MUTANT top_dh_accumulates: 1.0f, top->dh, H);
    for (int l = m->L - 1; l >= 0; l--) {
        // MUTANT top_layer_only: for (int l = m->L - 1; l >= m->L - 1; l--) {
        if (m->cell == CELL_LSTM) lstm_layer_backward(&m->layer[l]);
        else gru_layer_backward(&m->layer[l]);
    }
    // END SOLUTION
    // STUB: (void)top, (void)B, (void)H, (void)V;
}

void seqlm_carry_state(seqlm *m) {
    const size_t BH = (size_t)m->B * m->H;
    // BEGIN SOLUTION: every layer's h[t_last] (and c[t_last]) becomes its state for the next chunk
    const size_t last = (size_t)m->t_last * BH; /* row t_last: the chunk may be shorter than T */
    // MUTANT carry_from_buffer_end: const size_t last = (size_t)m->T * BH;
    for (int l = 0; l < m->L; l++) {
        const rec_layer *r = &m->layer[l];
        memcpy(m->h_state + l * BH, r->h + last, BH * sizeof(float));
        if (r->c) memcpy(m->c_state + l * BH, r->c + last, BH * sizeof(float));
        // MUTANT cell_state_not_carried: (void)0;
    }
    // END SOLUTION
    // STUB: (void)BH;
}

float seqlm_train_step(seqlm *m, optimizer *o, const int *x, const int *y, int T, float max_norm) {
    float loss = 0.0f;
    // BEGIN SOLUTION: as week 10: zero, forward, backward, clip the global norm, step, carry
    seqlm_zero_grad(m);
    // MUTANT step_resets_state: seqlm_reset_state(m); seqlm_zero_grad(m);
    // MUTANT no_zero_grad: (void)m;
    loss = seqlm_forward(m, x, y, T);
    seqlm_backward(m);
    clip_grad_norm(m->grads, m->n_params, max_norm);
    // MUTANT no_clip: (void)max_norm;
    // MUTANT clip_layers_only: clip_grad_norm(m->grads, (size_t)(m->W_y - m->params), max_norm);
    opt_step(o, m->params, m->grads);
    seqlm_carry_state(m);
    // MUTANT no_carry: (void)0;
    // END SOLUTION
    // STUB: (void)m, (void)o, (void)x, (void)y, (void)T, (void)max_norm;
    return loss;
}

double seqlm_bpc(seqlm *m, const int *ids, size_t n) {
    WB_CHECK(n >= (size_t)m->B + 1, "%zu characters for %d streams", n, m->B);
    long L = (long)((n - 1) / (size_t)m->B);
    int *x = wb_malloc((size_t)m->T * m->B * sizeof *x);
    int *y = wb_malloc((size_t)m->T * m->B * sizeof *y);
    double nats = 0.0;
    seqlm_reset_state(m);
    for (long s = 0; s < L; s += m->T) {
        int t = L - s < m->T ? (int)(L - s) : m->T;
        lm_batch(ids, n, m->B, t, s, x, y); /* week 10 */
        nats += (double)seqlm_forward(m, x, y, t) * t * m->B;
        seqlm_carry_state(m);
    }
    free(x);
    free(y);
    return nats_to_bpc(nats / ((double)L * m->B)); /* week 10 */
}

void seqlm_generate(seqlm *m, const int *prompt, int n_prompt, int n_out, float temperature,
                    int top_k, wb_rng *rng, int *out) {
    WB_CHECK(n_prompt >= 1 && n_out >= 0, "prompt of %d, %d to generate", n_prompt, n_out);
    int B = m->B, V = m->V;
    int *x = wb_malloc((size_t)B * sizeof *x);
    float *p = wb_malloc((size_t)V * sizeof *p);
    seqlm_reset_state(m);
    for (int i = 0; i < n_prompt; i++) {
        for (int b = 0; b < B; b++) x[b] = prompt[i];
        seqlm_forward(m, x, NULL, 1);
        seqlm_carry_state(m);
    }
    for (int k = 0; k < n_out; k++) {
        for (int b = 0; b < B; b++) { /* week 10's sampling */
            sampling_probs(m->logits + (size_t)b * V, V, temperature, top_k, p);
            x[b] = out[(size_t)b * n_out + k] = sample_index(p, V, wb_rng_uniform(rng));
        }
        seqlm_forward(m, x, NULL, 1);
        seqlm_carry_state(m);
    }
    free(x);
    free(p);
}
