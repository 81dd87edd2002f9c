#!/usr/bin/env python3
"""Runs `specverify bench decide --scheme rrs` and its peers (numpy; PyTorch when importable) interleaved and prints
whole-process ratios.

    python3 scripts/peers/bench_decide_rrs.py [--vocab 128256] [--k 4] [--positions 3000] [--rounds 2]

Each round runs the project, then each peer, as child processes with the same workload shape; the whole-process figure
is the child's CPU time (user + system, set-up and start-up included) per position, which a shared machine's load
disturbs less than wall time. The in-process positions per second each prints are reported as well. The project also
decides every tenth position exactly and checks agreement; that untimed check is part of its whole-process time.
"""
import argparse
import importlib.util
import json
import os
import resource
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def child(cmd):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    w0 = time.perf_counter()
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    wall = time.perf_counter() - w0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return json.loads(out[out.index("{"):]), cpu, wall


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--vocab", type=int, default=128256)
    ap.add_argument("--k", type=int, default=4)
    ap.add_argument("--positions", type=int, default=3000)
    ap.add_argument("--rounds", type=int, default=2)
    a = ap.parse_args()
    shape = ["--vocab", str(a.vocab), "--k", str(a.k), "--positions", str(a.positions)]
    peers = {"numpy": os.path.join(ROOT, "scripts", "peers", "decide_rrs_numpy.py")}
    if importlib.util.find_spec("torch") is not None:
        peers["torch"] = os.path.join(ROOT, "scripts", "peers", "decide_rrs_torch.py")
    else:
        print("torch is not importable here: the PyTorch peer (scripts/peers/decide_rrs_torch.py) is not run")
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the start")
    for r in range(a.rounds):
        proj, p_cpu, p_wall = child([os.path.join(ROOT, "specverify"), "bench", "decide", "--scheme", "rrs", "--json"]
                                    + shape)
        line = (f"round {r + 1}: project whole process {1e3 * p_cpu / a.positions:.2f} ms CPU/position"
                f" ({p_wall:.1f} s wall), in-process {proj['positionsPerSecond']:.0f} positions/s,"
                f" exact share {proj['exactShare']:.4f}")
        for name, script in peers.items():
            res, cpu, wall = child([sys.executable, script] + shape)
            line += (f"; {name} whole process {1e3 * cpu / a.positions:.2f} ms CPU/position ({wall:.1f} s wall),"
                     f" in-process {res['positionsPerSecond']:.0f} positions/s; project/{name}: whole process"
                     f" {cpu / p_cpu:.2f}x, in-process {proj['positionsPerSecond'] / res['positionsPerSecond']:.2f}x")
        print(line)
    print(f"load average {os.getloadavg()[0]:.1f} at the end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
