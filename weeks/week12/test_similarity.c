/* test_similarity.c — tests for similarity.c: cosines worked out by hand, nearest neighbours and an
 * analogy on hand-made vectors whose answers follow from their angles, exact ties, and an analogy
 * whose offset vector points at a query word. */
#include "testing.h"
#include "week12.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

WB_TEST(cosine_by_hand, .points = 2,
        .hint = "cos(a, b) = a . b / (|a| |b|): the angle only, so scaling either vector changes nothing. A zero "
                "vector has no direction: return 0, not NaN.") {
    float a[3] = {1, 2, 2}, b[3] = {2, 0, 0}, b10[3] = {20, 0, 0}, z[3] = {0, 0, 0}, o[3] = {0, -1, 1}, m[3] = {-1, -2, -2};
    WB_ASSERT_NEAR(cosine(a, b, 3), 1.0f / 3.0f, 1e-6, 0);   /* 2 / (3 * 2) */
    WB_ASSERT_NEAR(cosine(a, b10, 3), 1.0f / 3.0f, 1e-6, 0); /* the same angle */
    WB_ASSERT_NEAR(cosine(a, o, 3), 0.0f, 0, 1e-7);          /* orthogonal */
    WB_ASSERT_NEAR(cosine(a, m, 3), -1.0f, 1e-6, 0);         /* opposite */
    WB_ASSERT_NEAR(cosine(a, z, 3), 0.0f, 0, 0);
    WB_ASSERT_NEAR(cosine(z, z, 3), 0.0f, 0, 0);
    float big[2] = {1e30f, 1e30f}, big2[2] = {1e30f, 0}; /* |a|^2 overflows a float: sum in double */
    WB_ASSERT_NEAR(cosine(big, big2, 2), (float)(1 / sqrt(2.0)), 1e-6, 0);
}

/* Five words in the plane at 0, 10, 30, 90 and 180 degrees, of very different lengths. */
static void plane(w2v_vectors *x, float *W, char **words) {
    static const double deg[5] = {0, 10, 30, 90, 180}, len[5] = {1, 5, 0.1, 2, 3};
    static char names[5][4] = {"w0", "w1", "w2", "w3", "w4"};
    for (int i = 0; i < 5; i++) {
        W[2 * i] = (float)(len[i] * cos(deg[i] * M_PI / 180));
        W[2 * i + 1] = (float)(len[i] * sin(deg[i] * M_PI / 180));
        words[i] = names[i];
    }
    *x = (w2v_vectors){.V = 5, .D = 2, .words = words, .W = W};
}

WB_TEST(nearest_by_angle, .points = 3,
        .hint = "Rank every other word by cosine, best first, and leave the word itself out (its cosine is 1). "
                "Rank by the cosine, not the dot product: the longest vector is not the nearest.",
        .hint2 = "Keep the best k in a small sorted list: a new word that beats the last one goes in at its place "
                 "and the last one drops out. Ask for more than there are and you get what there is.",
        .hint3 = "exclude holds exactly nex row numbers: entries 0 .. nex - 1.") {
    w2v_vectors x;
    float W[10];
    char *words[5];
    plane(&x, W, words);
    int best[10];
    float sim[10];
    for (int i = 0; i < 10; i++) best[i] = -1, sim[i] = NAN;
    int n = nearest(&x, 0, 3, best, sim);
    ck_assert_msg(n == 3, "nearest(w0, k = 3) found %d", n);
    int want[3] = {1, 2, 3};
    float wsim[3] = {(float)cos(10 * M_PI / 180), (float)cos(30 * M_PI / 180), 0};
    for (int i = 0; i < 3; i++)
        ck_assert_msg(best[i] == want[i], "neighbour %d of w0 is w%d, want w%d (at %g degrees)", i + 1, best[i], want[i],
                      i == 2 ? 90.0 : i == 1 ? 30.0 : 10.0);
    WB_ASSERT_CLOSE(sim, wsim, 3, 1e-5, 1e-6);
    for (int i = 0; i < 10; i++) best[i] = -1;
    n = nearest(&x, 3, 10, best, sim); /* from 90 degrees: 30 (60 away), 10 (80), 0 (90), 180 (90) */
    ck_assert_msg(n == 4, "nearest(w3, k = 10) found %d, want the 4 other words", n);
    int want3[4] = {2, 1, 0, 4};
    for (int i = 0; i < 4; i++) ck_assert_msg(best[i] == want3[i], "neighbour %d of w3 is w%d, want w%d", i + 1, best[i], want3[i]);
    /* nearest_to with an explicit exclusion list */
    /* the exclusion list in a guarded buffer of exactly its nex = 2 entries: a loop over it one
       entry too far stops with a line naming it */
    float q[2] = {1, 0.01f};
    int *ex = (int *)(void *)wb_guarded_floats(2, "exclude (nex = 2 ints)");
    ex[0] = 0, ex[1] = 1;
    n = nearest_to(&x, q, ex, 2, 1, best, sim);
    ck_assert_msg(n == 1 && best[0] == 2, "nearest_to((1, 0.01), excluding w0 and w1) gave w%d, want w2", best[0]);
    wb_guarded_free((float *)(void *)ex);
}

WB_TEST(nearest_breaks_ties_by_row, .points = 1,
        .hint = "Equal cosines keep the order of the rows: a new row goes in below every kept row "
                "with the same cosine, and when the list is full it must beat the last one "
                "strictly to get in.",
        .hint2 = "Here rows 0 and 3 have cosine exactly 1 with the query, rows 1 and 4 exactly "
                 "0.7071 (scaled copies): the 3 best are 0, 3, 1, and all 6 are 0, 3, 1, 4, 2, 5. "
                 "Moving a newcomer above its equals, or letting it replace an equal last one, "
                 "puts the later row first.",
        .hint3 = "best and sim have room for exactly k entries: when the list is full, a newcomer "
                 "takes the last slot, k - 1, and moves up from there.") {
    static char names[6][3] = {"r0", "r1", "r2", "r3", "r4", "r5"};
    char *words[6];
    for (int i = 0; i < 6; i++) words[i] = names[i];
    /* scaling by 2 or 3 leaves the cosine bit for bit the same: ties are exact */
    float W[12] = {1, 0, 1, 1, 0, 1, 3, 0, 2, 2, -1, 0}, q[2] = {1, 0};
    w2v_vectors x = {.V = 6, .D = 2, .words = words, .W = W};
    int best[6], none[1] = {-1};
    float sim[6];
    const int want3[3] = {0, 3, 1}, want6[6] = {0, 3, 1, 4, 2, 5};
    /* k = 3 in guarded buffers of exactly 3 entries: row 3 beats the full list's last entry,
       so a newcomer put in slot k (one past the end) before it moves up stops with a line
       naming the array */
    int *best3 = (int *)(void *)wb_guarded_floats(3, "best (k = 3 ints)");
    float *sim3 = wb_guarded_floats(3, "sim (k = 3 floats)");
    for (int i = 0; i < 3; i++) best3[i] = -1;
    int n = nearest_to(&x, q, none, 0, 3, best3, sim3);
    ck_assert_msg(n == 3, "nearest_to(k = 3) of 6 rows found %d", n);
    for (int i = 0; i < 3; i++)
        ck_assert_msg(best3[i] == want3[i], "the 3 nearest to (1, 0) are rows %d, %d, %d, want "
                      "0, 3, 1: on a tie the earlier row comes first", best3[0], best3[1], best3[2]);
    wb_guarded_free((float *)(void *)best3), wb_guarded_free(sim3);
    for (int i = 0; i < 6; i++) best[i] = -1;
    n = nearest_to(&x, q, none, 0, 6, best, sim);
    ck_assert_msg(n == 6, "nearest_to(k = 6) of 6 rows found %d", n);
    for (int i = 0; i < 6; i++)
        ck_assert_msg(best[i] == want6[i], "rank %d of all 6 rows is row %d, want row %d (0, 3, 1, "
                      "4, 2, 5: on a tie the earlier row first)", i + 1, best[i], want6[i]);
}

WB_TEST(nearest_asks_for_none, .points = 1,
        .hint = "k = 0 asks for no neighbour: return 0 and write nothing. A list of size 0 has no last "
                "entry, so there is no sim[k - 1] to compare a row with, and no slot k - 1 to put it in.",
        .hint2 = "The test passes best and sim that start one entry into larger arrays and checks the "
                 "entries on both sides are untouched, for k = 0 and then for k = 1 (w0's nearest is w1, "
                 "10 degrees away).") {
    w2v_vectors x;
    float W[10];
    char *words[5];
    plane(&x, W, words);
    int best[3] = {-7, -7, -7}, none[1] = {-1};
    float sim[3] = {-2, -2, -2}; /* -2: below every cosine, so a comparison with sim[-1] lets a row in */
    int n = nearest_to(&x, W, none, 0, 0, best + 1, sim + 1);
    ck_assert_msg(n == 0, "nearest_to(k = 0) found %d, want 0", n);
    for (int i = 0; i < 3; i++)
        ck_assert_msg(best[i] == -7 && sim[i] == -2, "nearest_to(k = 0) wrote best[%d] = %d, sim[%d] = %g "
                      "(counting from the entry before the array it was given): want nothing written",
                      i - 1, best[i], i - 1, (double)sim[i]);
    n = nearest(&x, 0, 1, best + 1, sim + 1);
    ck_assert_msg(n == 1 && best[1] == 1, "nearest(w0, k = 1) found %d: w%d, want 1: w1", n, best[1]);
    WB_ASSERT_NEAR(sim[1], (float)cos(10 * M_PI / 180), 1e-5, 0); /* w1 is 10 degrees from w0 */
    ck_assert_msg(best[0] == -7 && best[2] == -7 && sim[0] == -2 && sim[2] == -2,
                  "nearest(w0, k = 1) wrote outside best[0], sim[0]");
}

WB_TEST(analogy_excludes_the_query, .points = 3,
        .hint = "a : b :: c : ?  Look for the word nearest to unit(b) - unit(a) + unit(c), with a, b AND c left "
                "out: the offset vector is usually closest to c itself.",
        .hint2 = "Here man : king :: woman : ? has queen as the answer, although woman is nearer to the offset "
                 "vector. Divide each of the three by its length first: man is 10 times longer than the others.") {
    /* man (long), king, woman; queen is the nearest word once woman is excluded */
    static char names[7][8] = {"man", "king", "woman", "queen", "crown", "girl", "cup"};
    char *words[7];
    for (int i = 0; i < 7; i++) words[i] = names[i];
    float W[21] = {10, 0, 0, /* man */ 1, 1, 0, /* king */ 0, 0, 1, /* woman */ 0.5f, 0.3f, 1, /* queen */
                   0, 1, 0, /* crown */ 0, -0.5f, 1, /* girl */ -1, 0, 0 /* cup */};
    w2v_vectors x = {.V = 7, .D = 3, .words = words, .W = W};
    /* q = king/|king| - man/|man| + woman/|woman|, and the cosines to the candidates, in double */
    double q[3] = {1 / sqrt(2.0) - 1, 1 / sqrt(2.0), 1}, want_sim[2];
    double nq = sqrt(q[0] * q[0] + q[1] * q[1] + q[2] * q[2]);
    want_sim[0] = (0.5 * q[0] + 0.3 * q[1] + q[2]) / (nq * sqrt(0.25 + 0.09 + 1)); /* queen: 0.731 */
    want_sim[1] = q[1] / nq;                                                          /* crown: 0.561 */
    int best[3] = {-1, -1, -1};
    float sim[3] = {NAN, NAN, NAN};
    int n = analogy(&x, 0, 1, 2, 3, best, sim);
    ck_assert_msg(n == 3, "analogy found %d of 3 (7 words, 3 excluded: 4 left)", n);
    ck_assert_msg(best[0] == 3, "man : king :: woman : %s, want queen", best[0] >= 0 ? names[best[0]] : "(none)");
    ck_assert_msg(best[1] == 4 && best[2] == 5, "2nd and 3rd answers %d, %d; want crown (4), girl (5)", best[1], best[2]);
    for (int i = 0; i < 3; i++)
        ck_assert_msg(best[i] != 0 && best[i] != 1 && best[i] != 2, "answer %d is a query word (%s)", i + 1, names[best[i]]);
    WB_ASSERT_NEAR(sim[0], (float)want_sim[0], 1e-5, 0);
    WB_ASSERT_NEAR(sim[1], (float)want_sim[1], 1e-5, 0);
}

WB_TEST(analogy_excludes_a_and_b_too, .points = 1,
        .hint = "a, b and c are all left out of the answers, a and b as much as c: the offset "
                "vector can be nearest to any of the three.",
        .hint2 = "Here b and c lie at +30 and -30 degrees from a, so unit(b) - unit(a) + unit(c) "
                 "points exactly along a (cosine 1), and b and c come next (0.866): only the word "
                 "at 45 degrees (0.707) is a real answer.") {
    static char names[5][2] = {"a", "b", "c", "d", "e"};
    char *words[5];
    for (int i = 0; i < 5; i++) words[i] = names[i];
    /* a at 0 degrees (length 2), b at 30 (0.5), c at -30 (3), d at 45 (1), e at 180 (1) */
    static const double deg[5] = {0, 30, -30, 45, 180}, len[5] = {2, 0.5, 3, 1, 1};
    float W[10];
    for (int i = 0; i < 5; i++)
        W[2 * i] = (float)(len[i] * cos(deg[i] * M_PI / 180)),
        W[2 * i + 1] = (float)(len[i] * sin(deg[i] * M_PI / 180));
    w2v_vectors x = {.V = 5, .D = 2, .words = words, .W = W};
    int best[3] = {-1, -1, -1};
    float sim[3] = {NAN, NAN, NAN};
    int n = analogy(&x, 0, 1, 2, 3, best, sim);
    ck_assert_msg(best[0] >= 0 && best[0] != 0 && best[0] != 1 && best[0] != 2, "a : b :: c : %s, "
                  "want d: a, b and c are excluded", best[0] >= 0 ? names[best[0]] : "(none)");
    ck_assert_msg(n == 2 && best[0] == 3 && best[1] == 4, "analogy found %d answers (%d, %d), want "
                  "2: d (3) and e (4), the words left", n, best[0], best[1]);
    /* q lies along a: the cosines are those of 45 and 180 degrees (float rounding: 1e-5) */
    WB_ASSERT_NEAR(sim[0], (float)cos(M_PI / 4), 1e-5, 0);
    WB_ASSERT_NEAR(sim[1], -1.0f, 1e-5, 0);
}

WB_TEST(analogy_with_a_zero_row, .points = 1,
        .hint = "A zero row has no direction: its unit vector is taken as zero "
                "(1 / |x| only when |x| > 0), so q = unit(b) - unit(a) + unit(c) stays a number.",
        .hint2 = "With a = 0, 1 / |a| is infinite and 0 * inf is NaN: every cosine with q becomes "
                 "NaN and the ranking is garbage. Here q = unit(b) + unit(c) = (1, 1): d, along "
                 "it, is the answer.") {
    static char names[5][2] = {"a", "b", "c", "d", "e"};
    char *words[5];
    for (int i = 0; i < 5; i++) words[i] = names[i];
    /* a is zero (a word that never moved); b, c of lengths 2 and 3 */
    float W[10] = {0, 0, /* a */ 2, 0, /* b */ 0, 3, /* c */ 4, 4, /* d */ 1, -1 /* e */};
    w2v_vectors x = {.V = 5, .D = 2, .words = words, .W = W};
    int best[2] = {-1, -1};
    float sim[2] = {NAN, NAN};
    int n = analogy(&x, 0, 1, 2, 2, best, sim);
    ck_assert_msg(n == 2, "analogy found %d of 2 (5 words, 3 excluded: 2 left)", n);
    ck_assert_msg(!isnan(sim[0]) && !isnan(sim[1]), "a zero row a gave NaN cosines (%g, %g)",
                  (double)sim[0], (double)sim[1]);
    ck_assert_msg(best[0] == 3 && best[1] == 4, "answers %d, %d; want d (3), e (4)", best[0],
                  best[1]);
    WB_ASSERT_NEAR(sim[0], 1.0f, 1e-6, 0); /* d = 4 (1, 1): along q */
    WB_ASSERT_NEAR(sim[1], 0.0f, 0, 1e-6); /* e = (1, -1): orthogonal to q */
    /* and a zero c: q = unit(b) - unit(a) */
    float W2[10] = {1, 0, /* a */ 0, 2, /* b */ 0, 0, /* c */ -1, 1, /* d */ 1, 1 /* e */};
    x.W = W2;
    n = analogy(&x, 0, 1, 2, 2, best, sim);
    ck_assert_msg(n == 2 && best[0] == 3 && !isnan(sim[0]), "zero c: answer %d (cos %g), want d",
                  best[0], (double)sim[0]);
    WB_ASSERT_NEAR(sim[0], 1.0f, 1e-6, 0); /* d = (-1, 1): along q = (-1, 1) */
}
