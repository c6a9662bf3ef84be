// One shared-memory tiled GEMM core used by every GEMM-shaped kernel (dense, conv as implicit
// GEMM, batched products). Operands are reached through loader functors, so a convolution's
// patch matrix is indexed, never stored. fp32 in, fp32 accumulate.
//
// C(m, n) = sum_k A(m, k) * B(k, n), a TILE_M x TILE_N tile per block of 256 threads, each
// thread owning a 4 x 4 sub-tile strided by 16 so shared-memory reads are conflict free and
// stores along n are coalesced.
#pragma once

#define TILE_M 64
#define TILE_N 64
#define TILE_K 16
#define TILE_THREADS 256

template <class LoadA, class LoadB, class Store>
__device__ __forceinline__ void tile_gemm(int M, int N, int K, int tileM, int tileN,
                                          const LoadA& loadA, const LoadB& loadB, const Store& store) {
    __shared__ float As[TILE_K][TILE_M + 4];
    __shared__ float Bs[TILE_K][TILE_N + 4];
    const int tid = threadIdx.x;
    const int tx = tid % 16, ty = tid / 16;
    const int m0 = tileM * TILE_M, n0 = tileN * TILE_N;
    float acc[4][4];
#pragma unroll
    for (int i = 0; i < 4; i++)
#pragma unroll
        for (int j = 0; j < 4; j++) acc[i][j] = 0.f;

    for (int k0 = 0; k0 < K; k0 += TILE_K) {
        for (int i = tid; i < TILE_M * TILE_K; i += TILE_THREADS) {
            int mm = i / TILE_K, kk = i % TILE_K;
            int m = m0 + mm, k = k0 + kk;
            As[kk][mm] = (m < M && k < K) ? loadA(m, k) : 0.f;
        }
        for (int i = tid; i < TILE_K * TILE_N; i += TILE_THREADS) {
            int kk = i / TILE_N, nn = i % TILE_N;
            int k = k0 + kk, n = n0 + nn;
            Bs[kk][nn] = (k < K && n < N) ? loadB(k, n) : 0.f;
        }
        __syncthreads();
#pragma unroll
        for (int kk = 0; kk < TILE_K; kk++) {
            float a[4], b[4];
#pragma unroll
            for (int i = 0; i < 4; i++) a[i] = As[kk][ty + 16 * i];
#pragma unroll
            for (int j = 0; j < 4; j++) b[j] = Bs[kk][tx + 16 * j];
#pragma unroll
            for (int i = 0; i < 4; i++)
#pragma unroll
                for (int j = 0; j < 4; j++) acc[i][j] = fmaf(a[i], b[j], acc[i][j]);
        }
        __syncthreads();
    }
#pragma unroll
    for (int i = 0; i < 4; i++)
#pragma unroll
        for (int j = 0; j < 4; j++) {
            int m = m0 + ty + 16 * i, n = n0 + tx + 16 * j;
            if (m < M && n < N) store(m, n, acc[i][j]);
        }
}

// out = alpha*acc + beta*out, never reading out when beta == 0 (it may hold NaN poison), or an
// atomic add of alpha*acc when several blocks (split-K groups) share one output.
__device__ __forceinline__ void store_scaled(float* out, float acc, float alpha, float beta, int atomic) {
    if (atomic) atomicAdd(out, alpha * acc);
    else *out = (beta == 0.f) ? alpha * acc : fmaf(alpha, acc, beta * *out);
}
