#!/usr/bin/env bash
# Prints the OpenBLAS kernel family for this CPU by its instruction set, for OPENBLAS_CORETYPE.
# OpenBLAS 0.3.19 (the JavaCPP build that ND4J and the cpu engine share) picks its kernels by CPU
# model and falls back to its SSE kernels (NEHALEM) on models it does not know — every x86 CPU
# from about 2021 on, AVX-512 ones included — which makes GEMMs ~3x slower. The same variable
# steers the OpenBLAS behind PyTorch, so the peer gets the same kernels. Prints nothing when the
# CPU has neither AVX-512 nor AVX2 (OpenBLAS's own choice then stands).
flags=$(grep -m1 '^flags' /proc/cpuinfo 2>/dev/null) || exit 0
has() { for f in "$@"; do [[ " $flags " == *" $f "* ]] || return 1; done; }
if has avx512f avx512bw avx512dq avx512vl avx512cd; then echo SkylakeX
elif has avx2 fma; then echo Haswell
fi
