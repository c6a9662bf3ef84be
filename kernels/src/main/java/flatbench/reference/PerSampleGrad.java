package flatbench.reference;

import java.util.Arrays;

import flatbench.model.ChannelShape;
import flatbench.model.ConvShape;
import flatbench.model.DenseShape;

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
    public static void dense(DenseShape s, boolean bias, double[] delta, double[] x, double[] g, int rowStride, int colOffset) {
        int batch = s.batch(), in = s.in(), out = s.out();
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
    public static void conv(ConvShape s, boolean bias, double[] delta, double[] x, double[] g, int rowStride, int colOffset) {
        int weights = Math.toIntExact(s.weightSize());
        double[] u = new double[s.positions() * s.patch()];
        for (int n = 0; n < s.batch(); n++) {
            int r = n * rowStride + colOffset;
            Arrays.fill(g, r, r + weights + (bias ? s.cout() : 0), 0.0);
            Conv2d.accumulateSampleWeightGrad(s, delta, x, n, u, g, r, bias ? g : null, r + weights);
        }
    }

    /** Row n: s·Σ_t δ_{n,c,t} x_{n,c,t} per channel (scale), then Σ_t δ_{n,c,t} (shift). */
    public static void batchNorm(ChannelShape s, double inverseStd, double[] delta, double[] x, double[] g, int rowStride, int colOffset) {
        int batch = s.batch(), channels = s.channels(), spatial = s.hw();
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
