#!/usr/bin/env python3
"""gpt-step.py — the PyTorch peer of harness/bench/gpt-step.c: the same GPT, the same step.

    gpt-step.py STEPS    -> prints "seconds_per_step cpu_seconds_per_step loss_of_the_last_step"

Week 14's model written with torch.nn in the plainest way (no fused kernels, no torch.compile):
V 63, 4 pre-norm blocks of width 128 with 4 heads, context 128, GELU (tanh form), a head tied to
the token embeddings; batch 16 of random ids; each step is forward, cross-entropy, backward, clip
to norm 1 and Adam. One thread (torch1.py); one warm-up step is not timed. No
dropout, as gpt-step.c (drop 0; the driver trains with 0.1): the same computation on both sides.
"""
import torch1  # noqa: F401  (first: one thread, OpenBLAS's too; see torch1.py)
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

V, C, L, NH, T, B = 63, 128, 4, 4, 128, 16


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.ln1, self.ln2 = nn.LayerNorm(C), nn.LayerNorm(C)
        self.qkv, self.proj = nn.Linear(C, 3 * C), nn.Linear(C, C)
        self.fc, self.fcproj = nn.Linear(C, 4 * C), nn.Linear(4 * C, C)
        self.register_buffer("mask", torch.tril(torch.ones(T, T, dtype=torch.bool)))

    def forward(self, x):
        b, t, c = x.shape
        q, k, v = self.qkv(self.ln1(x)).split(C, dim=2)
        q, k, v = (z.view(b, t, NH, C // NH).transpose(1, 2) for z in (q, k, v))
        s = (q @ k.transpose(-2, -1)) / (C // NH) ** 0.5
        a = F.softmax(s.masked_fill(~self.mask[:t, :t], float("-inf")), dim=-1)
        y = (a @ v).transpose(1, 2).contiguous().view(b, t, c)
        x = x + self.proj(y)
        return x + self.fcproj(F.gelu(self.fc(self.ln2(x)), approximate="tanh"))


class GPT(nn.Module):
    def __init__(self):
        super().__init__()
        self.wte, self.wpe = nn.Embedding(V, C), nn.Embedding(T, C)
        self.blocks = nn.ModuleList(Block() for _ in range(L))
        self.lnf = nn.LayerNorm(C)

    def forward(self, idx, targets):
        x = self.wte(idx) + self.wpe(torch.arange(idx.shape[1]))
        for blk in self.blocks:
            x = blk(x)
        logits = self.lnf(x) @ self.wte.weight.t()
        return F.cross_entropy(logits.view(-1, V), targets.view(-1))


def main():
    steps = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    torch.manual_seed(1)
    m = GPT()
    for p in m.parameters():  # as the C model: N(0, 0.02^2) weights (layer norms keep 1 and 0)
        if p.dim() >= 2:
            nn.init.normal_(p, 0.0, 0.02)
    opt = torch.optim.Adam(m.parameters(), lr=1e-3)
    x, y = torch.randint(0, V, (B, T)), torch.randint(0, V, (B, T))

    def step():
        opt.zero_grad(set_to_none=True)
        loss = m(x, y)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(m.parameters(), 1.0)
        opt.step()
        return loss.item()

    step()
    t0, c0 = time.perf_counter(), time.process_time()
    for _ in range(steps):
        loss = step()
    print("%.5f %.5f %.4f" % ((time.perf_counter() - t0) / steps, (time.process_time() - c0) / steps, loss))


if __name__ == "__main__":
    main()
