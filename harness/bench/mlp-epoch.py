#!/usr/bin/python3
"""mlp-epoch.py -- the PyTorch peer of the mlp-epoch benchmark (a benchmark peer, not a project tool).

    /usr/bin/python3 harness/bench/mlp-epoch.py DIR MNIST_DIR   -> prints "seconds test_accuracy torch cpu_seconds"

Trains the same network as mlp-epoch.c for one epoch, on the same batches, from the same weights:
a 784-128-10 ReLU MLP (nn.Linear layers), minibatches of 64 in the order DIR/order.bin (little-
endian int32, written by mlp-epoch.c), plain SGD at learning rate 0.1, cross-entropy loss, starting
from DIR/init.model (week 06's model file: "WBNN", version, layer sizes, activations, float32
parameters W0 b0 W1 b1, CRC-32). One thread (torch1.py). Only the epoch is timed.
"""
import torch1  # noqa: F401  (first: one thread, OpenBLAS's too; see torch1.py)
import mnist_peer  # noqa: I100  (after torch1)
import os
import struct
import sys
import zlib

import numpy as np
import torch


def read_model(path):
    """The parameters of a 784-128-10 relu/none network from a week 06 model file."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:4] != b"WBNN" or struct.unpack("<I", data[4:8])[0] != 1:
        sys.exit(f"{path}: not a version 1 model file")
    header = struct.unpack("<6I", data[8:32])  # L, 3 sizes, 2 activations
    if header != (2, 784, 128, 10, 1, 0):
        sys.exit(f"{path}: expected a 784-128-10 relu network, got {header}")
    if struct.unpack("<I", data[-4:])[0] != zlib.crc32(data[:-4]):
        sys.exit(f"{path}: corrupt (CRC-32)")
    p = np.frombuffer(data[32:-4], dtype="<f4")
    shapes = [(128, 784), (128,), (10, 128), (10,)]
    out, at = [], 0
    for s in shapes:
        k = int(np.prod(s))
        out.append(torch.from_numpy(p[at:at + k].reshape(s).copy()))
        at += k
    if at != p.size:
        sys.exit(f"{path}: {p.size} parameters, expected {at}")
    return out


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: mlp-epoch.py DIR MNIST_DIR")
    out_dir, mnist = sys.argv[1], sys.argv[2]
    x, y, xt, yt = mnist_peer.load(mnist, (-1, 784))
    order = mnist_peer.read_order(out_dir, x.shape[0])

    model = torch.nn.Sequential(torch.nn.Linear(784, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10))
    with torch.no_grad():
        for param, value in zip(model.parameters(), read_model(os.path.join(out_dir, "init.model"))):
            param.copy_(value)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)

    wall, cpu = mnist_peer.train_epoch(model, opt, x, y, order)
    acc = mnist_peer.accuracy(model, xt, yt)
    print(f"{wall:.4f} {acc:.4f} torch {cpu:.4f}")


if __name__ == "__main__":
    main()
