/* wb.h — the whole harness in one include. Each module's header says how to use it:
 *   error.h     one-line errors, allocation that fails loudly
 *   tensor.h    float32 tensors, one parameter buffer with named views
 *   rng.h       seeded, portable random numbers
 *   matmul.h    the reference matrix multiply (the correctness oracle)
 *   gemm.h      the fast matrix multiply every week uses (blocked, packed, SIMD, threaded)
 *   simd.h      vectorised elementwise kernels: axpy, activations, softmax, reductions
 *   cpu.h       which instruction set the kernels use (HARNESS_ISA forces one)
 *   numerics.h  activations, softmax, cross-entropy
 *   gradcheck.h finite-difference gradient checks
 *   image.h     PNG files and image grids
 *   plot.h      gnuplot line and scatter plots, to PNG and to the terminal
 *   progress.h  progress bars and timing
 *   files.h     creating output directories
 *   idx.h       MNIST-style IDX files (plain or .gz), checked to the byte
 *   corpus.h    text corpora: bytes -> vocabulary ids and back
 *   batch.h     seeded train/validation splits and shuffled minibatches
 *   dataset.h   data sets by name (DATA=sample|mnist|fashion, poetry) with the sample as fallback
 *   font.h      a 5x7 bitmap font: captions on image grids
 *   heatmap.h   matrices (confusion matrices) as heat-map PNGs
 *   dashboard.h live training curves in the terminal and as PNGs
 */
#ifndef WB_H
#define WB_H

#include "batch.h"
#include "corpus.h"
#include "cpu.h"
#include "dashboard.h"
#include "dataset.h"
#include "error.h"
#include "files.h"
#include "font.h"
#include "gemm.h"
#include "gradcheck.h"
#include "heatmap.h"
#include "hooks.h"
#include "idx.h"
#include "image.h"
#include "matmul.h"
#include "numerics.h"
#include "plot.h"
#include "progress.h"
#include "rng.h"
#include "simd.h"
#include "tensor.h"

#endif
