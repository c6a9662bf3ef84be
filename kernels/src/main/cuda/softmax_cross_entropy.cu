// Softmax cross-entropy on logits [B][C], one thread per sample (C is small: 10 classes).
// loss[n] = −log p_{n,y_n}; delta = scale·(p − onehot(y)) with scale = 1/B for the mean loss
// and 1 for per-sample gradients. probs and delta may be null when not needed.
extern "C" __global__ void softmax_xent_v1(const float* logits, const int* labels, int batch, int classes, float scale,
                                           float* probs, float* loss, float* delta) {
    int n = blockIdx.x * blockDim.x + threadIdx.x;
    if (n >= batch) return;
    const float* z = logits + (long long)n * classes;
    float mx = z[0];
    for (int c = 1; c < classes; c++) mx = fmaxf(mx, z[c]);
    double sum = 0;
    for (int c = 0; c < classes; c++) sum += exp((double)(z[c] - mx));
    double logSum = log(sum);
    int y = labels[n];
    loss[n] = (float)(logSum - (z[y] - mx));
    for (int c = 0; c < classes; c++) {
        float p = (float)(exp((double)(z[c] - mx)) / sum);
        if (probs) probs[(long long)n * classes + c] = p;
        if (delta) delta[(long long)n * classes + c] = scale * (p - (c == y ? 1.f : 0.f));
    }
}

// R-operator of the loss gradient: R{δ} = scale·(p ⊙ R{z} − p (pᵀ R{z})), the softmax Hessian
// applied to R{z}; the Gauss–Newton product uses it unchanged (it is H_out).
extern "C" __global__ void softmax_xent_rop_v1(const float* probs, const float* rz, int batch, int classes, float scale, float* rdelta) {
    int n = blockIdx.x * blockDim.x + threadIdx.x;
    if (n >= batch) return;
    const float* p = probs + (long long)n * classes;
    const float* r = rz + (long long)n * classes;
    double pr = 0;
    for (int c = 0; c < classes; c++) pr += (double)p[c] * r[c];
    for (int c = 0; c < classes; c++) rdelta[(long long)n * classes + c] = scale * (float)(p[c] * (r[c] - pr));
}
