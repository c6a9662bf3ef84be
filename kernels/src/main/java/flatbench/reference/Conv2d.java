package flatbench.reference;

import java.util.Arrays;

import flatbench.model.ConvShape;

/**
 * 2-D convolution (cross-correlation) with a square kernel, stride and zero padding, on NCHW
 * activations, its geometry a {@link ConvShape} s: x is [batch][cin][h][w], W [cout][cin][k][k],
 * b [cout], y [batch][cout][ho][wo]. Every method overwrites its output arrays.
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
    static void unfold(ConvShape s, double[] x, int n, double[] u) {
        eachPatchEntry(s, n, (ui, xi) -> u[ui] = xi >= 0 ? x[xi] : 0.0);
    }

    /** The adjoint of {@link #unfold}: adds each patch entry back onto the input position it came from. */
    private static void fold(ConvShape s, double[] u, int n, double[] dx) {
        eachPatchEntry(s, n, (ui, xi) -> {
            if (xi >= 0) dx[xi] += u[ui];
        });
    }

    /** An entry of the patch matrix and the input element it reads, or −1 where the window hangs over the padding. */
    @FunctionalInterface
    private interface PatchEntry { void at(int patchIndex, int inputIndex); }

    /** Visits sample n's patch matrix entry by entry (the index set unfold and its adjoint fold share). */
    private static void eachPatchEntry(ConvShape s, int n, PatchEntry visit) {
        int inC = s.cin(), height = s.h(), width = s.w(), kernel = s.k(), stride = s.stride(), padding = s.pad();
        int ho = s.ho(), wo = s.wo(), patch = s.patch();
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
    public static void forward(ConvShape s, double[] x, double[] weight, double[] bias, double[] y) {
        int batch = s.batch(), outC = s.cout(), positions = s.positions(), patch = s.patch();
        double[] u = new double[positions * patch];
        for (int n = 0; n < batch; n++) {
            unfold(s, x, n, u);
            for (int co = 0; co < outC; co++) {
                int wb = co * patch, yb = (n * outC + co) * positions;
                double b = bias == null ? 0.0 : bias[co];
                for (int t = 0; t < positions; t++) {
                    double sum = 0;
                    int ub = t * patch;
                    for (int k = 0; k < patch; k++) sum += weight[wb + k] * u[ub + k];
                    y[yb + t] = sum + b;
                }
            }
        }
    }

    /** dx ← the adjoint of the forward map applied to dy (a transposed convolution). */
    public static void backwardData(ConvShape s, double[] dy, double[] weight, double[] dx) {
        int batch = s.batch(), outC = s.cout(), positions = s.positions(), patch = s.patch();
        double[] du = new double[positions * patch];
        Arrays.fill(dx, 0, Math.toIntExact(s.inputSize()), 0.0);
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
            fold(s, du, n, dx);
        }
    }

    /** dW ← Σ_n Σ_t dy_{n,t} u_{n,t}ᵀ (u the input patch at output position t), db ← Σ dy; dBias may be null. */
    public static void backwardWeight(ConvShape s, double[] dy, double[] x, double[] dWeight, double[] dBias) {
        Arrays.fill(dWeight, 0, Math.toIntExact(s.weightSize()), 0.0);
        if (dBias != null) Arrays.fill(dBias, 0, s.cout(), 0.0);
        double[] u = new double[s.positions() * s.patch()];
        for (int n = 0; n < s.batch(); n++) {
            accumulateSampleWeightGrad(s, dy, x, n, u, dWeight, 0, dBias, 0);
        }
    }

    /**
     * Adds sample n's weight gradient into dst starting at dstOffset and, when bias is non-null,
     * its bias gradient at biasOffset; u is scratch for the patches (T·K). Shared by the batch and
     * the per-sample forms.
     */
    static void accumulateSampleWeightGrad(ConvShape s, double[] dy, double[] x, int n, double[] u,
                                           double[] dst, int dstOffset, double[] bias, int biasOffset) {
        int outC = s.cout(), positions = s.positions(), patch = s.patch();
        unfold(s, x, n, u);
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
