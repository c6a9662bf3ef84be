// Per-layer noise Gram accumulation, K (n × n) += contribution of one parameter block.
// Explicit form: K += G_l G_lᵀ by gemm_v1 on the block's per-sample rows.
// Ghost form for a dense layer (no G_l at all): ⟨g_i, g_j⟩ = (δ_i·δ_j)(a_i·a_j), so with
// D = Δ Δᵀ and A = X Xᵀ (both by gemm_v1) K += D ⊙ A, done here.
extern "C" __global__ void gram_hadamard_acc_v1(const float* d, const float* a, float* k, long long n2) {
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n2; i += (long long)gridDim.x * blockDim.x)
        k[i] = fmaf(d[i], a[i], k[i]);
}

// Ghost form for a convolution (never forming G_l): with u_{i,t} the input patch and δ_{i,t}
// the output gradient of sample i at output position t,
//   ⟨g_i, g_j⟩ = Σ_{t,t′} (u_{i,t}·u_{j,t′}) (δ_{i,t}·δ_{j,t′}).
// Rows r = (sample, position) of the (B·T)² matrices P = U Uᵀ and D = Δ Δᵀ come from two tiled
// products; gram_block_hadamard_v1 then sums P ⊙ D over each T × T block into K. Worth it when
// T is small (deep layers); the host chooses by the cost model of flatbench.reference.NoiseGram.
#include "tile_gemm.cuh"

struct GhostGeom {
    int cin, h, w, cout, k, stride, pad, ho, wo;
};
struct GhostPatch {  // U(r, c): patch element c at row r = (n, oh, ow)
    const float* x; GhostGeom g;
    __device__ float at(int r, int c) const {
        int ow = r % g.wo, t = r / g.wo, oh = t % g.ho, n = t / g.ho;
        int kw = c % g.k, t2 = c / g.k, kh = t2 % g.k, ci = t2 / g.k;
        int ih = oh * g.stride - g.pad + kh, iw = ow * g.stride - g.pad + kw;
        if (ih < 0 || ih >= g.h || iw < 0 || iw >= g.w) return 0.f;
        return x[(((long long)n * g.cin + ci) * g.h + ih) * g.w + iw];
    }
};
struct GhostPatchA { GhostPatch p; __device__ float operator()(int r, int c) const { return p.at(r, c); } };
struct GhostPatchB { GhostPatch p; __device__ float operator()(int c, int r) const { return p.at(r, c); } };
struct GhostDelta {  // Δ(r, co) = dy[n][co][t] at row r = (n, t)
    const float* dy; int cout, positions;
    __device__ float at(int r, int co) const {
        int t = r % positions, n = r / positions;
        return dy[((long long)n * cout + co) * positions + t];
    }
};
struct GhostDeltaA { GhostDelta d; __device__ float operator()(int r, int c) const { return d.at(r, c); } };
struct GhostDeltaB { GhostDelta d; __device__ float operator()(int c, int r) const { return d.at(r, c); } };
struct GhostStore {
    float* out; long long ld;
    __device__ void operator()(int m, int n, float acc) const { out[m * ld + n] = acc; }
};

// out (rows × rows, rows = B·Ho·Wo) = U Uᵀ.
extern "C" __global__ void __launch_bounds__(TILE_THREADS)
conv_patch_gram_v1(const float* x, float* out, int batch, int cin, int h, int w, int cout, int k, int stride, int pad, int ho, int wo) {
    GhostGeom g{cin, h, w, cout, k, stride, pad, ho, wo};
    int rows = batch * ho * wo;
    GhostPatch p{x, g};
    tile_gemm(rows, rows, cin * k * k, blockIdx.y, blockIdx.x, GhostPatchA{p}, GhostPatchB{p}, GhostStore{out, rows});
}

// out (rows × rows) = Δ Δᵀ.
extern "C" __global__ void __launch_bounds__(TILE_THREADS)
conv_delta_gram_v1(const float* dy, float* out, int batch, int cout, int positions) {
    int rows = batch * positions;
    GhostDelta d{dy, cout, positions};
    tile_gemm(rows, rows, cout, blockIdx.y, blockIdx.x, GhostDeltaA{d}, GhostDeltaB{d}, GhostStore{out, rows});
}

// K[i][j] += Σ_{t,t′} P[(i,t),(j,t′)] · D[(i,t),(j,t′)]; one 256-thread block per (i, j).
extern "C" __global__ void gram_block_hadamard_v1(const float* p, const float* d, float* k, int batch, int positions) {
    int i = blockIdx.y, j = blockIdx.x;
    long long rows = (long long)batch * positions;
    int pairs = positions * positions;
    double acc = 0;
    for (int q = threadIdx.x; q < pairs; q += blockDim.x) {
        int t = q / positions, t2 = q % positions;
        long long at = ((long long)i * positions + t) * rows + (long long)j * positions + t2;
        acc += (double)p[at] * d[at];
    }
    __shared__ double s[256];
    s[threadIdx.x] = acc;
    __syncthreads();
    for (int o = blockDim.x / 2; o > 0; o /= 2) {
        if (threadIdx.x < o) s[threadIdx.x] += s[threadIdx.x + o];
        __syncthreads();
    }
    if (threadIdx.x == 0) k[(long long)i * batch + j] += (float)s[0];
}
