package flatbench.reference;

import java.util.Arrays;

/**
 * 2-D convolution (cross-correlation) with a square kernel, stride and zero padding, on NCHW
 * activations. x is [batch][inC][height][width], W [outC][inC][kernel][kernel], b [outC],
 * y [batch][outC][ho][wo] with ho = {@link #outSize}(height, …). Every method overwrites its
 * output arrays.
 */
public final class Conv2d {
    private Conv2d() {}

    /** For float32 kernels: sums of up to Cin·k² (forward) or B·Ho·Wo (weights) products. */
    public static final Tolerance TOLERANCE = new Tolerance(1e-5, 1e-4);

    /** Output length along one axis ({@link flatbench.model.Layer#windowCount}). */
    public static int outSize(int size, int kernel, int stride, int padding) {
        return flatbench.model.Layer.windowCount(size, kernel, stride, padding);
    }

    /**
     * Sample n's input patches as a T × K matrix (T = ho·wo output positions, K = inC·k², in the
     * weight's [inC][k][k] order), zeros where the window hangs over the padding. Unfolding
     * once makes every pass a product of contiguous rows.
     */
    static void unfold(double[] x, int n, double[] u, int inC, int height, int width, int kernel, int stride, int padding) {
        eachPatchEntry(n, inC, height, width, kernel, stride, padding, (ui, xi) -> u[ui] = xi >= 0 ? x[xi] : 0.0);
    }

    /** The adjoint of {@link #unfold}: adds each patch entry back onto the input position it came from. */
    private static void fold(double[] u, int n, double[] dx, int inC, int height, int width, int kernel, int stride, int padding) {
        eachPatchEntry(n, inC, height, width, kernel, stride, padding, (ui, xi) -> {
            if (xi >= 0) dx[xi] += u[ui];
        });
    }

    /** An entry of the patch matrix and the input element it reads, or −1 where the window hangs over the padding. */
    @FunctionalInterface
    private interface PatchEntry { void at(int patchIndex, int inputIndex); }

    /** Visits sample n's patch matrix entry by entry (the index set unfold and its adjoint fold share). */
    private static void eachPatchEntry(int n, int inC, int height, int width, int kernel, int stride, int padding, PatchEntry visit) {
        int ho = outSize(height, kernel, stride, padding), wo = outSize(width, kernel, stride, padding);
        int patch = inC * kernel * kernel;
        for (int oh = 0; oh < ho; oh++) {
            for (int ow = 0; ow < wo; ow++) {
                int row = (oh * wo + ow) * patch;
                for (int ci = 0; ci < inC; ci++) {
                    int xb = (n * inC + ci) * height * width;
                    for (int kh = 0; kh < kernel; kh++) {
                        int ih = oh * stride - padding + kh;
                        int col = row + (ci * kernel + kh) * kernel;
                        for (int kw = 0; kw < kernel; kw++) {
                            int iw = ow * stride - padding + kw;
                            visit.at(col + kw, ih >= 0 && ih < height && iw >= 0 && iw < width ? xb + ih * width + iw : -1);
                        }
                    }
                }
            }
        }
    }

    /** y ← x ⋆ W + b; bias may be null. */
    public static void forward(double[] x, double[] weight, double[] bias, double[] y,
                               int batch, int inC, int height, int width, int outC, int kernel, int stride, int padding) {
        int positions = outSize(height, kernel, stride, padding) * outSize(width, kernel, stride, padding);
        int patch = inC * kernel * kernel;
        double[] u = new double[positions * patch];
        for (int n = 0; n < batch; n++) {
            unfold(x, n, u, inC, height, width, kernel, stride, padding);
            for (int co = 0; co < outC; co++) {
                int wb = co * patch, yb = (n * outC + co) * positions;
                double b = bias == null ? 0.0 : bias[co];
                for (int t = 0; t < positions; t++) {
                    double s = 0;
                    int ub = t * patch;
                    for (int k = 0; k < patch; k++) s += weight[wb + k] * u[ub + k];
                    y[yb + t] = s + b;
                }
            }
        }
    }

    /** dx ← the adjoint of the forward map applied to dy (a transposed convolution). */
    public static void backwardData(double[] dy, double[] weight, double[] dx,
                                    int batch, int inC, int height, int width, int outC, int kernel, int stride, int padding) {
        int positions = outSize(height, kernel, stride, padding) * outSize(width, kernel, stride, padding);
        int patch = inC * kernel * kernel;
        double[] du = new double[positions * patch];
        Arrays.fill(dx, 0, batch * inC * height * width, 0.0);
        for (int n = 0; n < batch; n++) {
            Arrays.fill(du, 0.0);
            for (int co = 0; co < outC; co++) {
                int wb = co * patch, yb = (n * outC + co) * positions;
                for (int t = 0; t < positions; t++) {
                    double d = dy[yb + t];
                    if (d == 0) continue;
                    int ub = t * patch;
                    for (int k = 0; k < patch; k++) du[ub + k] += d * weight[wb + k];
                }
            }
            fold(du, n, dx, inC, height, width, kernel, stride, padding);
        }
    }

    /** dW ← Σ_n Σ_t dy_{n,t} u_{n,t}ᵀ (u the input patch at output position t), db ← Σ dy; dBias may be null. */
    public static void backwardWeight(double[] dy, double[] x, double[] dWeight, double[] dBias,
                                      int batch, int inC, int height, int width, int outC, int kernel, int stride, int padding) {
        Arrays.fill(dWeight, 0, outC * inC * kernel * kernel, 0.0);
        if (dBias != null) Arrays.fill(dBias, 0, outC, 0.0);
        double[] u = new double[outSize(height, kernel, stride, padding) * outSize(width, kernel, stride, padding) * inC * kernel * kernel];
        for (int n = 0; n < batch; n++) {
            accumulateSampleWeightGrad(dy, x, n, u, dWeight, 0, dBias, 0, inC, height, width, outC, kernel, stride, padding);
        }
    }

    /**
     * Adds sample n's weight gradient into dst starting at dstOffset and, when bias is non-null,
     * its bias gradient at biasOffset; u is scratch for the patches (T·K). Shared by the batch and
     * the per-sample forms.
     */
    static void accumulateSampleWeightGrad(double[] dy, double[] x, int n, double[] u, double[] dst, int dstOffset, double[] bias, int biasOffset,
                                           int inC, int height, int width, int outC, int kernel, int stride, int padding) {
        int positions = outSize(height, kernel, stride, padding) * outSize(width, kernel, stride, padding);
        int patch = inC * kernel * kernel;
        unfold(x, n, u, inC, height, width, kernel, stride, padding);
        for (int co = 0; co < outC; co++) {
            int yb = (n * outC + co) * positions, wb = dstOffset + co * patch;
            double sum = 0;
            for (int t = 0; t < positions; t++) {
                double d = dy[yb + t];
                sum += d;
                if (d == 0) continue;
                int ub = t * patch;
                for (int k = 0; k < patch; k++) dst[wb + k] += d * u[ub + k];
            }
            if (bias != null) bias[biasOffset + co] += sum;
        }
    }
}
