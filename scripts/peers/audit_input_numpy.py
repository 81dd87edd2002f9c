#!/usr/bin/env python3
"""Peer of `specverify audit --input` in plain vectorised numpy (what a careful user would write).

For a safetensors dump with target [N, V] and draft [N, V] (probabilities; one draft law per position, K iid draws of
it) it computes, per position, the default quantities of `audit --input` at K >= 2: rrs, kseq (test acceptance at the
K-SEQ rho), greedy, deterministic, equality-match and alpha* for iid drafts, all in float64 with numpy's sums, and
prints the mean of each. It also times the memory-read floor: reading the position's two rows once (a copy of each into
a buffer, from the page cache).

    python3 scripts/peers/audit_input_numpy.py FILE --k 4 [--positions N] [--json] [--per-position]

numpy only (no project code). The agreement with the project is checked by PeerAgreementTest (report module).
"""
import argparse
import json
import struct
import sys
import time

import numpy as np

QUANTITIES = ["rrs", "kseq", "greedy", "deterministic", "equality-match", "alpha*"]


def open_dump(path):
    with open(path, "rb") as f:
        (length,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(length))
    base = 8 + length
    raw = np.memmap(path, dtype=np.uint8, mode="r")
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        start, end = info["data_offsets"]
        dtype = info["dtype"]
        shape = tuple(info["shape"])
        buf = raw[base + start: base + end]
        if dtype == "F32":
            arr = buf.view("<f4").reshape(shape)
        elif dtype == "F16":
            arr = buf.view("<f2").reshape(shape)
        elif dtype == "BF16":
            arr = buf.view("<u2").reshape(shape)
        else:
            raise SystemExit(f"{path}: tensor {name!r} has dtype {dtype}; this peer reads F32, F16 and BF16")
        tensors[name] = (arr, dtype)
    return tensors


def row(tensor, i):
    arr, dtype = tensor
    r = arr[i]
    if dtype == "BF16":
        return (r.astype(np.uint32) << 16).view(np.float32).astype(np.float64)
    return r.astype(np.float64)


def quantities(p, q, k):
    p = p / p.sum()
    q = q / q.sum()
    out = {}
    # rrs on K iid drafts: unnormalised residuals R_{k+1} = (R_k - P_k q)+, alpha = 1 - P_{K+1}
    r = p
    mass = 1.0
    for _ in range(k):
        r = np.maximum(r - mass * q, 0.0)
        mass = r.sum()
    out["rrs"] = 1.0 - mass
    # one sort by p/q (q = 0 last) for alpha* and kseq
    positive = q > 0
    ratio = np.full(p.shape, np.inf)
    np.divide(p, q, out=ratio, where=positive)
    order = np.argsort(ratio, kind="stable")
    cp = np.cumsum(p[order])
    cq = np.cumsum(q[order])
    sorted_ratio = ratio[order]
    out["alpha*"] = min(1.0, float(np.min(cp + (1.0 - cq ** k))))
    total_q = cq[-1]

    def beta(rho):
        j = int(np.searchsorted(sorted_ratio, rho, side="left"))
        below_p = cp[j - 1] if j > 0 else 0.0
        below_q = cq[j - 1] if j > 0 else 0.0
        return min(1.0, below_p / rho + (total_q - below_q))

    def h(rho):
        b = beta(rho)
        return rho * b - 1.0 + (1.0 - b) ** k

    lo, hi = 1.0, float(k)
    if h(lo) < 0:
        while hi - lo > 1e-13:
            mid = 0.5 * (lo + hi)
            if h(mid) >= 0:
                hi = mid
            else:
                lo = mid
    else:
        hi = 1.0
    if hi > 1.0:
        # K-SEQ's rho is the point of its dyadic grid more than one step above the root (KSeq.rho in the project)
        grid = 2.0 ** (-42 + max(0, int(np.ceil(np.log2(len(p)))) - 5))
        hi = min(float(k), (np.floor(hi / grid) + 2) * grid)
    out["kseq"] = 1.0 - (1.0 - beta(hi)) ** k
    # greedy: the top K-1 tokens of q fixed, one more draft from q renormalised outside them
    top = np.argpartition(-q, k - 1)[: k - 1] if k > 1 else np.array([], dtype=np.int64)
    fixed = np.zeros(p.shape, dtype=bool)
    fixed[top] = True
    rest = q[~fixed].sum()
    out["greedy"] = p[fixed].sum() + np.minimum(p[~fixed], q[~fixed] / rest).sum()
    # deterministic: the K most likely tokens of q
    out["deterministic"] = p[np.argpartition(-q, k - 1)[:k]].sum()
    # equality-match on K iid drafts
    out["equality-match"] = float(np.dot(p, 1.0 - (1.0 - q) ** k))
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file")
    ap.add_argument("--k", type=int, default=4)
    ap.add_argument("--positions", type=int, default=0, help="only the first N positions (0: all)")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--per-position", action="store_true", help="print one line per position and quantity")
    a = ap.parse_args(argv)
    if a.k < 2:
        raise SystemExit("this peer computes the K >= 2 quantities; use --k 2 or more")
    t = open_dump(a.file)
    target, draft = t["target"], t["draft"]
    n, v = target[0].shape
    if draft[0].shape != (n, v):
        raise SystemExit(f"{a.file}: draft has shape {draft[0].shape}; this peer reads draft [N, V] = [{n}, {v}]")
    if a.positions:
        n = min(n, a.positions)
    # the floor: copy each position's two rows once into a buffer (a memory-speed read), after a first touch so the
    # page cache holds them
    buf = np.empty(target[0].shape[1:], dtype=target[0].dtype)
    for i in range(n):
        np.copyto(buf, target[0][i])
        np.copyto(buf, draft[0][i])
    f0 = time.perf_counter()
    for i in range(n):
        np.copyto(buf, target[0][i])
        np.copyto(buf, draft[0][i])
    floor = time.perf_counter() - f0
    sums = {name: 0.0 for name in QUANTITIES}
    c0 = time.process_time()
    w0 = time.perf_counter()
    lines = []
    for i in range(n):
        qs = quantities(row(target, i), row(draft, i), a.k)
        for name in QUANTITIES:
            qs[name] = float(qs[name])
            sums[name] += qs[name]
            if a.per_position:
                lines.append(f"{i} {name} {qs[name]!r}")
    seconds = time.perf_counter() - w0
    cpu = time.process_time() - c0
    result = {
        "peer": "numpy " + np.__version__,
        "positions": n,
        "vocab": v,
        "k": a.k,
        "seconds": seconds,
        "cpu_seconds": cpu,
        "positions_per_second": n / seconds,
        "floor_seconds_per_position": floor / n,
        "means": {name: sums[name] / n for name in QUANTITIES},
    }
    if a.json:
        print(json.dumps(result, indent=2))
    else:
        for line in lines:
            print(line)
        for name in QUANTITIES:
            print(f"mean {name} {result['means'][name]!r}")
        print(f"{n} positions in {seconds:.3f} s ({n / seconds:.1f} positions/s, {1000 * cpu / n:.2f} ms CPU per"
              f" position); reading the two rows: {1e3 * floor / n:.4f} ms per position")
    return 0


if __name__ == "__main__":
    sys.exit(main())
