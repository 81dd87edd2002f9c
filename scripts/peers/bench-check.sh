#!/usr/bin/env bash
# `specverify check` against its json + numpy peer (scripts/peers/check_gtest.py) on the same samples file, interleaved,
# each pinned to one core (taskset -c CORE). Prints per round, for the project: the whole process (wall seconds and
# lines/s), the read alone (wall, and the reading thread's CPU time: the rate per core whatever else the machine runs)
# and the process's user + system CPU time; for the peer: wall and CPU time of the whole process; then the ratios
# peer / project of the whole processes (wall clock and CPU).
#
#   scripts/peers/bench-check.sh CASES SAMPLES [ROUNDS] [CORE]
#
# The jar is cli/target/specverify.jar (build it with ./specverify --help or mvn -pl cli -am package), or $SPECVERIFY_JAR.
# A file of several million lines: repeat examples/engine/samples.jsonl (see docs/bench.md); keep it outside the tree.
set -euo pipefail
cases=${1:?usage: bench-check.sh CASES SAMPLES [ROUNDS] [CORE]}
samples=${2:?usage: bench-check.sh CASES SAMPLES [ROUNDS] [CORE]}
rounds=${3:-3}
core=${4:-0}
here=$(cd "$(dirname "$0")" && pwd)
jar=${SPECVERIFY_JAR:-$here/../../cli/target/specverify.jar}
[ -f "$jar" ] || { echo "bench-check: no jar at $jar (build it first)" >&2; exit 2; }
lines=$(wc -l < "$samples")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
now() { date +%s.%N; }
printf '%-5s %9s | %7s %9s %7s %9s %7s %9s %7s %9s | %7s %9s %7s %9s | %6s %6s\n' round lines \
    wall_s lines/s read_s lines/s readcpu lines/cpu cpu_s lines/cpu peer_s lines/s peercpu lines/cpu ratio cpurat
for r in $(seq 1 "$rounds"); do
    t0=$(now)
    /usr/bin/time -f '%U %S' -o "$tmp/project.time" taskset -c "$core" java -jar "$jar" check --cases "$cases" \
        --samples "$samples" --json --allow-unchecked > "$tmp/project.json" || [ $? -eq 1 ]
    t1=$(now)
    /usr/bin/time -f '%U %S' -o "$tmp/peer.time" taskset -c "$core" python3 "$here/check_gtest.py" \
        --cases "$cases" --samples "$samples" > "$tmp/peer.json"
    t2=$(now)
    python3 - "$lines" "$t0" "$t1" "$t2" "$tmp" "$r" <<'PY'
import json, sys
lines, t0, t1, t2, tmp = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), sys.argv[5]
doc = json.load(open(tmp + "/project.json"))
read, readcpu = doc["seconds"], doc.get("readCpuSeconds", -1)
cpu = lambda f: sum(float(x) for x in open(f).read().split()[-2:])
pcpu, qcpu = cpu(tmp + "/project.time"), cpu(tmp + "/peer.time")
project, peer = t1 - t0, t2 - t1
rate = lambda s: lines / s if s > 0 else 0
print("%-5s %9d | %7.2f %9.0f %7.2f %9.0f %7.2f %9.0f %7.2f %9.0f | %7.2f %9.0f %7.2f %9.0f | %5.1fx %5.1fx"
      % (sys.argv[6], lines, project, rate(project), read, rate(read), readcpu, rate(readcpu), pcpu, rate(pcpu),
         peer, rate(peer), qcpu, rate(qcpu), peer / project, qcpu / pcpu))
PY
done
