/* test_info.c — tests for info.c: values worked out by hand, and the properties every distribution
 * must satisfy (Gibbs' inequality, H(p,p) = H(p), KL = H(p,q) - H(p)). All in nats (natural log). */
#include "testing.h"
#include "week05.h"

#include <math.h>

/* double arithmetic on a handful of terms: 1e-12 is a few thousand ulps of slack */
#define TOL 1e-12

WB_TEST(entropy_by_hand, .points = 2,
        .hint = "Catches bits instead of nats and a 0 log 0 that is not 0: H(p) = -sum p_i log p_i "
                "with the natural log, and a p_i = 0 term contributes nothing (it would be NaN in C).",
        .hint2 = "A fair coin has H = log 2 = 0.693 nats (1 bit). If you get 1.0, you used log2. "
                 "If you get NaN for (1, 0), the 0 log 0 term is not skipped.") {
    double coin[] = {0.5, 0.5}, certain[] = {1, 0}, die[] = {1 / 6., 1 / 6., 1 / 6., 1 / 6., 1 / 6., 1 / 6.};
    double skew[] = {0.5, 0.25, 0.25};   /* 0.5 log 2 + 2 * 0.25 log 4 = 1.5 log 2 */
    ck_assert_double_eq_tol(entropy(coin, 2), log(2.0), TOL);
    ck_assert_double_eq_tol(entropy(certain, 2), 0.0, TOL);
    ck_assert_double_eq_tol(entropy(die, 6), log(6.0), TOL);
    ck_assert_double_eq_tol(entropy(skew, 3), 1.5 * log(2.0), TOL);
}

WB_TEST(cross_entropy_by_hand, .points = 2,
        .hint = "Catches swapped arguments and the zero conventions: H(p,q) = -sum p_i log q_i, p the "
                "truth; a p_i = 0 term is 0 even where q_i = 0, and p_i > 0 with q_i = 0 is INFINITY.",
        .hint2 = "Check the order of the arguments: it is p (the truth) times log q (the model).") {
    double p[] = {0.5, 0.5, 0}, q[] = {0.25, 0.25, 0.5};
    /* -(0.5 log 0.25 + 0.5 log 0.25) = log 4; the third term is 0 log 0.5 = 0 */
    ck_assert_double_eq_tol(cross_entropy_pq(p, q, 3), log(4.0), TOL);
    /* reversed: -(0.25 log 0.5 * 2 + 0.5 log 0) = inf, since q (now the truth) has mass where p has none */
    ck_assert_msg(isinf(cross_entropy_pq(q, p, 3)) && cross_entropy_pq(q, p, 3) > 0, "H(q,p) = %g, want +inf",
                  cross_entropy_pq(q, p, 3));
    double onehot[] = {0, 1, 0}, pred[] = {0.1, 0.7, 0.2};
    double certain[] = {1, 0};
    /* with a one-hot truth it is -log of the probability given to the label: the classifier's loss */
    ck_assert_double_eq_tol(cross_entropy_pq(onehot, pred, 3), -log(0.7), TOL);
    /* an outcome impossible under both costs nothing: 0 log 0 = 0, so H((1,0), (1,0)) = 0 */
    ck_assert_double_eq_tol(cross_entropy_pq(certain, certain, 2), 0.0, TOL);
}

WB_TEST(kl_properties, .points = 3,
        .hint = "Catches the ratio upside down and the zero conventions: KL(p||q) = sum p_i "
                "log(p_i / q_i) is 0 when q = p, positive otherwise, equal to H(p,q) - H(p), and "
                "INFINITY where p has mass that q lacks; a p_i = 0 term is 0 whatever q_i is.",
        .hint2 = "KL is not symmetric: for p = (1/2, 1/2), q = (1/4, 3/4), KL(p||q) = log 2 - (1/2) log 3 ... "
                 "work it out, then compare with KL(q||p).") {
    double p[] = {0.5, 0.5}, q[] = {0.25, 0.75};
    /* 0.5 log(0.5/0.25) + 0.5 log(0.5/0.75) = 0.5 log 2 + 0.5 log(2/3) = log 2 - 0.5 log 3 */
    ck_assert_double_eq_tol(kl_divergence(p, q, 2), log(2.0) - 0.5 * log(3.0), TOL);
    /* 0.25 log(0.5) + 0.75 log(1.5) */
    ck_assert_double_eq_tol(kl_divergence(q, p, 2), 0.25 * log(0.5) + 0.75 * log(1.5), TOL);
    /* zeros: a p_i = 0 term is 0 (here 0 log(0 / 0.5)); p_i > 0 where q_i = 0 is infinite */
    double p3[] = {0.5, 0.5, 0}, q3[] = {0.25, 0.25, 0.5};
    ck_assert_double_eq_tol(kl_divergence(p3, q3, 3), log(2.0), TOL); /* 2 * 0.5 log 2 */
    double kinf = kl_divergence(q3, p3, 3);
    ck_assert_msg(isinf(kinf) && kinf > 0, "KL(q||p) = %g for q = (1/4, 1/4, 1/2), p = (1/2, 1/2, 0): "
                                           "want +inf (q has mass where p has none)", kinf);
    /* an outcome impossible under both costs nothing, even though q_i = 0 there: the p_i = 0 rule
       comes first. KL((1,0)||(1,0)) = 0, and KL((0, 1/2, 1/2)||(0, 1/4, 3/4)) is the p, q above */
    double certain[] = {1, 0}, p0[] = {0, 0.5, 0.5}, q0[] = {0, 0.25, 0.75};
    double kboth = kl_divergence(certain, certain, 2);
    ck_assert_msg(kboth == 0.0, "KL((1,0)||(1,0)) = %g, want 0: a term with p_i = 0 is 0 even "
                                "where q_i = 0 too (0 log 0 = 0), so test p_i = 0 before q_i = 0",
                  kboth);
    ck_assert_double_eq_tol(kl_divergence(p0, q0, 3), log(2.0) - 0.5 * log(3.0), TOL);
    /* random distributions: Gibbs' inequality, KL(p||p) = 0, and the identity KL = H(p,q) - H(p) */
    wb_rng r;
    wb_rng_seed(&r, 3);
    for (int trial = 0; trial < 50; trial++) {
        double a[5], b[5], sa = 0, sb = 0;
        for (int i = 0; i < 5; i++) sa += a[i] = wb_rng_uniform(&r) + 1e-3, sb += b[i] = wb_rng_uniform(&r) + 1e-3;
        for (int i = 0; i < 5; i++) a[i] /= sa, b[i] /= sb;
        double kl = kl_divergence(a, b, 5);
        ck_assert_msg(kl >= 0, "KL = %g < 0 (trial %d): Gibbs' inequality says KL >= 0", kl, trial);
        ck_assert_double_eq_tol(kl_divergence(a, a, 5), 0.0, TOL);
        ck_assert_double_eq_tol(cross_entropy_pq(a, a, 5), entropy(a, 5), TOL);
        ck_assert_double_eq_tol(kl, cross_entropy_pq(a, b, 5) - entropy(a, 5), 1e-10);
    }
}
