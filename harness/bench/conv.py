#!/usr/bin/python3
"""conv.py -- the PyTorch peer of the conv benchmark (a benchmark peer, not a project tool).

    /usr/bin/python3 harness/bench/conv.py ITERS [native]   -> prints "seconds_per_iteration"
    /usr/bin/python3 harness/bench/conv.py backend          -> one line naming the conv backend and BLAS

The same work as conv.c, one thread (torch1.py): forward + backward of LeNet-5's two
conv layers for a batch of 64, conv1 x (64,1,28,28) w (6,1,5,5) pad 2 (no input gradient: the first
layer), conv2 x (64,6,14,14) w (16,6,5,5) (input gradient too), with given output gradients. The
time is the thread's CPU time (time.thread_time(), as conv.c measures; with one thread PyTorch runs
forward and backward in the calling thread), the median of ITERS iterations after one warm-up.
With "native", oneDNN (MKL-DNN) is switched off, so PyTorch uses its native ATen convolution
(slow_conv2d: im2col + BLAS), the same algorithm as ours.
"""
import torch1  # noqa: F401  (first: one thread, OpenBLAS's too; see torch1.py)
import os
import re
import sys
import time

import torch
import torch.nn.functional as F


def backend():
    cfg = torch.__config__.show()
    blas = re.search(r"BLAS_INFO=([^,\s]+)", cfg)
    cap = re.search(r"CPU capability usage: (\S+)", cfg)
    lib = blas_library()
    mkldnn = torch.backends.mkldnn.is_available() and torch.backends.mkldnn.enabled
    return (f"PyTorch {torch.__version__}: conv2d on {'oneDNN (MKL-DNN)' if mkldnn else 'slow_conv2d (im2col + BLAS)'}, "
            f"BLAS_INFO={blas.group(1) if blas else '?'}{' -> ' + lib if lib else ''}, "
            f"CPU capability {cap.group(1) if cap else '?'}")


def blas_library():
    """The BLAS library this process actually mapped (Debian's 'generic' BLAS is an alternative)."""
    try:
        torch.mm(torch.ones(64, 64), torch.ones(64, 64))
        with open("/proc/self/maps") as f:
            names = {os.path.realpath(line.split()[-1]) for line in f if "blas" in line.lower() and "/" in line}
        return ", ".join(sorted(os.path.basename(n) for n in names))
    except OSError:
        return ""


def main():
    if len(sys.argv) == 2 and sys.argv[1] == "backend":
        print(backend())
        return
    if len(sys.argv) not in (2, 3):
        sys.exit("usage: conv.py ITERS [native] | conv.py backend")
    iters = int(sys.argv[1])
    native = len(sys.argv) == 3 and sys.argv[2] == "native"
    torch.manual_seed(1)
    x1 = torch.rand(64, 1, 28, 28) * 2 - 1
    w1 = (torch.rand(6, 1, 5, 5) * 2 - 1).requires_grad_()
    b1 = (torch.rand(6) * 2 - 1).requires_grad_()
    x2 = (torch.rand(64, 6, 14, 14) * 2 - 1).requires_grad_()
    w2 = (torch.rand(16, 6, 5, 5) * 2 - 1).requires_grad_()
    b2 = (torch.rand(16) * 2 - 1).requires_grad_()
    dy1 = torch.rand(64, 6, 28, 28) * 2 - 1
    dy2 = torch.rand(64, 16, 10, 10) * 2 - 1

    def step():
        y1 = F.conv2d(x1, w1, b1, padding=2)
        y2 = F.conv2d(x2, w2, b2)
        torch.autograd.backward([y1, y2], [dy1, dy2])
        for p in (w1, b1, x2, w2, b2):
            p.grad = None

    times = []
    with torch.backends.mkldnn.flags(enabled=not native):
        for i in range(iters + 1):
            t0 = time.thread_time()
            step()
            if i > 0:
                times.append(time.thread_time() - t0)
    times.sort()
    print(f"{times[len(times) // 2]:.6f}")


if __name__ == "__main__":
    main()
