"""word2vec.py — the gensim side of the word2vec benchmark (harness/bench/word2vec.sh).

    /usr/bin/python3 harness/bench/word2vec.py TOKENS OUT.vec SEED  -> prints "words_per_s cpu_words_per_s"

Trains gensim's Word2Vec (Debian python3-gensim 4.2) on TOKENS (one sentence a line, words separated
by spaces: the text w2v-bench tokenised) with the week's settings: skip-gram, negative sampling
(5 negatives, no hierarchical softmax), dim 100, window 5, min count 5, sample 1e-3, learning rate
0.025 -> 0.0001, 5 epochs, ONE worker thread. Only model.train() is timed (build_vocab is not);
words/s = the corpus's words x epochs / seconds, as for the C side, by the wall clock and by the
process's CPU time (all its threads: the worker and the thread that feeds it batches). The vectors are saved in
word2vec's text format, for w2v-bench eval to score.
"""
import sys
import time

from gensim.models import Word2Vec
from gensim.models.word2vec import LineSentence


def main():
    tokens, out, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
    sentences = list(LineSentence(tokens))
    model = Word2Vec(vector_size=100, window=5, min_count=5, sg=1, hs=0, negative=5, sample=1e-3,
                     alpha=0.025, min_alpha=0.0001, workers=1, seed=seed)
    model.build_vocab(sentences)
    t0, c0 = time.perf_counter(), time.process_time()
    model.train(sentences, total_examples=model.corpus_count, epochs=5)
    secs, cpu = time.perf_counter() - t0, time.process_time() - c0
    model.wv.save_word2vec_format(out)
    words = model.corpus_total_words * 5
    print("%.0f %.0f" % (words / secs, words / cpu))


if __name__ == "__main__":
    main()
