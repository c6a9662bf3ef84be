package flatbench.reference;

import flatbench.model.ChannelShape;

/**
 * Batch normalisation in inference form with fixed statistics (mean 0, variance 1): the
 * per-channel affine map y = γ·s·x + β with s = 1/√(1+eps) (the layer's
 * {@code inverseStd()}). x, y are [batch][channels][hw] (a {@link ChannelShape}); γ, β are [channels]. Every method
 * overwrites its outputs.
 */
public final class BatchNorm {
    private BatchNorm() {}

    /** Element-wise maps; the parameter gradients sum B·spatial products. */
    public static final Tolerance TOLERANCE = new Tolerance(1e-5, 1e-4);

    public static void forward(ChannelShape s, double[] x, double[] gamma, double[] beta, double[] y, double inverseStd) {
        int batch = s.batch(), channels = s.channels(), spatial = s.hw();
        for (int n = 0; n < batch; n++) {
            for (int c = 0; c < channels; c++) {
                double a = gamma[c] * inverseStd, b = beta == null ? 0 : beta[c];
                int base = (n * channels + c) * spatial;
                for (int t = 0; t < spatial; t++) y[base + t] = a * x[base + t] + b;
            }
        }
    }

    /** dx ← γ·s·dy. */
    public static void backwardData(ChannelShape s, double[] dy, double[] gamma, double[] dx, double inverseStd) {
        forward(s, dy, gamma, null, dx, inverseStd);
    }

    /** dγ ← s·Σ dy·x, dβ ← Σ dy, over batch and positions. */
    public static void backwardParams(ChannelShape s, double[] dy, double[] x, double[] dGamma, double[] dBeta, double inverseStd) {
        int batch = s.batch(), channels = s.channels(), spatial = s.hw();
        for (int c = 0; c < channels; c++) {
            double g = 0, b = 0;
            for (int n = 0; n < batch; n++) {
                int base = (n * channels + c) * spatial;
                for (int t = 0; t < spatial; t++) {
                    g += dy[base + t] * x[base + t];
                    b += dy[base + t];
                }
            }
            dGamma[c] = g * inverseStd;
            dBeta[c] = b;
        }
    }
}
