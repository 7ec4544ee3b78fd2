"""torch1.py: PyTorch on one thread, really. A benchmark peer imports it first, before numpy
and torch (both load OpenBLAS, which reads its thread count when it is loaded):

    import torch1  # noqa: F401
    import numpy as np
    import torch

torch.set_num_threads(1) bounds ATen's own (OpenMP) threads only. Debian's PyTorch does its
matrix products in OpenBLAS (the pthreads build), whose pool has a thread per core, so a
"1-thread" peer ran its products on every core: mlp-epoch took 0.27 s of wall time and 0.53 s of
CPU time, and lstm-step, which reads the calling thread's CPU time, saw 39 ms per step where one
thread takes 56. OpenBLAS reads its thread count once, when it is loaded: so it is set here,
before numpy or torch loads it (imported after numpy, this module came too late).
OPENBLAS_CORETYPE, when the benchmark sets it (Haswell, for the AVX2 rows on an AVX-512
machine), is left as it is."""
import os

os.environ["OPENBLAS_NUM_THREADS"] = "1"
os.environ["OMP_NUM_THREADS"] = "1"

import torch  # noqa: E402

torch.set_num_threads(1)
