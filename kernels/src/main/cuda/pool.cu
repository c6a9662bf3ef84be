// Pooling over NCHW planes (square window, no padding, output size rounded down) and global
// average pooling. Backward passes ADD into dx (windows may overlap; residual inputs gather
// gradients from several consumers), so callers zero dx first when they need plain assignment.

// One thread per output element; argmax holds the flat input index of the winner so the
// backward pass and the R-operator route through the same element.
extern "C" __global__ void maxpool_forward_v1(const float* x, float* y, int* argmax,
                                              int planes, int h, int w, int k, int stride, int ho, int wo) {
    long long total = (long long)planes * ho * wo;
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < total; i += (long long)gridDim.x * blockDim.x) {
        int ow = i % wo; long long t = i / wo; int oh = t % ho; long long p = t / ho;
        long long base = p * h * w;
        float best = -INFINITY; long long at = base + (long long)(oh * stride) * w + ow * stride;
        for (int a = 0; a < k; a++)
            for (int b = 0; b < k; b++) {
                long long idx = base + (long long)(oh * stride + a) * w + ow * stride + b;
                float v = x[idx];
                if (v > best) { best = v; at = idx; }
            }
        y[i] = best;
        argmax[i] = (int)at;
    }
}

extern "C" __global__ void maxpool_backward_v1(const float* dy, const int* argmax, float* dx, long long total) {
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < total; i += (long long)gridDim.x * blockDim.x)
        atomicAdd(dx + argmax[i], dy[i]);
}

// y[i] = x[argmax[i]]: max pooling is locally linear, so R{y} gathers R{x} at the forward argmax.
extern "C" __global__ void maxpool_gather_v1(const float* x, const int* argmax, float* y, long long total) {
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < total; i += (long long)gridDim.x * blockDim.x)
        y[i] = x[argmax[i]];
}

extern "C" __global__ void avgpool_forward_v1(const float* x, float* y, int planes, int h, int w, int k, int stride, int ho, int wo) {
    long long total = (long long)planes * ho * wo;
    float inv = 1.f / (k * k);
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < total; i += (long long)gridDim.x * blockDim.x) {
        int ow = i % wo; long long t = i / wo; int oh = t % ho; long long p = t / ho;
        const float* base = x + p * h * w;
        float s = 0.f;
        for (int a = 0; a < k; a++)
            for (int b = 0; b < k; b++) s += base[(oh * stride + a) * w + ow * stride + b];
        y[i] = s * inv;
    }
}

extern "C" __global__ void avgpool_backward_v1(const float* dy, float* dx, int planes, int h, int w, int k, int stride, int ho, int wo) {
    long long total = (long long)planes * ho * wo;
    float inv = 1.f / (k * k);
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < total; i += (long long)gridDim.x * blockDim.x) {
        int ow = i % wo; long long t = i / wo; int oh = t % ho; long long p = t / ho;
        float* base = dx + p * h * w;
        float g = dy[i] * inv;
        for (int a = 0; a < k; a++)
            for (int b = 0; b < k; b++) atomicAdd(base + (oh * stride + a) * w + ow * stride + b, g);
    }
}

// One warp per plane: mean over hw.
extern "C" __global__ void global_avgpool_forward_v1(const float* x, float* y, int planes, int hw) {
    int lane = threadIdx.x % 32;
    long long p = (blockIdx.x * (long long)blockDim.x + threadIdx.x) / 32;
    if (p >= planes) return;
    float s = 0.f;
    for (int i = lane; i < hw; i += 32) s += x[p * hw + i];
    for (int o = 16; o > 0; o /= 2) s += __shfl_down_sync(0xffffffffu, s, o);
    if (lane == 0) y[p] = s / hw;
}

extern "C" __global__ void global_avgpool_backward_v1(const float* dy, float* dx, int planes, int hw) {
    long long total = (long long)planes * hw;
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < total; i += (long long)gridDim.x * blockDim.x)
        dx[i] += dy[i / hw] / hw;
}
