#!/usr/bin/env python3
"""Straightforward PyTorch baseline of the sequence kernels' workloads, timed on the same shapes as
`specverify gpu bench --scheme block|tree-rrs`.

block: B requests x gamma drafted tokens (block verification, Sun et al. 2403.10444): rho_0 = 1,
rho_i = min(1, rho_(i-1) p_i(x_i) / q_i(x_i)); h_i = M_i / (M_i + 1 - rho_i) with M_i = sum (rho_i p_(i+1) - q_(i+1))+
for i < gamma, h_gamma = rho_gamma; tau = the largest i with u_i < h_i (0 if none); then a token from
norm((rho_tau p_(tau+1) - q_(tau+1))+), or the bonus from p_(gamma+1) when tau = gamma.
tree-rrs: B requests, a token tree of a fixed shape (children per depth) in depth-first order, iid children; from the
root, recursive rejection sampling among a node's children (accept x_j iff u q(x_j) < r_j(x_j), r_(j+1) =
norm((r_j - q)+)), descending into the accepted child; a residual token after all children of a node are rejected, a
bonus token from p at a leaf. Rows are indexed by slot (0 the root, i + 1 node i), as the kernel's.
Written as an engine would write it first, with tensor ops and no custom kernel. Prints one JSON object per workload.
"""
import argparse
import json

import torch

from torch_baseline import chain_rows, rows, timed


def block(p, q, x, gen):
    # p: [B, G + 1, V], q: [B, G, V], x: [B, G] drafted tokens
    b, g = x.shape
    ar = torch.arange(b, device=p.device)
    px = p[:, :g, :].gather(2, x.unsqueeze(2)).squeeze(2)
    qx = q.gather(2, x.unsqueeze(2)).squeeze(2)
    rho = torch.ones(b, g + 1, dtype=p.dtype, device=p.device)
    for i in range(1, g + 1):
        rho[:, i] = torch.clamp(rho[:, i - 1] * px[:, i - 1] / qx[:, i - 1], max=1.0)
    h = torch.empty(b, g + 1, dtype=p.dtype, device=p.device)
    for i in range(1, g):
        m = torch.clamp(rho[:, i:i + 1] * p[:, i, :] - q[:, i, :], min=0).sum(dim=1)
        den = m + 1 - rho[:, i]
        h[:, i] = torch.where(den == 0, torch.ones_like(m), m / torch.where(den == 0, torch.ones_like(den), den))
    h[:, g] = rho[:, g]
    u = torch.rand(b, g, generator=gen, device=p.device)
    ok = u < h[:, 1:]
    idx = torch.arange(1, g + 1, device=p.device).expand(b, g)
    tau = torch.where(ok, idx, torch.zeros_like(idx)).max(dim=1).values
    t = tau.clamp(max=g - 1)
    resid = torch.clamp(rho[ar, t].unsqueeze(1) * p[ar, t] - q[ar, t], min=0)
    resid = resid / resid.sum(dim=1, keepdim=True).clamp(min=1e-30)
    rtok = torch.multinomial(resid, 1, generator=gen).squeeze(1)
    bonus = torch.multinomial(p[:, g, :], 1, generator=gen).squeeze(1)
    last = torch.where(tau == g, bonus, rtok)
    return tau, last


def tree_layout(shape):
    """Parents of a full tree of the shape in depth-first order, and the children of every slot."""
    parents = []

    def grow(depth, parent):
        if depth == len(shape):
            return
        for _ in range(shape[depth]):
            node = len(parents)
            parents.append(parent)
            grow(depth + 1, node)

    grow(0, -1)
    kids = [[] for _ in range(len(parents) + 1)]
    for i, par in enumerate(parents):
        kids[par + 1].append(i)
    return parents, kids


def tree_rrs(p, q, tokens, kids, gen):
    # p, q: [B, N + 1, V] by slot; tokens: [B, N]; kids: children (node ids) of every slot
    b = p.shape[0]
    dev = p.device
    ar = torch.arange(b, device=dev)
    slot = torch.zeros(b, dtype=torch.long, device=dev)
    done = torch.zeros(b, dtype=torch.bool, device=dev)
    accepted = torch.zeros(b, dtype=torch.long, device=dev)
    last = torch.full((b,), -1, dtype=torch.long, device=dev)
    kmax = max(len(k) for k in kids)
    # the children table [N + 1, kmax] (-1 padded) and the count per slot
    table = torch.full((len(kids), kmax), -1, dtype=torch.long, device=dev)
    for s, k in enumerate(kids):
        if k:
            table[s, :len(k)] = torch.tensor(k, device=dev)
    count = (table >= 0).sum(dim=1)
    while not bool(done.all()):
        pr = p[ar, slot]
        qr = q[ar, slot]
        r = pr.clone()
        nk = count[slot]
        acc_child = torch.full((b,), -1, dtype=torch.long, device=dev)
        for j in range(kmax):
            child = table[slot, j]
            live = (~done) & (acc_child < 0) & (j < nk)
            x = tokens[ar, child.clamp(min=0)]
            u = torch.rand(b, generator=gen, device=dev)
            a = live & (u * qr[ar, x] < r[ar, x])
            acc_child = torch.where(a, child, acc_child)
            r2 = torch.clamp(r - qr, min=0)
            r2 = r2 / r2.sum(dim=1, keepdim=True).clamp(min=1e-30)
            r = torch.where((live & ~a).unsqueeze(1), r2, r)
        end = (~done) & (acc_child < 0)
        tok = torch.multinomial(r, 1, generator=gen).squeeze(1)
        last = torch.where(end, tok, last)
        moved = (~done) & (acc_child >= 0)
        accepted = accepted + moved.long()
        slot = torch.where(moved, acc_child + 1, slot)
        done = done | end
    return accepted, last


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--device", default="cuda")
    ap.add_argument("--vocab", type=int, default=128256)
    ap.add_argument("--requests", type=int, default=256)
    ap.add_argument("--gamma", type=int, default=4)
    ap.add_argument("--shape", default="2,2,1")
    ap.add_argument("--repeats", type=int, default=10)
    a = ap.parse_args()
    gen = torch.Generator(device=a.device)
    gen.manual_seed(7)
    g = a.gamma
    pb, qb = chain_rows(a.requests, g, a.vocab, gen, a.device)
    x = torch.multinomial(qb.reshape(-1, a.vocab), 1, generator=gen).reshape(a.requests, g)
    t = timed(lambda: block(pb, qb, x, gen), a.repeats, a.device)
    bytes_read = a.requests * (2 * g + 1) * a.vocab * 4
    print(json.dumps({"baseline": "torch", "mode": "block", "device": a.device, "torch": torch.__version__,
                      "vocab": a.vocab, "gamma": g, "requests": a.requests, "seconds": t,
                      "requestsPerSecond": a.requests / t, "gigabytesPerSecond": bytes_read / t / 1e9}))
    shape = [int(s) for s in a.shape.split(",")]
    parents, kids = tree_layout(shape)
    n = len(parents)
    pt, qt = rows(a.requests * (n + 1), a.vocab, gen, a.device)
    pt = pt.reshape(a.requests, n + 1, a.vocab)
    qt = qt.reshape(a.requests, n + 1, a.vocab)
    # each node's token drawn from its parent slot's draft row (iid siblings)
    par = torch.tensor([pp + 1 for pp in parents], device=a.device)
    tokens = torch.multinomial(qt[:, par, :].reshape(-1, a.vocab), 1, generator=gen).reshape(a.requests, n)
    t = timed(lambda: tree_rrs(pt, qt, tokens, kids, gen), a.repeats, a.device)
    bytes_read = a.requests * 2 * (n + 1) * a.vocab * 4
    print(json.dumps({"baseline": "torch", "mode": "tree-rrs", "device": a.device, "vocab": a.vocab,
                      "shape": a.shape, "nodes": n, "requests": a.requests, "seconds": t,
                      "requestsPerSecond": a.requests / t, "gigabytesPerSecond": bytes_read / t / 1e9}))


if __name__ == "__main__":
    main()
