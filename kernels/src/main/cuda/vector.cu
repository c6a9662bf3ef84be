// Parameter-vector arithmetic for the CUDA vector space (Lanczos, SLQ, SGD run on these).
// Random fills use a counter-based hash (splitmix64 of seed and index): every element is
// independent of launch geometry, so a seed gives the same vector on any device.
#define GRID_STRIDE(i, n) for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < (n); i += (long long)gridDim.x * blockDim.x)

extern "C" __global__ void scale_v1(float* x, float a, long long n) { GRID_STRIDE(i, n) x[i] *= a; }

extern "C" __global__ void axpy_v1(float a, const float* x, float* y, long long n) { GRID_STRIDE(i, n) y[i] = fmaf(a, x[i], y[i]); }

extern "C" __global__ void mul_acc_v1(const float* a, const float* b, float* out, long long n) { GRID_STRIDE(i, n) out[i] = fmaf(a[i], b[i], out[i]); }

// y ← y + a·x / (√v + ε): Adam's step, m̂/(√v̂ + ε) with the bias corrections folded into a and ε by the caller.
extern "C" __global__ void add_ratio_v1(float a, const float* x, const float* v, float eps, float* y, long long n) {
    GRID_STRIDE(i, n) y[i] = fmaf(a, x[i] / (sqrtf(v[i]) + eps), y[i]);
}

extern "C" __global__ void add_v1(const float* a, const float* b, float* out, long long n) { GRID_STRIDE(i, n) out[i] = a[i] + b[i]; }

// Per-block partial sums of a·b in double (256 threads per block); the host adds the partials.
extern "C" __global__ void dot_partial_v1(const float* a, const float* b, double* partial, long long n) {
    __shared__ double s[256];
    double acc = 0;
    GRID_STRIDE(i, n) acc += (double)a[i] * b[i];
    s[threadIdx.x] = acc;
    __syncthreads();
    for (int o = blockDim.x / 2; o > 0; o /= 2) {
        if (threadIdx.x < o) s[threadIdx.x] += s[threadIdx.x + o];
        __syncthreads();
    }
    if (threadIdx.x == 0) partial[blockIdx.x] = s[0];
}

__device__ __forceinline__ unsigned long long splitmix64(unsigned long long z) {
    z += 0x9E3779B97F4A7C15ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

// Uniform in (0, 1]: 53 random bits, never 0 so the logarithm below is finite.
__device__ __forceinline__ double uniform(unsigned long long seed, unsigned long long counter) {
    return ((splitmix64(seed ^ splitmix64(counter)) >> 11) + 1.0) * (1.0 / 9007199254740992.0);
}

// Box–Muller on the pair (2i, 2i+1) of uniforms for element i.
extern "C" __global__ void fill_gaussian_v1(float* x, unsigned long long seed, long long n) {
    GRID_STRIDE(i, n) {
        double u1 = uniform(seed, 2ull * i), u2 = uniform(seed, 2ull * i + 1);
        x[i] = (float)(sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2));
    }
}

extern "C" __global__ void fill_rademacher_v1(float* x, unsigned long long seed, long long n) {
    GRID_STRIDE(i, n) x[i] = (splitmix64(seed ^ splitmix64(i)) >> 63) ? 1.f : -1.f;
}
