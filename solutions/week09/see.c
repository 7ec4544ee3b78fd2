/**
# What the network sees

A trained network is not a black box: every number in it can be looked at. Four views, after
Zeiler & Fergus (2014), Simonyan, Vedaldi & Zisserman (2014) and the Keras blog's "How convolutional
neural networks see the world" (Chollet 2016):

1. **The first layer's filters.** conv1's six 5×5 kernels act directly on pixels, so they can be
   drawn as pictures: strokes at some orientation, edges, blobs. (Deeper filters act on feature
   maps, not pixels; drawn as pictures they mean little.)
2. **Feature maps.** The activations of each layer for one digit, one small picture per channel
   (the view of the *quiver* tool): conv1's maps still look like the digit, traced by its edges;
   after the second pooling, 5×5 maps say only *where roughly* each feature is.
3. **Saliency.** Which pixels would change the class score most if they changed? That is the
   gradient of the score with respect to the input, $\partial s_c / \partial x$, computed by one
   backward pass that does not stop at conv1 but continues into the picture. We take the score
   $s_c$ *before* the softmax: the softmax's probability of class $c$ can also rise by lowering the
   other classes' scores, which mixes in what the net thinks of them (Simonyan et al., section 3).
4. **What excites a unit.** Run every test image, keep the ones whose activation of a chosen
   channel is the largest: those show what that channel responds to, in real data rather than in
   a synthesised optimum.
*/
#include "week09.h"

#include <stdlib.h>
#include <string.h>

void saliency_map(lenet *net, const float *x, int cls, float *sal) {
    WB_CHECK(cls >= 0 && cls < net->cfg.classes, "saliency_map: class %d of %d", cls, net->cfg.classes);
    const int C = net->cfg.classes;
    float *dlogits = net->d.logits;
    /* forward this one image in evaluation mode; the gradient of the score logits[cls] with
       respect to the logits is a one-hot vector; backward with it, asking for the input's gradient */
    // BEGIN SOLUTION: forward, the score's gradient at the logits, backward into sal
    lenet_forward(net, x, 1, 0);
    // MUTANT saliency_train_mode: lenet_forward(net, x, 1, 1);
    // MUTANT sal_mode_from_net: lenet_forward(net, x, 1, net->train);
    for (int k = 0; k < C; k++) dlogits[k] = k == cls ? 1.0f : 0.0f;
    // MUTANT softmax_prob: softmax_xent(net->a.logits, &cls, 1, C, dlogits);
    lenet_backward(net, x, dlogits, 1, sal);
    // END SOLUTION
    // STUB: (void)C, (void)dlogits;
}

void top_k(const float *v, int n, int k, int *idx) {
    WB_CHECK(k >= 0 && k <= n, "top_k: k = %d of n = %d", k, n);
    /* k rounds of selection: each picks the largest value not yet chosen (the lower index on ties);
       k is small, so O(n k) is fine */
    // BEGIN SOLUTION: the k selections
    char *taken = wb_calloc((size_t)n + 1, 1);
    for (int r = 0; r < k; r++) {
        int best = -1;
        // MUTANT best_starts_at_0: int best = 0;
        for (int i = 0; i < n; i++)
            if (!taken[i] && (best < 0 || v[i] > v[best])) best = i;
            // MUTANT ties_last: if (!taken[i] && (best < 0 || v[i] >= v[best])) best = i;
        taken[best] = 1;
        idx[r] = best;
    }
    free(taken);
    // END SOLUTION
}

void channel_scores(lenet *net, const float *x, int n, int ch, float *score) {
    const lenet_config *c = &net->cfg;
    WB_CHECK(ch >= 0 && ch < c->c2, "channel_scores: channel %d of conv2's %d", ch, c->c2);
    const int HW = c->H * c->H, MB = c->max_batch, S = net->S2 * net->S2;
    /* forward max_batch images at a time (evaluation mode); image i's score is the largest value
       of channel ch of r2 (conv2 after its relu), whose map starts at (i*c2 + ch)*S2*S2 */
    // BEGIN SOLUTION: the batches, and each image's largest value in that map
    for (int at = 0; at < n; at += MB) {
    // MUTANT chan_batch_loop_le_n: for (int at = 0; at <= n; at += MB) {
        int B = n - at < MB ? n - at : MB;
        lenet_forward(net, x + (size_t)at * HW, B, 0);
        // MUTANT forward_max_batch: lenet_forward(net, x + (size_t)at * HW, MB, 0);
        // MUTANT chan_mode_from_net: lenet_forward(net, x + (size_t)at * HW, B, net->train);
        for (int i = 0; i < B; i++) {
        // MUTANT chan_loop_mb: for (int i = 0; i < MB; i++) {
            const float *map = net->a.r2 + ((size_t)i * c->c2 + ch) * S;
            // MUTANT map_before_relu: const float *map = net->a.c2 + ((size_t)i * c->c2 + ch) * S;
            // MUTANT wrong_plane: const float *map = net->a.r2 + ((size_t)ch * B + i) * S;
            float m = map[0];
            for (int j = 1; j < S; j++) m = map[j] > m ? map[j] : m;
            // MUTANT chan_last_element_skipped: for (int j = 1; j < S - 1; j++) m = map[j] > m ? map[j] : m;
            score[at + i] = m;
        }
    }
    // END SOLUTION
    // STUB: (void)HW, (void)MB, (void)S;
}
