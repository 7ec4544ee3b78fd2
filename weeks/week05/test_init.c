/* test_init.c — tests for init.c: the formulas on a layer with fan_in != fan_out (so a mixed-up
 * fan shows). What they are for, a signal that neither vanishes nor explodes over 10 layers, is
 * tested in test_init_signal.c, after mlp.c's own tests (it runs your network). */
#include "testing.h"
#include "week05.h"

#include <math.h>

WB_TEST(init_std_formulas, .points = 2,
        .hint = "Catches a variance returned where a standard deviation is wanted, and fan_in and "
                "fan_out mixed up: Xavier/Glorot's variance is 2 / (fan_in + fan_out), He's is "
                "2 / fan_in, and init_std returns their square roots.",
        .hint2 = "For fan_in = 200, fan_out = 50: Xavier is sqrt(2/250) = 0.0894, He is sqrt(2/200) = 0.1.") {
    WB_ASSERT_NEAR(init_std(INIT_SMALL, 200, 50), 0.01f, 1e-6, 0);
    WB_ASSERT_NEAR(init_std(INIT_UNIT, 200, 50), 1.0f, 1e-6, 0);
    WB_ASSERT_NEAR(init_std(INIT_XAVIER, 200, 50), (float)sqrt(2.0 / 250), 1e-6, 0); /* one sqrtf: ~1 ulp */
    WB_ASSERT_NEAR(init_std(INIT_HE, 200, 50), (float)sqrt(2.0 / 200), 1e-6, 0);
}
