#!/usr/bin/env python3
"""The peer of `specverify check` (without --scheme): what a careful user would write with json and numpy.

Reads the cases file of `specverify vectors` and a JSON-lines samples file ({"case": id, "output": y, "drafts": [...],
"engine": name, "count": n}), counts the outputs per (engine, case) and runs the same G-test of losslessness against the
case's target law: cells with expected count below 5 pooled (and the smallest cell added to a pool still below 5), an
output of probability zero a certain failure (p-value 0), df = cells - 1. The chi-squared survival function is the
regularized upper incomplete gamma function, computed here (series below a + 1, continued fraction above) so that
numpy and the standard library suffice (scipy is not needed).

Prints one JSON document: per group n, the G statistic, the p-value and the verdict, and lines/s of the whole run
(reading, parsing, counting, testing).

    python3 scripts/peers/check_gtest.py --cases vectors.json --samples samples.jsonl [--alpha 0.001]
"""
import argparse
import json
import math
import sys
import time
from fractions import Fraction

import numpy as np

MIN_EXPECTED = 5.0


def upper_gamma_regularized(a, x):
    """Q(a, x) = Gamma(a, x) / Gamma(a) for a > 0, x >= 0."""
    if x <= 0:
        return 1.0
    log_prefix = a * math.log(x) - x - math.lgamma(a)
    if x < a + 1:
        # P(a, x) = x^a e^-x / Gamma(a + 1) * sum_n x^n / ((a + 1) ... (a + n))
        term = 1.0 / a
        total = term
        n = 0
        while True:
            n += 1
            term *= x / (a + n)
            total += term
            if abs(term) < abs(total) * 1e-16 or n > 100000:
                break
        return max(0.0, 1.0 - math.exp(log_prefix) * total)
    # continued fraction for Q(a, x) (modified Lentz)
    tiny = 1e-300
    b = x + 1 - a
    c = 1 / tiny
    d = 1 / b
    h = d
    i = 0
    while True:
        i += 1
        an = -i * (i - a)
        b += 2
        d = an * d + b
        if abs(d) < tiny:
            d = tiny
        c = b + an / c
        if abs(c) < tiny:
            c = tiny
        d = 1 / d
        delta = d * c
        h *= delta
        if abs(delta - 1) < 1e-16 or i > 100000:
            break
    return math.exp(log_prefix) * h


def g_test(p, observed):
    """(G, p-value, cells, impossible) with the project's pooling rules."""
    n = int(observed.sum())
    impossible = int(observed[p == 0].sum())
    cells_p = []
    cells_o = []
    pool_p = 0.0
    pool_o = 0
    for i in range(len(p)):
        if p[i] == 0:
            continue
        if p[i] * n < MIN_EXPECTED:
            pool_p += p[i]
            pool_o += int(observed[i])
        else:
            cells_p.append(p[i])
            cells_o.append(int(observed[i]))
    if pool_p > 0:
        if pool_p * n < MIN_EXPECTED and cells_p:
            smallest = int(np.argmin(cells_p))
            pool_p += cells_p.pop(smallest)
            pool_o += cells_o.pop(smallest)
        cells_p.append(pool_p)
        cells_o.append(pool_o)
    e = np.array(cells_p)
    o = np.array(cells_o, dtype=np.float64)
    g = 0.0
    pv = 1.0
    if len(e) >= 2 and o.sum() > 0:
        expected = e / e.sum() * o.sum()
        pos = o > 0
        g = float(2.0 * np.sum(o[pos] * np.log(o[pos] / expected[pos])))
        pv = upper_gamma_regularized((len(e) - 1) / 2.0, g / 2.0)
    if impossible > 0:
        pv = 0.0
    return g, pv, len(e), impossible


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", required=True)
    ap.add_argument("--samples", required=True)
    ap.add_argument("--alpha", type=float, default=0.001)
    args = ap.parse_args()
    start = time.perf_counter()
    with open(args.cases, encoding="utf-8") as f:
        cases = {c["id"]: np.array([float(Fraction(m)) for m in c["target"]]) for c in json.load(f)["cases"]}
    outputs = {}
    lines = 0
    with open(args.samples, encoding="utf-8") as f:
        for line in f:
            s = json.loads(line)
            lines += 1
            key = (s.get("engine", ""), s["case"])
            group = outputs.get(key)
            if group is None:
                group = outputs[key] = ([], [])
            group[0].append(s["output"])
            group[1].append(s.get("count", 1))
    groups = []
    failed = False
    for (engine, case), (ys, ns) in outputs.items():
        p = cases[case]
        observed = np.bincount(np.array(ys, dtype=np.int64), weights=np.array(ns, dtype=np.float64),
                               minlength=len(p))
        g, pv, cells, impossible = g_test(p, observed)
        rejected = pv < args.alpha
        failed |= rejected
        groups.append({"engine": engine, "case": case, "n": int(observed.sum()), "g": g, "pValue": pv,
                       "cells": cells, "impossible": impossible, "rejected": bool(rejected)})
    seconds = time.perf_counter() - start
    json.dump({"lines": lines, "seconds": seconds, "linesPerSecond": lines / seconds, "alpha": args.alpha,
               "groups": groups, "failed": failed}, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
