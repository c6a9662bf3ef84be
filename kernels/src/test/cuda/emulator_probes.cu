// Kernels that are wrong on a GPU in ways a sequential CPU run would not show. The emulator's
// own test (EmulatorStrictnessTest) launches them and expects the emulator to catch each one.
// Never loaded by flatbench itself.

// Split-K style accumulation with a plain += : a lost-update race between blocks on a GPU.
extern "C" __global__ void probe_racy_sum_v1(const float* x, float* out, int n) {
    if (threadIdx.x != 0) return;
    float s = 0;
    for (int i = blockIdx.x; i < n; i += gridDim.x) s += x[i];
    out[0] += s;
}

// The same with atomicAdd: correct, must pass.
extern "C" __global__ void probe_atomic_sum_v1(const float* x, float* out, int n) {
    if (threadIdx.x != 0) return;
    float s = 0;
    for (int i = blockIdx.x; i < n; i += gridDim.x) s += x[i];
    atomicAdd(out, s);
}

// Each block writes its own element: no conflict.
extern "C" __global__ void probe_disjoint_v1(const float* x, float* out, int n) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) out[i] = 2 * x[i];
}
