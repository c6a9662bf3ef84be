#!/usr/bin/env bash
# Builds libcuda.so.1, the CPU emulator of the driver API plus every kernel compiled as C++
# (see fake_libcuda.cpp), into $2, from the .cu files of $1 (and of $3, when given: the test
# probes). Used by EmulatedKernelsTest and EmulatorStrictnessTest; needs g++ with C++20.
set -euo pipefail
src="$(cd "$1" && pwd)"; out="$2"
extra="${3:+$(cd "$3" && pwd)}"
mkdir -p "$out"
lib="$out/libcuda.so.1"
here="$(cd "$(dirname "$0")" && pwd)"
if [ -f "$lib" ] && [ -z "$(find "$src" "$here" $extra -newer "$lib" -type f 2>/dev/null)" ]; then exit 0; fi
sources=("$src"/*.cu)
[ -n "$extra" ] && sources+=("$extra"/*.cu)
gen="$out/all_kernels.cpp"
{
  echo '#include "fake_cuda.h"'
  echo '#include <type_traits>'
  echo '#include <utility>'
  for f in "${sources[@]}"; do echo "#include \"$f\""; done
  cat <<'CPP'
struct Kernel { const char* name; void (*launch)(void** params); int arity; unsigned writable; };
template <class... A, std::size_t... I>
static void invoke(void (*f)(A...), void** p, std::index_sequence<I...>) { f(*static_cast<std::remove_reference_t<A>*>(p[I])...); }
template <class... A>
static void invoke(void (*f)(A...), void** p) { invoke(f, p, std::index_sequence_for<A...>{}); }
template <class... A> constexpr int arity(void (*)(A...)) { return sizeof...(A); }
// Bit i set: parameter i points to memory the kernel may write (a pointer to non-const).
template <class... A> constexpr unsigned writable(void (*)(A...)) {
  unsigned mask = 0, i = 0;
  ((mask |= (std::is_pointer_v<A> && !std::is_const_v<std::remove_pointer_t<A>>) ? 1u << i : 0u, i++), ...);
  return mask;
}
#define KERNEL(n) {#n, [](void** p) { invoke(&n, p); }, arity(&n), writable(&n)},
extern const Kernel KERNELS[] = {
CPP
  cat "${sources[@]}" | tr '\n' ' ' | tr -s ' ' | grep -oE 'extern "C" __global__ void (__launch_bounds__\([^)]*\) )?[a-z0-9_]+_v[0-9]+ ?\(' | grep -oE '[a-z0-9_]+_v[0-9]+ ?\($' | tr -d ' (' | sed 's/.*/KERNEL(&)/'
  echo '};'
  echo 'extern const int KERNEL_COUNT = sizeof(KERNELS) / sizeof(KERNELS[0]);'
} > "$gen"
g++ -std=c++20 -O1 -fPIC -shared -pthread -w -I"$here" -I"$src" -o "$lib.tmp" "$here/fake_libcuda.cpp" "$gen"
mv "$lib.tmp" "$lib"
