/* wb.h — the whole harness in one include. Each module's header says how to use it; this index
 * says which module a function is in (a function's name starts with its module's: wb_rng_* is in
 * rng.h, wb_corpus_* in corpus.h, wb_batch_* and wb_batches_* in batch.h).
 *
 * Numbers and tensors
 *   error.h      one-line errors, allocation that fails loudly: wb_fail, wb_last_error, WB_CHECK,
 *                wb_die, wb_malloc, wb_calloc, wb_realloc
 *   tensor.h     float32 tensors, one parameter buffer with named views: WB_TENSOR, wb_tensor_new,
 *                wb_tensor_view, wb_tensor_free, wb_shape_str, wb_same_shape, wb_params_add,
 *                wb_params_alloc, wb_params_alloc_like, wb_params_free
 *   rng.h        seeded, portable random numbers: wb_rng_seed, wb_rng_seed_stream, wb_rng_u32,
 *                wb_rng_uniform, wb_rng_below, wb_rng_normal, wb_rng_shuffle, wb_rng_categorical,
 *                wb_rng_fill_normal, wb_rng_fill_uniform
 *   matmul.h     the reference matrix multiply (the correctness oracle): wb_matmul_ref
 *   gemm.h       the fast matrix multiply every week uses (blocked, packed, SIMD, threaded):
 *                wb_sgemm, wb_sgemm_lesson
 *   simd.h       vectorised elementwise kernels: wb_simd_axpy, wb_simd_scale, wb_simd_add,
 *                wb_simd_mul, wb_simd_exp, wb_simd_sigmoid, wb_simd_tanh, wb_simd_bias_act,
 *                wb_simd_softmax_rows, wb_simd_log_softmax_rows, wb_simd_sum, wb_simd_max
 *   cpu.h        which instruction set the kernels use (HARNESS_ISA forces one), and threads:
 *                wb_cpu_isa, wb_cpu_has, wb_cpu_best, wb_cpu_force, wb_isa_name, wb_cpu_threads,
 *                wb_cpu_set_threads
 *   numerics.h   activations, softmax, cross-entropy: wb_sigmoid, wb_sigmoid_grad, wb_tanh_grad,
 *                wb_relu, wb_relu_grad, wb_softmax_rows, wb_log_softmax_rows, wb_cross_entropy
 *   gradcheck.h  finite-difference gradient checks: wb_gradcheck, wb_gradcheck_within
 *
 * Data
 *   files.h      output directories, regular-file checks: wb_mkdir_parents, wb_is_file,
 *                wb_require_regular_file
 *   checkpoint.h a run's state in one file, saved safely (PATH.tmp, renamed) and read back
 *                checked (lengths, a hash) before anything is overwritten: wb_ckpt_save,
 *                wb_ckpt_load
 *   idx.h        MNIST-style IDX files (plain or .gz), checked to the byte: wb_idx_read,
 *                wb_idx_free, wb_idx_load_images, wb_idx_load_labels, wb_idx_load_pair,
 *                wb_idx_write
 *   corpus.h     text corpora: bytes -> vocabulary ids and back, corpora by name, the fixed verse
 *                split of weeks 10, 11, 14: wb_corpus_load, wb_corpus_choose, wb_corpus_free,
 *                wb_corpus_encode, wb_corpus_decode, wb_text_split_load, wb_text_split_free
 *   dataset.h    image data sets by name (DATA=sample|mnist|fashion) with the sample as fallback:
 *                wb_dataset_choose, wb_dataset_load, wb_dataset_available, wb_dataset_describe
 *   batch.h      seeded train/validation splits and shuffled minibatches: wb_split_make,
 *                wb_split_free, wb_batches_init, wb_batches_next, wb_batches_free, wb_batch_gather
 *
 * Pictures and runs
 *   image.h      images, PNG files, image grids: wb_image_new, wb_image_free, wb_png_read,
 *                wb_png_write, wb_image_grid, wb_png_write_grid
 *   draw.h       drawing into images (above image.h): WB_RGB, wb_fill_rect, wb_draw_text,
 *                wb_text_width, wb_font_glyph (a 5x7 bitmap font), wb_image_grid_captioned
 *   heatmap.h    matrices (confusion matrices) as heat-map PNGs: wb_heatmap_image, wb_heatmap_png
 *   textviz.h    text with a colour behind each character (what a hidden unit does):
 *                wb_text_heat_png
 *   plot.h       gnuplot line and scatter plots, to PNG and to the terminal: wb_plot_png,
 *                wb_plot_term, wb_plot_available
 *   dashboard.h  live training curves in the terminal and as PNGs: wb_dashboard_init,
 *                wb_dashboard_add, wb_dashboard_clear, wb_dashboard_show, wb_dashboard_png,
 *                wb_dashboard_free
 *   progress.h   progress bars: wb_progress_start, wb_progress_update, wb_progress_finish
 *   timing.h     a monotonic clock, CPU time, medians: wb_seconds, wb_cpu_seconds,
 *                wb_thread_cpu_seconds, wb_median
 *   settings.h   a run's numeric settings from the environment (EPOCHS=5): wb_setting
 *   interrupt.h  Ctrl-C as a request to stop and save: wb_interrupt_catch, wb_interrupted,
 *                wb_interrupt_release
 *   notwritten.h what a stub calls under each TODO, so that programs can name the functions not
 *                written yet: wb_not_written, wb_not_written_count, wb_not_written_name
 *
 * Tests (not in this include: testing.h, linked into test programs only): WB_TEST,
 * WB_ASSERT_CLOSE, WB_ASSERT_NEAR, WB_ASSERT_GRAD, WB_ASSERT_GRAD_WITHIN, wb_compare_floats,
 * wb_test_tmpdir, wb_guarded_floats, wb_guarded_free.
 *
 * No cycles: each module uses only modules before it in this order: error, files, checkpoint,
 * tensor, rng, cpu, simd, matmul, gemm, numerics, gradcheck, idx, corpus, dataset, batch, image,
 * draw, heatmap, textviz, plot, dashboard, timing, settings, interrupt, progress (testing.h uses
 * gradcheck).
 */
#ifndef WB_H
#define WB_H

#include "batch.h"
#include "checkpoint.h"
#include "corpus.h"
#include "cpu.h"
#include "dashboard.h"
#include "dataset.h"
#include "draw.h"
#include "error.h"
#include "files.h"
#include "gemm.h"
#include "gradcheck.h"
#include "heatmap.h"
#include "hooks.h"
#include "idx.h"
#include "interrupt.h"
#include "image.h"
#include "matmul.h"
#include "notwritten.h"
#include "numerics.h"
#include "plot.h"
#include "progress.h"
#include "rng.h"
#include "settings.h"
#include "simd.h"
#include "tensor.h"
#include "textviz.h"
#include "timing.h"

#endif
