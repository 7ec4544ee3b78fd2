/* test_init.c — tests for init.c: the formulas on a layer with fan_in != fan_out (so a mixed-up
 * fan shows), and what they are for: a signal that neither vanishes nor explodes over 10 layers. */
#include "testing.h"
#include "week05.h"

#include <math.h>

WB_TEST(init_std_formulas, .points = 2,
        .hint = "Small: 0.01. Unit: 1. Xavier/Glorot: sqrt(2 / (fan_in + fan_out)). He: sqrt(2 / fan_in).",
        .hint2 = "For fan_in = 200, fan_out = 50: Xavier is sqrt(2/250) = 0.0894, He is sqrt(2/200) = 0.1.") {
    WB_ASSERT_NEAR(init_std(INIT_SMALL, 200, 50), 0.01f, 1e-6, 0);
    WB_ASSERT_NEAR(init_std(INIT_UNIT, 200, 50), 1.0f, 1e-6, 0);
    WB_ASSERT_NEAR(init_std(INIT_XAVIER, 200, 50), (float)sqrt(2.0 / 250), 1e-6, 0); /* one sqrtf: ~1 ulp */
    WB_ASSERT_NEAR(init_std(INIT_HE, 200, 50), (float)sqrt(2.0 / 200), 1e-6, 0);
}

/* 10 layers of 256 units, 64 random N(0,1) inputs. Per layer the output's scale is multiplied by
   about sqrt(256 sigma^2 / 2) for ReLU: 0.11 for sigma = 0.01, 11 for sigma = 1, exactly 1 for He.
   The bounds below are loose (factors of 2 to 10^4) because a finite random network fluctuates. */
WB_TEST(relu_signal_survives_with_he, .points = 2, .timeout = 8,
        .hint = "With He's std the ReLU outputs keep a standard deviation near sqrt(1 - 1/pi) = 0.83 in every "
                "layer; with 0.01 they vanish and with 1 they explode. Check init_std first.") {
    float s[10];
    activation_stds(ACT_RELU, INIT_HE, 10, 256, 64, 1, s, NULL);
    for (int l = 0; l < 10; l++) ck_assert_msg(s[l] > 0.4f && s[l] < 1.6f, "He, layer %d: std %g, want about 0.83", l + 1, s[l]);
    activation_stds(ACT_RELU, INIT_SMALL, 10, 256, 64, 1, s, NULL);
    ck_assert_msg(s[9] < 1e-6f, "sigma = 0.01, layer 10: std %g, want it vanished (about 0.11^10 ~ 1e-10)", s[9]);
    activation_stds(ACT_RELU, INIT_UNIT, 10, 256, 64, 1, s, NULL);
    ck_assert_msg(s[9] > 1e6f, "sigma = 1, layer 10: std %g, want it exploded (about 11^10 ~ 1e10)", s[9]);
}

WB_TEST(tanh_signal_with_xavier, .points = 1, .timeout = 8,
        .hint = "Xavier's std keeps tanh in its near-linear range: the 10th layer's outputs still have a "
                "standard deviation well above 0.1 and below 1.") {
    float s[10];
    activation_stds(ACT_TANH, INIT_XAVIER, 10, 256, 64, 2, s, NULL);
    ck_assert_msg(s[9] > 0.1f && s[9] < 0.9f, "Xavier, tanh, layer 10: std %g, want in (0.1, 0.9)", s[9]);
}
