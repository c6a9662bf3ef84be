// 2-D convolution (cross-correlation), NCHW activations, W [cout][cin][k][k], square kernel,
// stride s, zero padding p, as implicit GEMMs (patches are indexed, never stored):
//   forward          M = B·Ho·Wo, N = cout, K = cin·k·k
//   backward data    M = B·H·W,   N = cin,  K = cout·k·k
//   backward weight  M = cout,    N = cin·k·k, K = samples·Ho·Wo per group
// Weight-gradient groups serve both the batch gradient (split-K, atomic adds) and per-sample
// gradients (one group per sample writing its own row of G).
#include "tile_gemm.cuh"

struct ConvGeom {
    int batch, cin, h, w, cout, k, stride, pad, ho, wo;
};

// A(m, kk) of the forward pass: input pixel under patch m at kernel tap kk.
struct PatchA {
    const float* x; ConvGeom g;
    __device__ float operator()(int m, int kk) const {
        int ow = m % g.wo, t = m / g.wo, oh = t % g.ho, n = t / g.ho;
        int kw = kk % g.k, t2 = kk / g.k, kh = t2 % g.k, ci = t2 / g.k;
        int ih = oh * g.stride - g.pad + kh, iw = ow * g.stride - g.pad + kw;
        if (ih < 0 || ih >= g.h || iw < 0 || iw >= g.w) return 0.f;
        return x[(((long long)n * g.cin + ci) * g.h + ih) * g.w + iw];
    }
};
struct WeightKByCout {
    const float* w; int kdim;
    __device__ float operator()(int kk, int co) const { return w[(long long)co * kdim + kk]; }
};
struct ConvForwardStore {
    float* y; const float* bias; ConvGeom g; float alpha, beta;
    __device__ void operator()(int m, int co, float acc) const {
        int ow = m % g.wo, t = m / g.wo, oh = t % g.ho, n = t / g.ho;
        if (bias) acc += bias[co];
        store_scaled(y + (((long long)n * g.cout + co) * g.ho + oh) * g.wo + ow, acc, alpha, beta, 0);
    }
};

extern "C" __global__ void __launch_bounds__(TILE_THREADS)
conv2d_forward_v1(const float* x, const float* w, const float* bias, float* y,
                  int batch, int cin, int h, int wd, int cout, int k, int stride, int pad,
                  int ho, int wo, float alpha, float beta) {
    ConvGeom g{batch, cin, h, wd, cout, k, stride, pad, ho, wo};
    int kdim = cin * k * k;
    tile_gemm(batch * ho * wo, cout, kdim, blockIdx.y, blockIdx.x, PatchA{x, g}, WeightKByCout{w, kdim},
              ConvForwardStore{y, bias, g, alpha, beta});
}

// A(m, kk) of the data pass: the output gradient that input pixel m received through tap kk.
struct GradPatchA {
    const float* dy; ConvGeom g;
    __device__ float operator()(int m, int kk) const {
        int iw = m % g.w, t = m / g.w, ih = t % g.h, n = t / g.h;
        int kw = kk % g.k, t2 = kk / g.k, kh = t2 % g.k, co = t2 / g.k;
        int sh = ih + g.pad - kh, sw = iw + g.pad - kw;
        if (sh < 0 || sw < 0 || sh % g.stride || sw % g.stride) return 0.f;
        int oh = sh / g.stride, ow = sw / g.stride;
        if (oh >= g.ho || ow >= g.wo) return 0.f;
        return dy[(((long long)n * g.cout + co) * g.ho + oh) * g.wo + ow];
    }
};
struct WeightTapByCin {
    const float* w; ConvGeom g;
    __device__ float operator()(int kk, int ci) const {
        int kw = kk % g.k, t = kk / g.k, kh = t % g.k, co = t / g.k;
        return w[(((long long)co * g.cin + ci) * g.k + kh) * g.k + kw];
    }
};
struct ConvDataStore {
    float* dx; ConvGeom g; float alpha, beta;
    __device__ void operator()(int m, int ci, float acc) const {
        int iw = m % g.w, t = m / g.w, ih = t % g.h, n = t / g.h;
        store_scaled(dx + (((long long)n * g.cin + ci) * g.h + ih) * g.w + iw, acc, alpha, beta, 0);
    }
};

extern "C" __global__ void __launch_bounds__(TILE_THREADS)
conv2d_backward_data_v1(const float* dy, const float* w, float* dx,
                        int batch, int cin, int h, int wd, int cout, int k, int stride, int pad,
                        int ho, int wo, float alpha, float beta) {
    ConvGeom g{batch, cin, h, wd, cout, k, stride, pad, ho, wo};
    tile_gemm(batch * h * wd, cin, cout * k * k, blockIdx.y, blockIdx.x, GradPatchA{dy, g}, WeightTapByCin{w, g},
              ConvDataStore{dx, g, alpha, beta});
}

// Weight pass, K index q runs over (sample within group, oh, ow).
struct GradByPosition {
    const float* dy; ConvGeom g; int first;
    __device__ float operator()(int co, int q) const {
        int ow = q % g.wo, t = q / g.wo, oh = t % g.ho, n = first + t / g.ho;
        return dy[(((long long)n * g.cout + co) * g.ho + oh) * g.wo + ow];
    }
};
struct PatchByPosition {
    const float* x; ConvGeom g; int first;
    __device__ float operator()(int q, int j) const {
        int ow = q % g.wo, t = q / g.wo, oh = t % g.ho, n = first + t / g.ho;
        int kw = j % g.k, t2 = j / g.k, kh = t2 % g.k, ci = t2 / g.k;
        int ih = oh * g.stride - g.pad + kh, iw = ow * g.stride - g.pad + kw;
        if (ih < 0 || ih >= g.h || iw < 0 || iw >= g.w) return 0.f;
        return x[(((long long)n * g.cin + ci) * g.h + ih) * g.w + iw];
    }
};
struct ConvWeightStore {
    float* dw; int kdim; float alpha, beta; int atomic;
    __device__ void operator()(int co, int j, float acc) const { store_scaled(dw + (long long)co * kdim + j, acc, alpha, beta, atomic); }
};

// grid.z = groups; group gi covers samples [gi*perGroup, min(batch, (gi+1)*perGroup)) and
// writes dw + gi*groupStride, or adds atomically into dw when atomic != 0.
extern "C" __global__ void __launch_bounds__(TILE_THREADS)
conv2d_backward_weight_v1(const float* dy, const float* x, float* dw,
                          int batch, int cin, int h, int wd, int cout, int k, int stride, int pad,
                          int ho, int wo, int perGroup, long long groupStride,
                          float alpha, float beta, int atomic) {
    ConvGeom g{batch, cin, h, wd, cout, k, stride, pad, ho, wo};
    int gi = blockIdx.z;
    int first = gi * perGroup;
    int count = min(batch, first + perGroup) - first;
    if (count <= 0) return;
    int kdim = cin * k * k;
    tile_gemm(cout, kdim, count * ho * wo, blockIdx.y, blockIdx.x, GradByPosition{dy, g, first},
              PatchByPosition{x, g, first}, ConvWeightStore{dw + (atomic ? 0 : gi * groupStride), kdim, alpha, beta, atomic});
}
