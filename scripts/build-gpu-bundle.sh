#!/usr/bin/env bash
# Builds the self-contained GPU bundle into gpu-bundle/ (git-ignored) or the folder given: a jlinked Java runtime, the
# specverify jar without the OR-Tools native libraries (the GPU commands never solve an LP), the run script, the Philox
# device check (gpu/scripts/device-check.sh) and the PyTorch baselines (token and sequence kernels). A device run then
# needs only the NVIDIA driver (and python3 with torch for the baselines).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
out="${1:-$root/gpu-bundle}"
cd "$root"
mvn -q -B -o -DskipTests package -pl cli -am
rm -rf "$out"
mkdir -p "$out"
jlink --add-modules java.base,java.logging,jdk.unsupported --strip-debug --no-man-pages --no-header-files \
  --compress=2 --output "$out/runtime"
cp cli/target/specverify.jar "$out/specverify.jar"
zip -q -d "$out/specverify.jar" 'ortools-*/*' >/dev/null || true
cp scripts/gpu-run.sh scripts/torch_baseline.py scripts/torch_sequence_baseline.py gpu/scripts/device-check.sh "$out/"
chmod +x "$out/gpu-run.sh" "$out/device-check.sh"
du -sh "$out" "$out/runtime" "$out/specverify.jar"
