#!/usr/bin/env python3
"""Peer of `specverify bench decide --scheme rrs` in plain vectorised numpy (what a careful user would write).

Same workload shape as the project's benchmark: `--rows` seeded LLM-like row pairs (Zipf-like target logits with
noise, a noisier draft at temperature 1.5, softmax rounded to float32), cycled over `--positions` positions; K iid
drafts per position drawn from the draft row by inverse CDF; then per position, timed: read the two float32 rows,
normalise in float64 and decide rrs (recursive rejection sampling on K iid drafts: draft i is accepted when
u_i * q(x_i) < r_i(x_i), else r_{i+1} = norm((r_i - q)+); when every draft is rejected, Y ~ r_{K+1} by inverse CDF).
Prints positions per second (in-process) and the process's CPU time; the benchmark script times the whole process.

    python3 scripts/peers/decide_rrs_numpy.py [--vocab 128256] [--k 4] [--positions 3000] [--rows 8] [--seed 1]
"""
import argparse
import json
import sys
import time

import numpy as np


def llm_like_rows(rng, vocab):
    rank = rng.permutation(vocab)
    logits = -1.1 * np.log(rank + 1.0) + 0.5 * rng.standard_normal(vocab)
    draft = logits + 0.7 * rng.standard_normal(vocab)

    def softmax(z, t):
        e = np.exp(z / t - np.max(z / t))
        return (e / e.sum()).astype(np.float32)

    return softmax(logits, 1.0), softmax(draft, 1.5)


def decide_rrs(p32, q32, drafts, u):
    p = p32.astype(np.float64)
    p /= p.sum()
    q = q32.astype(np.float64)
    q /= q.sum()
    r = p
    for i, x in enumerate(drafts):
        if u[i] * q[x] < r[x]:
            return int(x), i
        r = np.maximum(r - q, 0.0)
        r /= r.sum()
    c = np.cumsum(r)
    return int(np.searchsorted(c, u[len(drafts)] * c[-1], side="right")), -1


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--vocab", type=int, default=128256)
    ap.add_argument("--k", type=int, default=4)
    ap.add_argument("--positions", type=int, default=3000)
    ap.add_argument("--rows", type=int, default=8)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args(argv)
    rng = np.random.default_rng(a.seed)
    rows = [llm_like_rows(rng, a.vocab) for _ in range(a.rows)]
    cdfs = [np.cumsum(q.astype(np.float64)) for _, q in rows]
    drafts = []
    for i in range(a.positions):
        c = cdfs[i % a.rows]
        drafts.append(np.searchsorted(c, rng.random(a.k) * c[-1], side="right"))
    uniforms = rng.random((a.positions, a.k + 1))
    t0 = time.perf_counter()
    accepted = 0
    for i in range(a.positions):
        p, q = rows[i % a.rows]
        _, d = decide_rrs(p, q, drafts[i], uniforms[i])
        accepted += d >= 0
    seconds = time.perf_counter() - t0
    print(json.dumps({"peer": "numpy " + np.__version__, "scheme": "rrs", "vocab": a.vocab, "k": a.k,
                      "positions": a.positions, "seconds": seconds, "positionsPerSecond": a.positions / seconds,
                      "acceptedShare": accepted / a.positions, "processCpuSeconds": time.process_time()}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
