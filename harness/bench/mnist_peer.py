"""mnist_peer.py: what the two MNIST peers share (lenet-epoch.py, mlp-epoch.py), imported after
torch1.py:

    import torch1  # noqa: F401
    import mnist_peer
    x, y, xt, yt = mnist_peer.load(mnist_dir, (-1, 784))      # float images in [0,1], int64 labels
    order = mnist_peer.read_order(out_dir, x.shape[0])         # the C side's batch order
    wall, cpu = mnist_peer.train_epoch(model, opt, x, y, order)
    print(mnist_peer.accuracy(model, xt, yt))
"""
import gzip
import os
import struct
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

BATCH = 64


def read_idx(path):
    """An IDX file of unsigned bytes (plain or .gz) as a numpy array."""
    if not os.path.exists(path):
        path += ".gz"
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    zero, kind, rank = struct.unpack(">HBB", data[:4])
    if zero != 0 or kind != 8:
        sys.exit(f"{path}: not an IDX file of unsigned bytes")
    dims = struct.unpack(">" + "I" * rank, data[4:4 + 4 * rank])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * rank).reshape(dims)


def load(mnist, shape):
    """Training and test images (reshaped to shape, scaled to [0,1]) and labels."""
    def images(name):
        raw = read_idx(os.path.join(mnist, name))
        return torch.from_numpy(raw.reshape(shape).astype(np.float32) / 255)

    def labels(name):
        return torch.from_numpy(read_idx(os.path.join(mnist, name)).astype(np.int64))

    return (images("train-images-idx3-ubyte"), labels("train-labels-idx1-ubyte"),
            images("t10k-images-idx3-ubyte"), labels("t10k-labels-idx1-ubyte"))


def read_order(out_dir, n):
    """DIR/order.bin: the n training indices in the C side's order (little-endian int32)."""
    path = os.path.join(out_dir, "order.bin")
    order = torch.from_numpy(np.fromfile(path, dtype="<i4").astype(np.int64))
    if order.numel() != n:
        sys.exit(f"order.bin has {order.numel()} indices for {n} images")
    return order


def train_epoch(model, opt, x, y, order):
    """One epoch of minibatches of 64 in that order, cross-entropy; (wall, CPU) seconds."""
    t0, c0 = time.perf_counter(), time.process_time()
    for start in range(0, x.shape[0], BATCH):
        idx = order[start:start + BATCH]
        opt.zero_grad()
        loss = F.cross_entropy(model(x[idx]), y[idx])
        loss.backward()
        opt.step()
    return time.perf_counter() - t0, time.process_time() - c0


def accuracy(model, xt, yt):
    with torch.no_grad():
        return (model(xt).argmax(1) == yt).float().mean().item()
