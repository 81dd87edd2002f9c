#!/usr/bin/env python3
"""Single-draft speculative sampling written the way inference engines write it, wired to specverify.

Reads a vectors file from `specverify vectors` (cases with K = 1 and iid drafts), runs the engine's accept/resample
step on every case and writes one JSON line per sample:

    {"case": "<id>", "output": <token>, "drafts": [<token>], "engine": "python-sd"}

Check the samples with

    specverify vectors --out vectors.json --scheme sd --vocab 6 --k 1
    python3 examples/engine/speculative_sampling.py vectors.json --samples-per-case 20000 > samples.jsonl
    specverify check --cases vectors.json --samples samples.jsonl --scheme sd

To wire in another engine, replace `speculative_step` by a call into it (feed it the case's target and draft rows as
float probabilities, record the draft it proposed and the token it emitted). Standard library only.

--bug NAME runs a deliberately broken variant so you can see `check` catch it:
  resample-from-target  on rejection draw from p instead of the residual norm((p - q)+)
  unclamped-ratio       accept when u < p/q * 1.25 (a threshold above min(1, p/q))
"""
import argparse
import json
import random
import sys
from fractions import Fraction


def categorical(rng, probs):
    """Index i with F_{i-1} <= u * total < F_i; never a zero-mass index."""
    total = sum(probs)
    u = rng.random() * total
    acc = 0.0
    last = None
    for i, w in enumerate(probs):
        if w <= 0.0:
            continue
        acc += w
        last = i
        if u < acc:
            return i
    return last  # rounding: u * total landed at the very end


def speculative_step(rng, p, q, bug=None):
    """One step of single-draft speculative sampling: returns (draft, output)."""
    x = categorical(rng, q)
    u = rng.random()
    ratio = p[x] / q[x]
    threshold = ratio * 1.25 if bug == "unclamped-ratio" else min(1.0, ratio)
    if u < threshold:
        return x, x
    if bug == "resample-from-target":
        return x, categorical(rng, p)
    residual = [max(pi - qi, 0.0) for pi, qi in zip(p, q)]
    if sum(residual) <= 0.0:
        return x, x  # p == q up to rounding: the reject branch has probability zero
    return x, categorical(rng, residual)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("vectors", help="vectors file written by 'specverify vectors'")
    ap.add_argument("--samples-per-case", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--engine", default="python-sd", help="engine name written on every line")
    ap.add_argument("--bug", choices=["resample-from-target", "unclamped-ratio"], default=None)
    args = ap.parse_args(argv)

    with open(args.vectors, encoding="utf-8") as f:
        cases = json.load(f)["cases"]
    rng = random.Random(args.seed)
    out = sys.stdout
    written = 0
    for case in cases:
        if case.get("k") != 1 or case.get("draftProcess") != "iid" or "draft" not in case:
            print("skipping case %s: this engine does single-draft iid speculative sampling only" % case["id"],
                  file=sys.stderr)
            continue
        p = [float(Fraction(m)) for m in case["target"]]
        q = [float(Fraction(m)) for m in case["draft"]]
        cid = json.dumps(case["id"])
        engine = json.dumps(args.engine)
        for _ in range(args.samples_per_case):
            x, y = speculative_step(rng, p, q, args.bug)
            out.write('{"case": %s, "output": %d, "drafts": [%d], "engine": %s}\n' % (cid, y, x, engine))
            written += 1
    print("wrote %d samples" % written, file=sys.stderr)


if __name__ == "__main__":
    main()
