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

// C (M x N) += A Bᵀ with A M x K and B N x K (rows lda / ldb apart), split over K: block z
// takes columns [z*chunk, min(K, (z+1)*chunk)) and adds its partial product atomically. The
// Gram matrix G_l G_lᵀ and projections G_l V_lᵀ are this shape with a tiny M, N and a huge K,
// where an unsplit GEMM would run on a handful of blocks.
struct RowsFrom {
    const float* p; long long ld; int c0;
    __device__ float operator()(int r, int q) const { return p[r * ld + c0 + q]; }
};
struct RowsFromT {
    const float* p; long long ld; int c0;
    __device__ float operator()(int q, int c) const { return p[c * ld + c0 + q]; }
};
struct AtomicStore {
    float* c; int ld;
    __device__ void operator()(int m, int n, float acc) const { atomicAdd(c + (long long)m * ld + n, acc); }
};

extern "C" __global__ void __launch_bounds__(TILE_THREADS)
gemm_nt_splitk_v1(const float* A, long long lda, const float* B, long long ldb, float* C, int ldc,
                  int M, int N, int K, int chunk) {
    int c0 = blockIdx.z * chunk;
    int count = min(K, c0 + chunk) - c0;
    if (count <= 0) return;
    tile_gemm(M, N, count, blockIdx.y, blockIdx.x, RowsFrom{A, lda, c0}, RowsFromT{B, ldb, c0}, AtomicStore{C, ldc});
}
