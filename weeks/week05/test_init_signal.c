/* test_init_signal.c — what init.c's scales are for: a signal that neither vanishes nor explodes
 * over 10 layers. These run after mlp.c's tests (this file is not in EXERCISES, so it runs last),
 * because they push data through your mlp_forward: a bug there is reported by mlp.c's own tests
 * first. */
#include "testing.h"
#include "week05.h"

#include <math.h>

/* 10 layers of 256 units, 64 random N(0,1) inputs. Per layer the output's scale is multiplied by
   about sqrt(256 sigma^2 / 2) for ReLU: 0.11 for sigma = 0.01, 11 for sigma = 1, exactly 1 for He.
   The bounds below are loose (factors of 2 to 10^4) because a finite random network fluctuates. */
WB_TEST(relu_signal_survives_with_he, .points = 2, .timeout = 8, .edit = "init.c",
        .hint = "Catches an init scale that makes the signal vanish or explode: with He's std the "
                "ReLU outputs keep a standard deviation near 0.83 in every layer of 10; with 0.01 "
                "they vanish and with 1 they explode.",
        .hint2 = "This runs your mlp_forward: if init_std_formulas and mlp.c's tests pass, look at the "
                 "scheme chosen for each case.") {
    float s[10];
    activation_stds(ACT_RELU, INIT_HE, 10, 256, 64, 1, s, NULL);
    for (int l = 0; l < 10; l++) ck_assert_msg(s[l] > 0.4f && s[l] < 1.6f, "He, layer %d: std %g, want about 0.83", l + 1, s[l]);
    activation_stds(ACT_RELU, INIT_SMALL, 10, 256, 64, 1, s, NULL);
    ck_assert_msg(s[9] < 1e-6f, "sigma = 0.01, layer 10: std %g, want it vanished (about 0.11^10 ~ 1e-10)", s[9]);
    activation_stds(ACT_RELU, INIT_UNIT, 10, 256, 64, 1, s, NULL);
    ck_assert_msg(s[9] > 1e6f, "sigma = 1, layer 10: std %g, want it exploded (about 11^10 ~ 1e10)", s[9]);
}

WB_TEST(tanh_signal_with_xavier, .points = 1, .timeout = 8, .edit = "init.c",
        .hint = "Catches a tanh network that saturates or dies: with Xavier's std the 10th layer's "
                "outputs keep a standard deviation between 0.1 and 0.9.",
        .hint2 = "Xavier's scale keeps tanh in its near-linear range, where its slope is near 1.") {
    float s[10];
    activation_stds(ACT_TANH, INIT_XAVIER, 10, 256, 64, 2, s, NULL);
    ck_assert_msg(s[9] > 0.1f && s[9] < 0.9f, "Xavier, tanh, layer 10: std %g, want in (0.1, 0.9)", s[9]);
}
