package flatbench.reference;

import java.util.Arrays;

/**
 * Per-sample parameter gradients of one layer written into rows of G (batch × rowStride,
 * row-major), columns [colOffset, colOffset + the layer's parameter count), in the flat layout
 * (weight then bias; scale then shift). delta is ∂ℓ_i/∂(layer output) with no 1/B factor.
 * Only those columns are written (overwritten).
 */
public final class PerSampleGrad {
    private PerSampleGrad() {}

    /** Dense rows are single products; conv rows sum Ho·Wo products. */
    public static final Tolerance TOLERANCE = new Tolerance(1e-5, 1e-4);

    /** Row n: δ_n x_nᵀ ([out][in]), then δ_n when bias. */
    public static void dense(double[] delta, double[] x, double[] g, int rowStride, int colOffset,
                             int batch, int in, int out, boolean bias) {
        for (int n = 0; n < batch; n++) {
            int r = n * rowStride + colOffset;
            for (int o = 0; o < out; o++) {
                double d = delta[n * out + o];
                int wo = r + o * in;
                for (int i = 0; i < in; i++) g[wo + i] = d * x[n * in + i];
                if (bias) g[r + out * in + o] = d;
            }
        }
    }

    /** Row n: Σ_t δ_{n,t} u_{n,t}ᵀ ([outC][inC][k][k]), then Σ_t δ_{n,t} when bias. */
    public static void conv(double[] delta, double[] x, double[] g, int rowStride, int colOffset,
                            int batch, int inC, int height, int width, int outC, int kernel, int stride, int padding, boolean bias) {
        int weights = outC * inC * kernel * kernel;
        double[] u = new double[Conv2d.outSize(height, kernel, stride, padding) * Conv2d.outSize(width, kernel, stride, padding) * inC * kernel * kernel];
        for (int n = 0; n < batch; n++) {
            int r = n * rowStride + colOffset;
            Arrays.fill(g, r, r + weights + (bias ? outC : 0), 0.0);
            Conv2d.accumulateSampleWeightGrad(delta, x, n, u, g, r, bias ? g : null, r + weights,
                    inC, height, width, outC, kernel, stride, padding);
        }
    }

    /** Row n: s·Σ_t δ_{n,c,t} x_{n,c,t} per channel (scale), then Σ_t δ_{n,c,t} (shift). */
    public static void batchNorm(double[] delta, double[] x, double[] g, int rowStride, int colOffset,
                                 int batch, int channels, int spatial, double inverseStd) {
        for (int n = 0; n < batch; n++) {
            int r = n * rowStride + colOffset;
            for (int c = 0; c < channels; c++) {
                int base = (n * channels + c) * spatial;
                double sg = 0, sb = 0;
                for (int t = 0; t < spatial; t++) {
                    sg += delta[base + t] * x[base + t];
                    sb += delta[base + t];
                }
                g[r + c] = sg * inverseStd;
                g[r + channels + c] = sb;
            }
        }
    }
}
