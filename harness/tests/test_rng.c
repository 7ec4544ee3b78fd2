/* test_rng.c — the generator matches the PCG reference and its distributions have the right shape. */
#include "testing.h"
#include "rng.h"

#include <math.h>
#include <stdlib.h>

WB_TEST(rng_matches_pcg32_reference, .points = 1,
        .hint = "wb_rng_u32 must be PCG32 XSH RR exactly: the first outputs for seed 42, stream 54 are published.") {
    /* pcg32-demo from the PCG reference implementation (pcg-c-basic), seed 42, sequence 54 */
    const uint32_t want[] = {0xa15c02b7, 0x7b47f409, 0xba1d3330, 0x83d2f293, 0xbfa4784b, 0xcbed606e};
    wb_rng r;
    wb_rng_seed_stream(&r, 42, 54);
    for (int i = 0; i < 6; i++) {
        uint32_t got = wb_rng_u32(&r);
        ck_assert_msg(got == want[i], "output %d is 0x%08x, want 0x%08x", i, got, want[i]);
    }
}

WB_TEST(rng_uniform_and_below_are_in_range_and_unbiased, .points = 1,
        .hint = "uniform must lie in [0,1); below(n) in [0,n) with each value about equally often.") {
    wb_rng r;
    wb_rng_seed(&r, 1);
    enum { N = 100000 };
    int counts[7] = {0};
    double sum = 0;
    for (int i = 0; i < N; i++) {
        float u = wb_rng_uniform(&r);
        ck_assert_msg(u >= 0.0f && u < 1.0f, "uniform gave %g", u);
        sum += u;
        counts[wb_rng_below(&r, 7)]++;
    }
    /* the mean of N uniforms has standard deviation sqrt(1/12/N) ~ 9e-4: allow 5 of them */
    ck_assert_msg(fabs(sum / N - 0.5) < 5e-3, "mean %g", sum / N);
    /* each count ~ Binomial(N, 1/7): sd ~ 111; allow 6 sd */
    for (int k = 0; k < 7; k++) ck_assert_msg(abs(counts[k] - N / 7) < 700, "value %d came %d times", k, counts[k]);
}

WB_TEST(rng_normal_moments, .points = 1,
        .hint = "Marsaglia's polar method: mean 0, variance 1, and about 68.3% of samples within one sd.") {
    wb_rng r;
    wb_rng_seed(&r, 2);
    enum { N = 200000 };
    double s1 = 0, s2 = 0, s4 = 0;
    int within = 0;
    for (int i = 0; i < N; i++) {
        double z = wb_rng_normal(&r);
        s1 += z, s2 += z * z, s4 += z * z * z * z;
        within += fabs(z) < 1.0;
    }
    /* sampling error: mean sd 1/sqrt(N) = 2.2e-3; variance sd sqrt(2/N) = 3.2e-3; kurtosis sd ~ 0.011 */
    ck_assert_msg(fabs(s1 / N) < 0.012, "mean %g", s1 / N);
    ck_assert_msg(fabs(s2 / N - 1) < 0.016, "variance %g", s2 / N);
    ck_assert_msg(fabs(s4 / N - 3) < 0.06, "fourth moment %g (3 for a normal)", s4 / N);
    ck_assert_msg(fabs((double)within / N - 0.682689) < 0.005, "P(|z|<1) = %g", (double)within / N);
}

WB_TEST(rng_shuffle_is_a_permutation_and_reproducible, .points = 1,
        .hint = "Fisher-Yates: every element exactly once; the same seed gives the same order.") {
    enum { N = 1000 };
    int a[N], b[N], seen[N] = {0}, moved = 0;
    for (int i = 0; i < N; i++) a[i] = b[i] = i;
    wb_rng r1, r2;
    wb_rng_seed(&r1, 9);
    wb_rng_seed(&r2, 9);
    wb_rng_shuffle(&r1, a, N);
    wb_rng_shuffle(&r2, b, N);
    for (int i = 0; i < N; i++) {
        ck_assert_int_eq(a[i], b[i]);
        seen[a[i]]++;
        moved += a[i] != i;
    }
    for (int i = 0; i < N; i++) ck_assert_msg(seen[i] == 1, "%d appears %d times", i, seen[i]);
    ck_assert_msg(moved > N / 2, "only %d of %d elements moved", moved, N); /* expected ~N - 1 */
}

WB_TEST(rng_categorical_frequencies, .points = 1,
        .hint = "Index i must come with probability p[i] / sum(p); an index of weight 0 never comes.") {
    const float p[] = {1, 0, 3, 6}; /* probabilities 0.1, 0, 0.3, 0.6 */
    int counts[4] = {0};
    wb_rng r;
    wb_rng_seed(&r, 3);
    enum { N = 100000 };
    for (int i = 0; i < N; i++) counts[wb_rng_categorical(&r, p, 4)]++;
    ck_assert_int_eq(counts[1], 0);
    /* binomial sd = sqrt(N p (1-p)) <= 155 here: allow 5 sd */
    ck_assert_msg(abs(counts[0] - 10000) < 800 && abs(counts[2] - 30000) < 800 && abs(counts[3] - 60000) < 800,
                  "counts %d %d %d %d for weights 1 0 3 6", counts[0], counts[1], counts[2], counts[3]);
}
