#!/usr/bin/env bash
# Builds one fatbin per .cu (sm_90a machine code for the H100 plus compute_80 PTX that the
# driver JIT-compiles on any other Ampere-or-newer card), nvcc invocations in parallel.
# Called by Maven at generate-resources; skip with -Dcuda.skip=true.
set -euo pipefail
src="$1"; out="$2"; jobs="${3:-2}"
nvcc="${NVCC:-nvcc}"
if ! command -v "$nvcc" >/dev/null 2>&1; then
  echo "ERROR: nvcc not found on PATH: install the CUDA toolkit (12.x or 13.x) or build with -Dcuda.skip=true (the jar then has no kernels and the cuda engine reports itself unavailable)." >&2
  exit 2
fi
mkdir -p "$out"
export nvcc out src
ls "$src"/*.cu | xargs -P "$jobs" -I{} bash -c '
  f="{}"; name=$(basename "$f" .cu)
  # Up to date when newer than its source and every shared header.
  if [ -f "$out/$name.fatbin" ] && [ -z "$(find "$f" "$src"/*.cuh -newer "$out/$name.fatbin" 2>/dev/null)" ]; then exit 0; fi
  "$nvcc" -fatbin -O3 -std=c++17 -I"$src" \
    -gencode arch=compute_80,code=compute_80 -gencode arch=compute_90a,code=sm_90a \
    -o "$out/$name.fatbin" "$f" || { echo "ERROR: nvcc failed on $f" >&2; exit 255; }'
# The module list the host code reads (CudaContext.kernelModules) for provenance hashes.
( cd "$src" && ls *.cu | sed 's/\.cu$//' ) > "$out/modules.txt"
