#!/usr/bin/env python3
"""Write a small, seeded, synthetic chain dump for `specverify audit --input`, with an engine's trace.

Synthetic: no model produced these numbers. Each step drafts a chain of gamma tokens; the target law at each depth
(and the bonus law) is Zipf-like (logit of the token of rank r is -1.1*ln(r + 1) plus Gaussian noise of sd 0.5, ranks
shuffled) and the draft law at each depth is made from the same logits with extra noise (sd 0.6) at temperature 1.2, as
a weaker draft model would give. The laws do not depend on the drafted tokens (a real engine's rows do; the audit does
not care: it reads the rows the engine read). Each draft token is drawn from its draft row, then a simulated engine
verifies the chain on the float32 rows stored in the file and records what it accepted and emitted:

  tokenwise    faithful token-wise speculative decoding: accept x_i when u * q_i(x_i) < p_i(x_i), at the first
               rejection emit a token of the residual (p_i - q_i)+, after gamma acceptances a bonus token of p_(gamma+1);
  block        faithful block verification (Sun et al., 2403.10444): weights rho_i, h_i, the last success wins, the
               residual (rho_tau p_(tau+1) - q_(tau+1))+ or the bonus;
  wrong-index  token-wise, but the accept test at step s reads the rows of step s - 1 (the right rows at the wrong
               index); the emitted tokens come from the right rows. On these rows the audit finds impossible steps
               (a rejected draft that has p >= q in its own rows) and both tests fail; on rows where every draft has
               p < q and the ratios are independent of the steps, only the calibration test sees it
               (ChainInputAuditTest builds such a dump).

Standard library only. Tensors: target [N, gamma + 1, V], draft [N, gamma, V] (F32 probabilities), draft_tokens
[N, gamma] (I64), accepted [N] and emitted [N, gamma + 1] (I32, -1 padded).

    python3 scripts/make_example_chain_dump.py --out examples/chain-dump.safetensors
    ./specverify audit --input examples/chain-dump.safetensors --no-report
"""
import argparse
import math
import random
import shutil
import struct
import sys
import tempfile

sys.dont_write_bytecode = True  # tests run this script from the tree: no __pycache__ there
from synthetic_safetensors import softmax, write_header, zipf_logits  # noqa: E402 (after the line above)


def f32(values):
    """The values as the file stores them (float32), back as Python floats."""
    return list(struct.unpack("<%df" % len(values), struct.pack("<%df" % len(values), *values)))


def sample(rng, weights):
    """A token drawn from non-negative weights (not necessarily normalised), by inverse CDF."""
    total = math.fsum(weights)
    u = rng.random() * total
    acc = 0.0
    last = 0
    for y, w in enumerate(weights):
        if w > 0:
            last = y
            acc += w
            if u < acc:
                return y
    return last


def tokenwise(rng, p, q, x, test_p, test_q):
    """Token-wise verification; the accept test reads test_p/test_q (the right rows, unless the engine is broken)."""
    g = len(x)
    for i in range(g):
        if not rng.random() * test_q[i][x[i]] < test_p[i][x[i]]:
            residual = [max(0.0, a - b) for a, b in zip(p[i], q[i])]
            return i, x[:i] + [sample(rng, residual)]
    return g, x + [sample(rng, p[g])]


def block(rng, p, q, x):
    """Block verification on the rows p (gamma + 1) and q (gamma) of the drafts x."""
    g = len(x)
    rho = [1.0]
    for i in range(g):
        rho.append(min(1.0, rho[-1] * p[i][x[i]] / q[i][x[i]]))
    h = [1.0] * (g + 1)
    for i in range(1, g):
        m = math.fsum(max(0.0, rho[i] * a - b) for a, b in zip(p[i], q[i]))
        den = m + 1.0 - rho[i]
        h[i] = 1.0 if den == 0 else m / den
    h[g] = rho[g]
    u = [rng.random() for _ in range(g)]
    tau = 0
    for i in range(g, 0, -1):
        if u[i - 1] < h[i]:
            tau = i
            break
    if tau == g:
        return g, x + [sample(rng, p[g])]
    residual = [max(0.0, rho[tau] * a - b) for a, b in zip(p[tau], q[tau])]
    return tau, x[:tau] + [sample(rng, residual)]


def steps(a):
    """Yields (target rows, draft rows, drafts, accepted, emitted) per step, from the seed."""
    rng = random.Random(a.seed)
    previous = None
    for _ in range(a.steps):
        p, q = [], []
        for i in range(a.gamma + 1):
            z = zipf_logits(rng, a.vocab)
            p.append(f32(softmax(z, 1.0)))
            if i < a.gamma:
                q.append(f32(softmax([v + 0.6 * rng.gauss(0.0, 1.0) for v in z], 1.2)))
        x = [sample(rng, q[i]) for i in range(a.gamma)]
        if a.engine == "block":
            n, emitted = block(rng, p, q, x)
        elif a.engine == "wrong-index":
            test_p, test_q = previous if previous is not None else (p, q)
            n, emitted = tokenwise(rng, p, q, x, test_p, test_q)
        else:
            n, emitted = tokenwise(rng, p, q, x, p, q)
        previous = (p, q)
        yield p, q, x, n, emitted + [-1] * (a.gamma + 1 - len(emitted))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True)
    ap.add_argument("--steps", type=int, default=160)
    ap.add_argument("--gamma", type=int, default=4)
    ap.add_argument("--vocab", type=int, default=32)
    ap.add_argument("--engine", default="tokenwise", choices=["tokenwise", "block", "wrong-index"])
    ap.add_argument("--seed", type=int, default=20261207)
    a = ap.parse_args()
    n, g, v = a.steps, a.gamma, a.vocab
    names = ["target", "draft", "draft_tokens", "accepted", "emitted"]
    parts = {name: tempfile.TemporaryFile() for name in names}
    try:
        for p, q, x, accepted, emitted in steps(a):
            for row in p:
                parts["target"].write(struct.pack("<%df" % v, *row))
            for row in q:
                parts["draft"].write(struct.pack("<%df" % v, *row))
            parts["draft_tokens"].write(struct.pack("<%dq" % g, *x))
            parts["accepted"].write(struct.pack("<i", accepted))
            parts["emitted"].write(struct.pack("<%di" % (g + 1), *emitted))
        with open(a.out, "wb") as f:
            write_header(f, [("target", "F32", [n, g + 1, v]), ("draft", "F32", [n, g, v]),
                             ("draft_tokens", "I64", [n, g]), ("accepted", "I32", [n]),
                             ("emitted", "I32", [n, g + 1])],
                         {"synthetic": "true", "generator": "scripts/make_example_chain_dump.py",
                          "seed": str(a.seed), "engine": a.engine, "content": "probabilities"})
            for name in names:
                parts[name].seek(0)
                shutil.copyfileobj(parts[name], f, 1 << 20)
    finally:
        for part in parts.values():
            part.close()


if __name__ == "__main__":
    main()
