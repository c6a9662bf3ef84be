// ReLU. The backward pass masks by the forward OUTPUT (y > 0 exactly when z > 0), so the
// pre-activation need not be kept; the same mask is φ′ for the R-operator's forward pass.
extern "C" __global__ void relu_forward_v1(const float* x, float* y, long long n) {
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x)
        y[i] = fmaxf(x[i], 0.f);
}

// dx = mask ⊙ dy, or dx += mask ⊙ dy when accumulate != 0.
extern "C" __global__ void relu_backward_v1(const float* y, const float* dy, float* dx, long long n, int accumulate) {
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x) {
        float g = y[i] > 0.f ? dy[i] : 0.f;
        dx[i] = accumulate ? dx[i] + g : g;
    }
}
