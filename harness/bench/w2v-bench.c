// w2v-bench.c — the C side of the word2vec benchmark (harness/bench/word2vec.sh): train week 12's
// reference on a corpus and score it, or score a vectors file another program wrote.
//
//   w2v-bench train CORPUS DIR SEED  -> DIR/tokens.txt (the tokenised text, one sentence a line:
//                                       what gensim and fastText read), DIR/c-SEED.vec; prints
//                                       "words_per_s cpu_words_per_s lord_rank sheep_rank target
//                                       own similarity"
//   w2v-bench eval FILE.vec          -> prints "lord_rank sheep_rank target own similarity"
//
// The settings are the week's defaults (W2V_DEFAULTS: dim 100, window 5, 5 negatives, min count 5,
// 5 epochs, sample 1e-3, lr 0.025 -> 0.0001), one thread. Only the training is timed (not reading,
// counting or scoring), like gensim's model.train(). words/s = training words (the kept words of the
// corpus, before subsampling) x epochs / seconds: the same definition for every program; by the
// wall clock, and by the process's CPU time (what one thread does when it has a core to itself:
// on a shared machine the fairer of the two).
// The scores are weeks/week12/w2v_eval.h's, the same questions for every program.
#include "week12.h"
#include "w2v_eval.h"

#include <stdlib.h>
#include <string.h>

static void print_scores(const w2v_scores *s) {
    printf("%d %d %d %d %d\n", s->lord_rank, s->sheep_rank, s->target_hits, s->own_hits, s->sim_hits);
}

static int write_tokens(const w2v_vocab *v, const int *ids, long n, const char *path) {
    FILE *f = fopen(path, "w");
    if (!f) return wb_fail("%s: cannot write", path);
    for (long i = 0; i < n; i++) {
        if (ids[i] < 0) fputc('\n', f);
        else fprintf(f, "%s%s", v->words[ids[i]], i + 1 < n && ids[i + 1] >= 0 ? " " : "");
    }
    return fclose(f) == 0 ? 0 : wb_fail("%s: cannot write", path);
}

int main(int argc, char **argv) {
    if (argc == 3 && strcmp(argv[1], "eval") == 0) {
        w2v_vectors x;
        if (vectors_load(argv[2], &x) != 0) {
            fprintf(stderr, "%s\n", wb_last_error());
            return 1;
        }
        w2v_scores s = w2v_evaluate(&x, getenv("VERBOSE") ? stderr : NULL);
        print_scores(&s);
        vectors_free(&x);
        return 0;
    }
    if (argc != 5 || strcmp(argv[1], "train") != 0) {
        fprintf(stderr, "usage: %s train CORPUS DIR SEED | %s eval FILE.vec\n", argv[0], argv[0]);
        return 2;
    }
    wb_corpus text;
    if (wb_corpus_load(argv[2], &text) != 0) {
        fprintf(stderr, "%s\n", wb_last_error());
        return 1;
    }
    w2v_config cfg = W2V_DEFAULTS;
    cfg.seed = strtoull(argv[4], NULL, 10);
    w2v_vocab v;
    if (vocab_build(&v, text.text, text.len, cfg.min_count) != 0) {
        fprintf(stderr, "%s: %s\n", argv[2], wb_last_error());
        return 1;
    }
    int *ids = wb_malloc((text.len + 1) * sizeof *ids);
    long n = vocab_encode(&v, text.text, text.len, ids);
    char path[4096];
    snprintf(path, sizeof path, "%s/tokens.txt", argv[3]);
    if (write_tokens(&v, ids, n, path) != 0) {
        fprintf(stderr, "%s\n", wb_last_error());
        return 1;
    }
    w2v_model m;
    w2v_init(&m, &v, &cfg, v.total * cfg.epochs);
    double t0 = wb_seconds(), c0 = wb_cpu_seconds();
    for (int e = 0; e < cfg.epochs; e++) w2v_train_chunk(&m, ids, n);
    double secs = wb_seconds() - t0, cpu = wb_cpu_seconds() - c0;
    w2v_vectors x;
    w2v_vectors_from_model(&m, &v, &x);
    snprintf(path, sizeof path, "%s/c-%s.vec", argv[3], argv[4]);
    if (vectors_save(&x, path) != 0) {
        fprintf(stderr, "%s\n", wb_last_error());
        return 1;
    }
    w2v_scores s = w2v_evaluate(&x, NULL);
    printf("%.0f %.0f ", (double)v.total * cfg.epochs / secs, (double)v.total * cfg.epochs / cpu);
    print_scores(&s);
    vectors_free(&x);
    w2v_free(&m);
    vocab_free(&v);
    free(ids);
    wb_corpus_free(&text);
    return 0;
}
