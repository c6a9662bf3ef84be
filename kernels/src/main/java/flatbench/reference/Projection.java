package flatbench.reference;

/**
 * One layer's contribution to the projections g_iᵀv of per-sample gradients on a direction v,
 * without forming g_i: g_iᵀv = ⟨δ_i, (layer output's derivative along v's block)⟩. result is
 * [batch], overwritten; delta has no 1/B factor.
 */
public final class Projection {
    private Projection() {}

    /** Float32 sums of a layer's worth of products. */
    public static final Tolerance TOLERANCE = new Tolerance(1e-5, 1e-3);

    /** result_n ← δ_nᵀ (V x_n + c); vBias may be null. */
    public static void dense(double[] delta, double[] x, double[] vWeight, double[] vBias, double[] result, int batch, int in, int out) {
        double[] z = new double[batch * out];
        Dense.forward(x, vWeight, vBias, z, batch, in, out);
        dotPerSample(delta, z, result, batch, out);
    }

    /** result_n ← Σ_t δ_{n,t}ᵀ (V u_{n,t} + c); vBias may be null. */
    public static void conv(double[] delta, double[] x, double[] vWeight, double[] vBias, double[] result,
                            int batch, int inC, int height, int width, int outC, int kernel, int stride, int padding) {
        int per = outC * Conv2d.outSize(height, kernel, stride, padding) * Conv2d.outSize(width, kernel, stride, padding);
        double[] y = new double[batch * per];
        Conv2d.forward(x, vWeight, vBias, y, batch, inC, height, width, outC, kernel, stride, padding);
        dotPerSample(delta, y, result, batch, per);
    }

    /** result_n ← Σ_{c,t} δ_{n,c,t} (vγ_c·s·x_{n,c,t} + vβ_c). */
    public static void batchNorm(double[] delta, double[] x, double[] vGamma, double[] vBeta, double[] result,
                                 int batch, int channels, int spatial, double inverseStd) {
        double[] y = new double[batch * channels * spatial];
        BatchNormInference.forward(x, vGamma, vBeta, y, batch, channels, spatial, inverseStd);
        dotPerSample(delta, y, result, batch, channels * spatial);
    }

    private static void dotPerSample(double[] a, double[] b, double[] result, int batch, int per) {
        for (int n = 0; n < batch; n++) {
            double s = 0;
            for (int i = 0; i < per; i++) s += a[n * per + i] * b[n * per + i];
            result[n] = s;
        }
    }
}
