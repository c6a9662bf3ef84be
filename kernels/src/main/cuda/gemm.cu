// Batched strided SGEMM, row-major: C[b] = alpha * op(A[b]) op(B[b]) + beta * C[b].
// op(A) is M x K (A stored K x M when transA), op(B) is K x N (B stored N x K when transB).
// Used for Gram matrices G Gᵀ, projections G Vᵀ and per-sample dense outer products.
#include "tile_gemm.cuh"

struct GemmA {
    const float* a; int ld; int trans;
    __device__ float operator()(int m, int k) const { return trans ? a[(long long)k * ld + m] : a[(long long)m * ld + k]; }
};
struct GemmB {
    const float* b; int ld; int trans;
    __device__ float operator()(int k, int n) const { return trans ? b[(long long)n * ld + k] : b[(long long)k * ld + n]; }
};
struct GemmStore {
    float* c; int ld; float alpha, beta;
    __device__ void operator()(int m, int n, float acc) const { store_scaled(c + (long long)m * ld + n, acc, alpha, beta, 0); }
};

extern "C" __global__ void __launch_bounds__(TILE_THREADS)
gemm_v1(int transA, int transB, int M, int N, int K, float alpha,
        const float* A, int lda, long long strideA,
        const float* B, int ldb, long long strideB,
        float beta, float* C, int ldc, long long strideC) {
    long long b = blockIdx.z;
    GemmA la{A + b * strideA, lda, transA};
    GemmB lb{B + b * strideB, ldb, transB};
    GemmStore st{C + b * strideC, ldc, alpha, beta};
    tile_gemm(M, N, K, blockIdx.y, blockIdx.x, la, lb, st);
}
