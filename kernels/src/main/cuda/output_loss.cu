// The squared and quadratic-hinge losses on outputs [B][C], one thread per sample, and the
// R-operator they share: their output Hessians are diagonal (1, or the hinge's [Δ > 0]).
// scale = 1/B for the mean loss, 1 for per-sample gradients, as in softmax_cross_entropy.cu.

// loss[n] = ½‖z_n − t_n‖², delta = scale·(z − t); t = onehot(y) over C ≥ 2 outputs, t = y (±1) over C = 1.
extern "C" __global__ void squared_loss_v1(const float* z, const int* labels, int batch, int classes, float scale,
                                           float* loss, float* delta) {
    int n = blockIdx.x * blockDim.x + threadIdx.x;
    if (n >= batch) return;
    int y = labels[n];
    double sum = 0;
    for (int c = 0; c < classes; c++) {
        long long k = (long long)n * classes + c;
        float r = z[k] - (classes == 1 ? (float)y : (c == y ? 1.f : 0.f));
        sum += (double)r * r;
        delta[k] = scale * r;
    }
    loss[n] = (float)(0.5 * sum);
}

// Scalar outputs, labels ±1: Δ = 1 − y z, loss = ½ max(0, Δ)², delta = −scale·y·max(0, Δ),
// active = [Δ > 0] (the output Hessian; the kink Δ = 0 counts as satisfied).
extern "C" __global__ void quadratic_hinge_v1(const float* z, const int* labels, int batch, float scale,
                                              float* loss, float* delta, float* active) {
    int n = blockIdx.x * blockDim.x + threadIdx.x;
    if (n >= batch) return;
    float y = (float)labels[n];
    float gap = fmaxf(0.f, 1.f - y * z[n]);
    loss[n] = 0.5f * gap * gap;
    delta[n] = -scale * y * gap;
    active[n] = gap > 0.f ? 1.f : 0.f;
}

// R{δ} = scale·h ⊙ R{z} for a diagonal output Hessian h; the Gauss–Newton product uses it unchanged.
extern "C" __global__ void diagonal_loss_rop_v1(const float* h, const float* rz, long long n, float scale, float* rdelta) {
    long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    rdelta[i] = scale * h[i] * rz[i];
}
