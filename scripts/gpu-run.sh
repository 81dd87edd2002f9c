#!/usr/bin/env bash
# The device run of the GPU bundle (built by scripts/build-gpu-bundle.sh): OpenCL devices, conformance of every kernel
# on the NVIDIA device and on PoCL (the token kernels, then the sequence kernels block and tree-*), the benchmarks of
# the README (rrs K = 4, B = 1024 and chain sd B = 256, G = 4, at V = 128,256; block gamma = 4 and tree-rrs shape
# 2,2,1, B = 256) and the PyTorch baselines on the same workloads. Everything goes to $OUT (default: ./out beside this
# script); each step has its own time limit so one slow step cannot eat the others' time.
# Usage: OUT=/some/dir ./gpu-run.sh [quick]    (quick: PoCL-sized runs only, for a machine without a GPU)
set -u
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
OUT="${OUT:-$here/out}"
mkdir -p "$OUT"
quick="${1:-}"
java="$here/runtime/bin/java"
sv=("$java" -XX:MaxRAMPercentage=60 -jar "$here/specverify.jar")
log() { echo "== $*" | tee -a "$OUT/steps.txt"; }
step() { # step NAME LIMIT_SECONDS COMMAND...
  local name="$1" limit="$2"; shift 2
  log "$name: $*"
  local t0=$SECONDS
  timeout "$limit" "$@" >"$OUT/$name.out" 2>"$OUT/$name.err"
  local rc=$?
  echo "   rc=$rc, $((SECONDS - t0)) s" | tee -a "$OUT/steps.txt"
}

{ date -u; uname -a; nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>&1 | head -4;
  grep -m1 'model name' /proc/cpuinfo; nproc; } >"$OUT/machine.txt" 2>&1

# The NVIDIA OpenCL driver is not always registered with the ICD loader, and JOCL loads the unversioned libOpenCL.so.
vendors="$(mktemp -d)"
cp /etc/OpenCL/vendors/*.icd "$vendors"/ 2>/dev/null
if ! grep -qs nvidia "$vendors"/*.icd && ldconfig -p | grep -q 'libnvidia-opencl\.so\.1'; then
  echo libnvidia-opencl.so.1 >"$vendors/nvidia.icd"
fi
export OCL_ICD_VENDORS="$vendors"
if ! ldconfig -p | grep -qE '^[[:space:]]*libOpenCL\.so[[:space:]]'; then
  lib="$(ldconfig -p | grep -oE '/[^ ]*libOpenCL\.so\.1$' | head -1)"
  if [[ -n "$lib" ]]; then
    libdir="$(mktemp -d)" && ln -sf "$lib" "$libdir/libOpenCL.so" && export LD_LIBRARY_PATH="$libdir:${LD_LIBRARY_PATH:-}"
  fi
fi

step devices 60 "${sv[@]}" gpu devices
devices=(pocl)
if [[ "$quick" != quick ]] && grep -qi nvidia "$OUT/devices.out"; then
  devices=(nvidia pocl)
fi
for dev in "${devices[@]}"; do
  if [[ "$dev" == nvidia ]]; then big=128256; n=64; samples=10000000; else big=32000; n=8; samples=100000; fi
  for s in sd rrs rrs-wor greedy deterministic kseq; do
    k=4; [[ "$s" == sd ]] && k=1
    step "conformance-$dev-$s" 240 "${sv[@]}" gpu conformance --device "$dev" --scheme "$s" --vocab "$big" --k "$k" \
      --positions "$n" --samples "$samples" --json
  done
  step "conformance-$dev-rrs-perdraft" 240 "${sv[@]}" gpu conformance --device "$dev" --scheme rrs --per-draft --vocab "$big" \
    --k 4 --positions "$n" --json
  # the sequence kernels: block (gamma = 4) and token trees (shape 2,2,1), against the sequence reference
  step "conformance-$dev-block" 240 "${sv[@]}" gpu conformance --device "$dev" --scheme block --vocab "$big" --gamma 4 \
    --positions "$n" --json
  for s in tree-rrs tree-rrs-wor tree-deterministic; do
    step "conformance-$dev-$s" 240 "${sv[@]}" gpu conformance --device "$dev" --scheme "$s" --vocab "$big" --shape 2,2,1 \
      --positions "$n" --json
  done
done
if [[ "$quick" == quick ]]; then
  step bench-pocl-rrs 300 "${sv[@]}" gpu bench --device pocl --scheme rrs --vocab 128256 --k 4 --batch 64 --repeats 3 --json
  step bench-pocl-chain 300 "${sv[@]}" gpu bench --device pocl --scheme sd --chain 4 --vocab 128256 --batch 16 --repeats 3 --json
  step torch-cpu 300 python3 "$here/torch_baseline.py" --device cpu --vocab 128256 --batch 64 --requests 16 --repeats 3
  step bench-pocl-block 300 "${sv[@]}" gpu bench --device pocl --scheme block --gamma 4 --vocab 128256 --batch 16 \
    --repeats 3 --json
  step bench-pocl-tree 300 "${sv[@]}" gpu bench --device pocl --scheme tree-rrs --shape 2,2,1 --vocab 128256 --batch 16 \
    --repeats 3 --json
  step torch-sequence-cpu 300 python3 "$here/torch_sequence_baseline.py" --device cpu --vocab 128256 --requests 16 \
    --gamma 4 --shape 2,2,1 --repeats 3
else
  step bench-nvidia-rrs 300 "${sv[@]}" gpu bench --device nvidia --scheme rrs --vocab 128256 --k 4 --batch 1024 --json
  step bench-nvidia-rrs-perdraft 300 "${sv[@]}" gpu bench --device nvidia --scheme rrs --per-draft --vocab 128256 --k 4 \
    --batch 1024 --json
  step bench-nvidia-chain 300 "${sv[@]}" gpu bench --device nvidia --scheme sd --chain 4 --vocab 128256 --batch 256 --json
  step bench-pocl-rrs 300 "${sv[@]}" gpu bench --device pocl --scheme rrs --vocab 128256 --k 4 --batch 128 --repeats 3 --json
  step torch-cuda 300 python3 "$here/torch_baseline.py" --device cuda --vocab 128256 --batch 1024 --requests 256
  # the sequence kernels beside the token ones: block gamma = 4 and tree-rrs shape 2,2,1, B = 256, and their baseline
  step bench-nvidia-block 300 "${sv[@]}" gpu bench --device nvidia --scheme block --gamma 4 --vocab 128256 --batch 256 \
    --json
  step bench-nvidia-tree 300 "${sv[@]}" gpu bench --device nvidia --scheme tree-rrs --shape 2,2,1 --vocab 128256 \
    --batch 256 --json
  step torch-sequence-cuda 300 python3 "$here/torch_sequence_baseline.py" --device cuda --vocab 128256 --requests 256 \
    --gamma 4 --shape 2,2,1
fi
log done
