#!/usr/bin/env python3
"""Straightforward PyTorch baseline of the GPU kernels' workloads, timed on the same shapes as `specverify gpu bench`.

rrs: B positions, K = 4 iid drafts from one draft law, V tokens: accept draft k iff u * q(x_k) < p_k(x_k), residual
p_{k+1} = norm((p_k - q)+), a final draw from the residual when all are rejected (torch.multinomial).
chain sd: B requests x G positions, the first rejection draws from norm((p - q)+) and ends the request, a bonus token
from the target row G + 1 when all G are accepted.
Written as an engine would write it first, with tensor ops and no custom kernel. Prints one JSON object per workload.
"""
import argparse
import json
import time

import torch


def rows(b, v, gen, device):
    logits = torch.randn(b, v, generator=gen, device=device)
    p = torch.softmax(logits, dim=-1)
    q = torch.softmax(logits + 0.7 * torch.randn(b, v, generator=gen, device=device), dim=-1)
    return p, q


def chain_rows(requests, g, v, gen, device):
    """Target rows [requests, g + 1, v] and draft rows [requests, g, v] of a chain of g drafted tokens."""
    p, q = rows(requests * (g + 1), v, gen, device)
    p = p.reshape(requests, g + 1, v)
    q = q.reshape(requests, g + 1, v)[:, :g, :].contiguous()
    return p, q


def rrs(p, q, k, gen):
    b = p.shape[0]
    drafts = torch.multinomial(q, k, replacement=True, generator=gen)
    u = torch.rand(b, k, generator=gen, device=p.device)
    pk = p.clone()
    out = torch.full((b,), -1, dtype=torch.long, device=p.device)
    done = torch.zeros(b, dtype=torch.bool, device=p.device)
    for j in range(k):
        x = drafts[:, j:j + 1]
        acc = (u[:, j:j + 1] * q.gather(1, x) < pk.gather(1, x)).squeeze(1) & ~done
        out = torch.where(acc, x.squeeze(1), out)
        done = done | acc
        pk = torch.clamp(pk - q, min=0)
        pk = pk / pk.sum(dim=1, keepdim=True).clamp(min=1e-30)
    res = torch.multinomial(pk, 1, generator=gen).squeeze(1)
    return torch.where(done, out, res)


def chain_sd(p, q, g, gen):
    # p: [B, G + 1, V], q: [B, G, V]
    b = p.shape[0]
    drafts = torch.multinomial(q.reshape(-1, q.shape[-1]), 1, generator=gen).reshape(b, g)
    u = torch.rand(b, g, generator=gen, device=p.device)
    pd = p[:, :g, :].gather(2, drafts.unsqueeze(2)).squeeze(2)
    qd = q.gather(2, drafts.unsqueeze(2)).squeeze(2)
    acc = u * qd < pd
    accepted = torch.cumprod(acc.int(), dim=1).sum(dim=1)
    idx = accepted.clamp(max=g - 1)
    pr = p[torch.arange(b), idx]
    qr = q[torch.arange(b), idx]
    resid = torch.clamp(pr - qr, min=0)
    resid = resid / resid.sum(dim=1, keepdim=True).clamp(min=1e-30)
    rtok = torch.multinomial(resid, 1, generator=gen).squeeze(1)
    bonus = torch.multinomial(p[:, g, :], 1, generator=gen).squeeze(1)
    last = torch.where(accepted == g, bonus, rtok)
    return accepted, last


def timed(fn, repeats, device):
    fn()
    if device == "cuda":
        torch.cuda.synchronize()
    ts = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        if device == "cuda":
            torch.cuda.synchronize()
        ts.append(time.perf_counter() - t0)
    ts.sort()
    return ts[len(ts) // 2]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--device", default="cuda")
    ap.add_argument("--vocab", type=int, default=128256)
    ap.add_argument("--batch", type=int, default=1024)
    ap.add_argument("--k", type=int, default=4)
    ap.add_argument("--requests", type=int, default=256)
    ap.add_argument("--g", type=int, default=4)
    ap.add_argument("--repeats", type=int, default=10)
    a = ap.parse_args()
    gen = torch.Generator(device=a.device)
    gen.manual_seed(7)
    p, q = rows(a.batch, a.vocab, gen, a.device)
    t = timed(lambda: rrs(p, q, a.k, gen), a.repeats, a.device)
    bytes_read = a.batch * 2 * a.vocab * 4
    print(json.dumps({"baseline": "torch", "mode": "rrs", "device": a.device, "torch": torch.__version__,
                      "vocab": a.vocab, "k": a.k, "batch": a.batch, "seconds": t,
                      "positionsPerSecond": a.batch / t, "gigabytesPerSecond": bytes_read / t / 1e9}))
    pc, qc = chain_rows(a.requests, a.g, a.vocab, gen, a.device)
    t = timed(lambda: chain_sd(pc, qc, a.g, gen), a.repeats, a.device)
    print(json.dumps({"baseline": "torch", "mode": "chain-sd", "device": a.device, "vocab": a.vocab, "g": a.g,
                      "requests": a.requests, "seconds": t, "positionsPerSecond": a.requests * a.g / t}))


if __name__ == "__main__":
    main()
