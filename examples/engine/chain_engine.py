#!/usr/bin/env python3
"""A chain speculative-decoding engine (one verification step per sample), wired to specverify's sequence check.

Reads sequence cases from `specverify vectors --level sequence` ({"instances": [...]}), drafts a chain x_1..x_gamma
from each case's draft model, verifies it with the target and writes one JSON line per step:

    {"case": "<name>", "drafts": [x_1, ..., x_gamma], "emitted": [y_1, ..., y_L], "accepted": n, "engine": "..."}

Verifiers (--verifier):
  tokenwise  accept x_i while u_i * q_i(x_i) < p_i(x_i); at the first rejection emit a token from norm((p_i - q_i)+);
             after gamma acceptances the bonus token from p_(gamma+1)
  block      block verification (Sun et al., arXiv 2403.10444): weights rho_i = min(1, rho_(i-1) p_i(x_i)/q_i(x_i)),
             h_i = M_i / (M_i + 1 - rho_i) with M_i = sum (rho_i p_(i+1) - q_(i+1))+, h_gamma = rho_gamma; tau is the
             last i with u_i < h_i; emit x_1..x_tau and a token from norm((rho_tau p_(tau+1) - q_(tau+1))+) (the bonus
             from p_(gamma+1) when tau = gamma)

Here p_i = p(. | x_<i) and q_i = q(. | x_<i) are the laws after the drafted prefix: a model is one row or an object
from prefixes ("" and token ids joined by ",") to rows, read by back-off to the longest suffix of the prefix with a key.

Check the lines with

    specverify vectors --level sequence --scheme tokenwise --out seq.json
    python3 examples/engine/chain_engine.py seq.json --samples-per-case 20000 > steps.jsonl
    specverify check --cases seq.json --samples steps.jsonl --scheme tokenwise

(--verifier block with --scheme block). Standard library only; seeded (--seed, printed on standard error).

--bug NAME runs a deliberately broken variant so you can see `check` catch it:
  resample-from-target   at the failed depth draw from p_i instead of the residual (tokenwise)
  bonus-wrong-depth      the bonus after gamma acceptances from p_gamma (the law one depth up) instead of p_(gamma+1)
  accepted-off-by-one    report accepted = n + 1 when the block is all drafts plus a residual token (the block itself
                         is right)
  next-depth-ratio       test x_i against the ratio of depth i + 1, p_(i+1)(x_(i+1)) / q_(i+1)(x_(i+1)) (tokenwise;
                         the last depth keeps its own)
  block-first-failure    block verification that stops at the first failed u_i < h_i (tau = i - 1) instead of
                         keeping the last success
"""
import argparse
import json
import random
import sys
from fractions import Fraction

BUGS = ["resample-from-target", "bonus-wrong-depth", "accepted-off-by-one", "next-depth-ratio",
        "block-first-failure"]


class Model:
    """A context model: rows by prefix key, looked up by back-off to the longest suffix with a key."""

    def __init__(self, spec, vocab):
        if isinstance(spec, list):
            self.rows = {(): [float(Fraction(str(m))) for m in spec]}
        else:
            self.rows = {}
            for key, row in spec.items():
                k = tuple(int(t) for t in key.split(",")) if key.strip() else ()
                self.rows[k] = [float(Fraction(str(m))) for m in row]
        self.order = max(len(k) for k in self.rows)
        self.vocab = vocab
        self.cache = {}

    def law(self, prefix):
        whole = tuple(prefix)
        row = self.cache.get(whole)
        if row is not None:
            return row
        for n in range(min(len(whole), self.order), -1, -1):
            key = whole[len(whole) - n:]
            if key in self.rows:
                self.cache[whole] = self.rows[key]
                return self.rows[key]
        raise KeyError("no row for the empty prefix")


def categorical(rng, weights):
    """Index i with F_(i-1) <= u * total < F_i; never a zero-weight index."""
    total = sum(weights)
    u = rng.random() * total
    acc = 0.0
    last = None
    for i, w in enumerate(weights):
        if w <= 0.0:
            continue
        acc += w
        last = i
        if u < acc:
            return i
    return last


def tokenwise(rng, p, q, x, bug):
    """Returns (emitted block, accepted count) for the chain x with laws p[0..gamma], q[0..gamma-1]."""
    g = len(x)
    for i in range(g):
        j = i + 1 if bug == "next-depth-ratio" and i + 1 < g else i
        ratio = p[j][x[j]] / q[j][x[j]]
        if not rng.random() < ratio:
            if bug == "resample-from-target":
                return x[:i] + [categorical(rng, p[i])], i
            residual = [max(a - b, 0.0) for a, b in zip(p[i], q[i])]
            if sum(residual) <= 0.0:
                residual = p[i]  # p_i = q_i up to rounding: the rejection has probability zero
            return x[:i] + [categorical(rng, residual)], i
    bonus = p[g - 1] if bug == "bonus-wrong-depth" else p[g]
    return x + [categorical(rng, bonus)], g


def block(rng, p, q, x, bug):
    g = len(x)
    rho = [1.0]
    for i in range(1, g + 1):
        rho.append(min(1.0, rho[i - 1] * p[i - 1][x[i - 1]] / q[i - 1][x[i - 1]]))

    def residual(i):
        return [max(rho[i] * a - b, 0.0) for a, b in zip(p[i], q[i])]

    h = []
    for i in range(1, g + 1):
        if i == g:
            h.append(rho[g])
        else:
            m = sum(residual(i))
            den = m + 1.0 - rho[i]
            h.append(1.0 if den <= 0.0 else m / den)
    u = [rng.random() for _ in range(g)]
    tau = 0
    if bug == "block-first-failure":
        for i in range(1, g + 1):
            if u[i - 1] < h[i - 1]:
                tau = i
            else:
                break
    else:
        for i in range(1, g + 1):
            if u[i - 1] < h[i - 1]:
                tau = i
    if tau == g:
        bonus = p[g - 1] if bug == "bonus-wrong-depth" else p[g]
        return x + [categorical(rng, bonus)], g
    r = residual(tau)
    if sum(r) <= 0.0:
        r = p[tau]
    return x[:tau] + [categorical(rng, r)], tau


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("cases", help="sequence cases written by 'specverify vectors --level sequence'")
    ap.add_argument("--samples-per-case", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--verifier", choices=["tokenwise", "block"], default="tokenwise")
    ap.add_argument("--engine", default=None, help="engine name written on every line (default: python-<verifier>)")
    ap.add_argument("--bug", choices=BUGS, default=None)
    args = ap.parse_args(argv)
    engine = args.engine or "python-" + args.verifier + ("-" + args.bug if args.bug else "")
    print("chain_engine: seed %d, verifier %s, bug %s" % (args.seed, args.verifier, args.bug or "none"),
          file=sys.stderr)

    with open(args.cases, encoding="utf-8") as f:
        root = json.load(f)
    instances = root["instances"] if "instances" in root else [root]
    rng = random.Random(args.seed)
    verify = block if args.verifier == "block" else tokenwise
    out = sys.stdout
    written = 0
    for inst in instances:
        gamma = inst["gamma"]
        tree = inst.get("tree", [1] * gamma)
        if inst.get("siblings", "iid") == "dynamic" or any(k != 1 for k in tree) or "draft" not in inst:
            print("skipping case %s: this engine drafts chains from one draft model" % inst["name"], file=sys.stderr)
            continue
        vocab = inst["vocab"]
        target = Model(inst["target"], vocab)
        draft = Model(inst["draft"], vocab)
        for _ in range(args.samples_per_case):
            x = []
            q = []
            p = []
            for i in range(gamma):
                qi = draft.law(x)
                q.append(qi)
                p.append(target.law(x))
                x.append(categorical(rng, qi))
            p.append(target.law(x))
            emitted, accepted = verify(rng, p, q, x, args.bug)
            if args.bug == "accepted-off-by-one" and accepted < gamma:
                accepted += 1
            out.write(json.dumps({"case": inst["name"], "drafts": x, "emitted": emitted, "accepted": accepted,
                                  "engine": engine}, separators=(", ", ": ")) + "\n")
            written += 1
    print("chain_engine: wrote %d lines" % written, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
