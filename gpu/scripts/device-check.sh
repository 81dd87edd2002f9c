#!/usr/bin/env bash
# Runs org.specverify.gpu.SelfCheck on a machine without Java or Maven: it needs a runtime made here with
#   jlink --add-modules java.base,java.logging,jdk.unsupported --strip-debug --no-man-pages --no-header-files \
#         --compress=2 --output .runtime
# and the jars in .runtime-jars/ (gpu, reference, jocl, commons-numbers-fraction, commons-numbers-core).
# It registers the NVIDIA OpenCL driver when the ICD loader does not list it, and provides the unversioned
# libOpenCL.so that JOCL loads when only libOpenCL.so.1 is installed.
set -u
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader 2>/dev/null | head -2
vendors=$(mktemp -d)
cp /etc/OpenCL/vendors/*.icd "$vendors"/ 2>/dev/null
if ! grep -qs nvidia "$vendors"/*.icd && ldconfig -p | grep -q 'libnvidia-opencl\.so\.1'; then
  echo libnvidia-opencl.so.1 > "$vendors/nvidia.icd"
fi
export OCL_ICD_VENDORS="$vendors"
if ! ldconfig -p | grep -qE '^[[:space:]]*libOpenCL\.so[[:space:]]'; then
  lib=$(ldconfig -p | grep -oE '/[^ ]*libOpenCL\.so\.1$' | head -1)
  libdir=$(mktemp -d) && ln -sf "$lib" "$libdir/libOpenCL.so" && export LD_LIBRARY_PATH="$libdir:${LD_LIBRARY_PATH:-}"
fi
cp=$(ls .runtime-jars/*.jar | tr '\n' ':')
exec .runtime/bin/java -cp "$cp" org.specverify.gpu.SelfCheck "$@"
