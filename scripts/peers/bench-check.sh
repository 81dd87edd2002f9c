#!/usr/bin/env bash
# `specverify check` against its json + numpy peer (scripts/peers/check_gtest.py) on the same samples file, interleaved,
# each pinned to one core (taskset -c CORE). Prints per round: lines, seconds and lines/s of both (the project's
# whole process and its in-process read time), and the ratio project / peer.
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
printf '%-5s %12s %10s %14s %10s %14s %10s %14s %8s\n' round lines project_s project_lines/s read_s read_lines/s \
    peer_s peer_lines/s ratio
for r in $(seq 1 "$rounds"); do
    t0=$(now)
    taskset -c "$core" java -jar "$jar" check --cases "$cases" --samples "$samples" --json --allow-unchecked \
        > "$tmp/project.json" || [ $? -eq 1 ]
    t1=$(now)
    taskset -c "$core" python3 "$here/check_gtest.py" --cases "$cases" --samples "$samples" > "$tmp/peer.json"
    t2=$(now)
    python3 - "$lines" "$t0" "$t1" "$t2" "$tmp/project.json" "$r" <<'EOF'
import json, sys
lines, t0, t1, t2 = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
read = json.load(open(sys.argv[5]))["seconds"]
project, peer = t1 - t0, t2 - t1
print("%-5s %12d %10.2f %14.0f %10.2f %14.0f %10.2f %14.0f %7.1fx"
      % (sys.argv[6], lines, project, lines / project, read, lines / read, peer, lines / peer, peer / project))
EOF
done
