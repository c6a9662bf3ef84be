// Per-layer noise Gram accumulation, K (n × n) += contribution of one parameter block.
// Explicit form: K += G_l G_lᵀ by gemm_v1 on the block's per-sample rows.
// Ghost form for a dense layer (no G_l at all): ⟨g_i, g_j⟩ = (δ_i·δ_j)(a_i·a_j), so with
// D = Δ Δᵀ and A = X Xᵀ (both by gemm_v1) K += D ⊙ A, done here.
extern "C" __global__ void gram_hadamard_acc_v1(const float* d, const float* a, float* k, long long n2) {
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n2; i += (long long)gridDim.x * blockDim.x)
        k[i] = fmaf(d[i], a[i], k[i]);
}
