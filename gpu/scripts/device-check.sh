#!/usr/bin/env bash
# Checks the Philox kernel bit for bit against the Java reference on every OpenCL device
# (org.specverify.gpu.SelfCheck: 2^20 random keys and counters by default, or the count given as the first argument),
# with the Java runtime and the jar of the GPU bundle, so the machine needs neither Java nor Maven.
# Build the bundle first: scripts/build-gpu-bundle.sh (writes gpu-bundle/, and copies this script into it).
# Usage: gpu/scripts/device-check.sh [BLOCKS]   or, inside a bundle, ./device-check.sh [BLOCKS]
#        BUNDLE=/path/to/bundle gpu/scripts/device-check.sh   to use another bundle folder.
# Exit status: 0 every device agrees, 1 a mismatch, 2 no OpenCL device or no bundle.
# It registers the NVIDIA OpenCL driver when the ICD loader does not list it, and provides the unversioned
# libOpenCL.so that JOCL loads when only libOpenCL.so.1 is installed.
set -u
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
if [[ -n "${BUNDLE:-}" ]]; then
  bundle="$BUNDLE"
elif [[ -x "$here/runtime/bin/java" ]]; then
  bundle="$here"
else
  bundle="$(cd "$here/../.." && pwd -P)/gpu-bundle"
fi
java="$bundle/runtime/bin/java"
jar="$bundle/specverify.jar"
if [[ ! -x "$java" || ! -f "$jar" ]]; then
  echo "device-check: no GPU bundle at $bundle (runtime/bin/java and specverify.jar); build it with" \
    "scripts/build-gpu-bundle.sh" >&2
  exit 2
fi
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader 2>/dev/null | head -2
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
exec "$java" -cp "$jar" org.specverify.gpu.SelfCheck "$@"
