// Fully connected layer, W [out][in] row-major, activations [B][features]:
//   forward        y = x Wᵀ + b                     (M = B,   N = out, K = in)
//   backward data  dx (+)= dy W                     (M = B,   N = in,  K = out)
//   backward weight dW (+)= Σ_n dy_nᵀ x_n per group  (M = out, N = in,  K = samples in group)
// Groups make one kernel serve both the batch gradient (split-K groups, atomic adds into one
// dW) and per-sample gradients (one group per sample, each writing its own row of G).
#include "tile_gemm.cuh"

struct RowMajor {
    const float* p; int ld;
    __device__ float operator()(int r, int c) const { return p[(long long)r * ld + c]; }
};
struct Transposed {
    const float* p; int ld;
    __device__ float operator()(int r, int c) const { return p[(long long)c * ld + r]; }
};

struct DenseForwardStore {
    float* y; const float* bias; int out; float alpha, beta;
    __device__ void operator()(int n, int o, float acc) const {
        if (bias) acc += bias[o];
        store_scaled(y + (long long)n * out + o, acc, alpha, beta, 0);
    }
};

extern "C" __global__ void __launch_bounds__(TILE_THREADS)
dense_forward_v1(const float* x, const float* w, const float* bias, float* y,
                 int batch, int in, int out, float alpha, float beta) {
    Transposed wt{w, in};  // B(k = i, n = o) = W[o][i]
    tile_gemm(batch, out, in, blockIdx.y, blockIdx.x, RowMajor{x, in}, wt, DenseForwardStore{y, bias, out, alpha, beta});
}

struct DenseDataStore {
    float* dx; int in; float alpha, beta;
    __device__ void operator()(int n, int i, float acc) const { store_scaled(dx + (long long)n * in + i, acc, alpha, beta, 0); }
};

extern "C" __global__ void __launch_bounds__(TILE_THREADS)
dense_backward_data_v1(const float* dy, const float* w, float* dx,
                       int batch, int in, int out, float alpha, float beta) {
    tile_gemm(batch, in, out, blockIdx.y, blockIdx.x, RowMajor{dy, out}, RowMajor{w, in}, DenseDataStore{dx, in, alpha, beta});
}

struct DenseWeightStore {
    float* dw; int in; float alpha, beta; int atomic;
    __device__ void operator()(int o, int i, float acc) const { store_scaled(dw + (long long)o * in + i, acc, alpha, beta, atomic); }
};

// grid.z = groups; group g covers samples [g*perGroup, min(batch, (g+1)*perGroup)) and writes
// dw + g*groupStride, or adds atomically into dw when atomic != 0 (split-K).
extern "C" __global__ void __launch_bounds__(TILE_THREADS)
dense_backward_weight_v1(const float* dy, const float* x, float* dw,
                         int batch, int in, int out, int perGroup, long long groupStride,
                         float alpha, float beta, int atomic) {
    int g = blockIdx.z;
    int first = g * perGroup;
    int count = min(batch, first + perGroup) - first;
    if (count <= 0) return;
    Transposed a{dy + (long long)first * out, out};  // A(o, n) = dy[n][o]
    RowMajor b{x + (long long)first * in, in};        // B(n, i) = x[n][i]
    DenseWeightStore st{dw + (atomic ? 0 : g * groupStride), in, alpha, beta, atomic};
    tile_gemm(out, in, count, blockIdx.y, blockIdx.x, a, b, st);
}
