#!/usr/bin/env python3
"""Runs `specverify audit --input` and its numpy peer on the same dump, interleaved, and prints the ratio.

    python3 scripts/peers/bench_audit_input.py FILE [--k 4] [--rounds 2] [--threads 1]

Each round runs the project (one worker thread by default: the per-core figure) and then the peer
(scripts/peers/audit_input_numpy.py), so both see the same machine load; the ratio is of CPU time per position, and
the memory-read floor (copying a position's two rows) is measured by the peer in the same round. Needs python3 with
numpy and the specverify launcher at the repository root.
"""
import argparse
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def run_json(cmd):
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads(out[out.index("{"):])


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file")
    ap.add_argument("--k", type=int, default=4)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--peer-positions", type=int, default=0, help="positions the peer runs (0: all)")
    a = ap.parse_args()
    load = os.getloadavg()[0]
    print(f"machine: {os.cpu_count()} CPUs, load average {load:.1f} at the start")
    for r in range(a.rounds):
        proj = run_json([os.path.join(ROOT, "specverify"), "audit", "--input", a.file, "--k", str(a.k), "--no-report",
                         "--per-position", "-", "--threads", str(a.threads), "--json"])
        peer = run_json([sys.executable, os.path.join(ROOT, "scripts", "peers", "audit_input_numpy.py"), a.file,
                         "--k", str(a.k), "--json", "--positions", str(a.peer_positions)])
        p_cpu = proj["cpu_seconds"] / proj["positions"]
        n_cpu = peer["cpu_seconds"] / peer["positions"]
        floor = peer["floor_seconds_per_position"]
        print(f"round {r + 1}: project {1e3 * p_cpu:.2f} ms CPU/position ({proj['positions'] / proj['seconds']:.1f}"
              f" positions/s wall, {a.threads} thread(s)); numpy {1e3 * n_cpu:.2f} ms CPU/position"
              f" ({peer['positions_per_second']:.1f} positions/s); project/numpy speed {n_cpu / p_cpu:.1f}x;"
              f" floor (read the two rows) {1e3 * floor:.3f} ms, project at {p_cpu / floor:.0f}x the floor")
    print(f"load average {os.getloadavg()[0]:.1f} at the end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
