#!/usr/bin/python3
"""lenet-epoch.py -- the PyTorch peer of the lenet-epoch benchmark (a benchmark peer, not a project tool).

    /usr/bin/python3 harness/bench/lenet-epoch.py DIR MNIST_DIR  -> "cpu_seconds wall_seconds test_accuracy"
    /usr/bin/python3 harness/bench/lenet-epoch.py backend         -> one line: version, conv backend

Trains the same network as lenet-epoch.c for one epoch, on the same batches, from the same weights:
LeNet-5 as nn.Sequential (Conv2d(1,6,5,padding=2), ReLU, MaxPool2d(2), Conv2d(6,16,5), ReLU,
MaxPool2d(2), Flatten, Linear(400,120), ReLU, Linear(120,84), ReLU, Linear(84,10)), minibatches of
64 in the order DIR/order.bin (little-endian int32), Adam at 1e-3, cross-entropy, starting from
DIR/init.model (week 09's model file: "WBL5", version 1, six int32 sizes, float32 drop, uint32
count, float32 parameters in state_dict order, CRC-32). One thread. Only the epoch is timed.
"""
import torch1  # noqa: F401  (first: one thread, OpenBLAS's too; see torch1.py)
import mnist_peer  # noqa: I100  (after torch1)
import os
import struct
import sys
import zlib

import numpy as np
import torch


def lenet():
    return torch.nn.Sequential(
        torch.nn.Conv2d(1, 6, 5, padding=2), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Conv2d(6, 16, 5), torch.nn.ReLU(), torch.nn.MaxPool2d(2), torch.nn.Flatten(),
        torch.nn.Linear(400, 120), torch.nn.ReLU(), torch.nn.Linear(120, 84), torch.nn.ReLU(),
        torch.nn.Linear(84, 10))


def load_model(model, path):
    """Copy a week 09 model file's parameters into the nn.Sequential, in state_dict order."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:4] != b"WBL5" or struct.unpack("<I", data[4:8])[0] != 1:
        sys.exit(f"{path}: not a version 1 LeNet model file")
    if struct.unpack("<6i", data[8:32]) != (28, 6, 16, 120, 84, 10):
        sys.exit(f"{path}: not LeNet-5 on 28x28")
    if struct.unpack("<I", data[-4:])[0] != zlib.crc32(data[:-4]):
        sys.exit(f"{path}: corrupt (CRC-32)")
    count = struct.unpack("<I", data[36:40])[0]
    p = np.frombuffer(data[40:-4], dtype="<f4")
    params = list(model.parameters())
    if p.size != count or count != sum(t.numel() for t in params):
        sys.exit(f"{path}: {p.size} parameters, the network has {sum(t.numel() for t in params)}")
    at = 0
    with torch.no_grad():
        for t in params:
            t.copy_(torch.from_numpy(p[at:at + t.numel()].reshape(t.shape).copy()))
            at += t.numel()


def main():
    if sys.argv[1:] == ["backend"]:
        print(f"PyTorch {torch.__version__}, mkldnn (oneDNN) enabled: {torch.backends.mkldnn.is_available()}")
        return
    if len(sys.argv) != 3:
        sys.exit("usage: lenet-epoch.py DIR MNIST_DIR")
    out_dir, mnist = sys.argv[1], sys.argv[2]
    x, y, xt, yt = mnist_peer.load(mnist, (-1, 1, 28, 28))
    order = mnist_peer.read_order(out_dir, x.shape[0])
    model = lenet()
    load_model(model, os.path.join(out_dir, "init.model"))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)

    wall, cpu = mnist_peer.train_epoch(model, opt, x, y, order)
    acc = mnist_peer.accuracy(model, xt, yt)
    print(f"{cpu:.4f} {wall:.4f} {acc:.4f}")


if __name__ == "__main__":
    main()
