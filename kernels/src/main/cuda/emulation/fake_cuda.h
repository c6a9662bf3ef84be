// Just enough of CUDA's device dialect to compile the kernels as C++ for the CPU emulator
// (fake_libcuda.cpp). Each CUDA thread of a block is a coroutine, so __syncthreads and warp
// shuffles keep their meaning; blocks run one after another, which is why __shared__ may be a
// plain static.
#pragma once
#include <algorithm>
#include <cmath>
#include <math.h>

#define __global__
#define __device__
#define __host__
#define __forceinline__ inline
#define __launch_bounds__(...)
#define __shared__ static

struct uint3 { unsigned x, y, z; };
struct dim3 { unsigned x, y, z; };
extern uint3 threadIdx, blockIdx;
extern dim3 blockDim, gridDim;

void __syncthreads();
float __shfl_down_sync(unsigned mask, float value, int delta);
float atomicAdd(float* address, float value);

using std::max;
using std::min;
