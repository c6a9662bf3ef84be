#!/usr/bin/env bash
# Builds libcuda.so.1, the CPU emulator of the driver API plus every kernel compiled as C++
# (see fake_libcuda.cpp), into $2. Used by EmulatedKernelsTest; needs g++ with C++20.
set -euo pipefail
src="$(cd "$1" && pwd)"; out="$2"
mkdir -p "$out"
lib="$out/libcuda.so.1"
here="$(cd "$(dirname "$0")" && pwd)"
if [ -f "$lib" ] && [ -z "$(find "$src" "$here" -newer "$lib" -type f 2>/dev/null)" ]; then exit 0; fi
gen="$out/all_kernels.cpp"
{
  echo '#include "fake_cuda.h"'
  echo '#include <type_traits>'
  echo '#include <utility>'
  for f in "$src"/*.cu; do echo "#include \"$f\""; done
  cat <<'CPP'
struct Kernel { const char* name; void (*launch)(void** params); };
template <class... A, std::size_t... I>
static void invoke(void (*f)(A...), void** p, std::index_sequence<I...>) { f(*static_cast<std::remove_reference_t<A>*>(p[I])...); }
template <class... A>
static void invoke(void (*f)(A...), void** p) { invoke(f, p, std::index_sequence_for<A...>{}); }
#define KERNEL(n) {#n, [](void** p) { invoke(&n, p); }},
extern const Kernel KERNELS[] = {
CPP
  cat "$src"/*.cu | tr '\n' ' ' | tr -s ' ' | grep -oE 'extern "C" __global__ void (__launch_bounds__\([^)]*\) )?[a-z0-9_]+_v[0-9]+ ?\(' | grep -oE '[a-z0-9_]+_v[0-9]+ ?\($' | tr -d ' (' | sed 's/.*/KERNEL(&)/'
  echo '};'
  echo 'extern const int KERNEL_COUNT = sizeof(KERNELS) / sizeof(KERNELS[0]);'
} > "$gen"
g++ -std=c++20 -O1 -fPIC -shared -pthread -w -I"$here" -I"$src" -o "$lib.tmp" "$here/fake_libcuda.cpp" "$gen"
mv "$lib.tmp" "$lib"
