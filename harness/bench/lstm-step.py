# lstm-step.py — the PyTorch side of `make bench`'s lstm-step row (see lstm-step.sh): forward +
# backward of nn.LSTM(63, 256), one layer, T = 64 steps, B = 32, one-hot inputs (no input
# gradient), from a random dL/dh; one thread. Prints "seconds_per_iteration forward_seconds"
# (this thread's CPU time, median of ITERS after one warm-up).
import torch1  # noqa: F401  (first: one thread, OpenBLAS's too; see torch1.py)
import sys
import time

import torch

V, H, T, B = 63, 256, 64, 32
if len(sys.argv) > 1 and sys.argv[1] == "backend":
    print("PyTorch %s, nn.LSTM on the CPU (%s)" % (torch.__version__, torch.backends.mkldnn.is_available()
                                                  and "oneDNN available" or "no oneDNN"))
    sys.exit(0)
iters = int(sys.argv[1]) if len(sys.argv) > 1 else 10
torch.manual_seed(1)
lstm = torch.nn.LSTM(V, H)
x = torch.nn.functional.one_hot(torch.randint(0, V, (T, B)), V).float()
dh = torch.rand(T, B, H) * 2 - 1
tot, fwd = [], []
for it in range(iters + 1):
    lstm.zero_grad()
    t0 = time.thread_time()
    out, _ = lstm(x)
    t1 = time.thread_time()
    out.backward(dh)
    t2 = time.thread_time()
    if it:
        tot.append(t2 - t0), fwd.append(t1 - t0)
tot.sort(), fwd.sort()
print("%.6f %.6f" % (tot[len(tot) // 2], fwd[len(fwd) // 2]))
