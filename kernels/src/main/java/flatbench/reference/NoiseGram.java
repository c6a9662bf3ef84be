package flatbench.reference;

import flatbench.model.ConvShape;
import flatbench.model.DenseShape;

/**
 * One layer's contribution K_l (batch × batch, row-major) to the Gram matrix of per-sample
 * gradients, K_ij = ⟨g_i, g_j⟩ summed over layers. Two forms that must agree: explicit
 * (G_l G_lᵀ from materialised per-sample gradients) and ghost (from activations and deltas
 * alone). {@link #preferGhost} picks the cheaper by the cost formula. Every method overwrites k.
 */
public final class NoiseGram {
    private NoiseGram() {}

    /** Float32 sums over many products of products. */
    public static final Tolerance TOLERANCE = new Tolerance(1e-5, 1e-3);

    /** k ← G[:, colOffset : colOffset+cols] G[:, …]ᵀ, G being batch × rowStride. */
    public static void explicit(double[] g, int rowStride, int colOffset, int cols, double[] k, int batch) {
        for (int i = 0; i < batch; i++) {
            int ri = i * rowStride + colOffset;
            for (int j = 0; j <= i; j++) {
                int rj = j * rowStride + colOffset;
                double s = 0;
                for (int c = 0; c < cols; c++) s += g[ri + c] * g[rj + c];
                k[i * batch + j] = s;
                k[j * batch + i] = s;
            }
        }
    }

    /** Dense ghost form: k_ij ← (δ_i·δ_j)(x_i·x_j + [bias]). */
    public static void ghostDense(DenseShape s, boolean bias, double[] delta, double[] x, double[] k) {
        int batch = s.batch(), in = s.in(), out = s.out();
        for (int i = 0; i < batch; i++) {
            for (int j = 0; j <= i; j++) {
                double dd = 0, xx = bias ? 1 : 0;
                for (int o = 0; o < out; o++) dd += delta[i * out + o] * delta[j * out + o];
                for (int c = 0; c < in; c++) xx += x[i * in + c] * x[j * in + c];
                k[i * batch + j] = dd * xx;
                k[j * batch + i] = dd * xx;
            }
        }
    }

    /**
     * Conv ghost form: k_ij ← Σ_{t,t′} (u_{i,t}·u_{j,t′} + [bias]) (δ_{i,t}·δ_{j,t′}), u the
     * unfolded input patches (Cin·k²) and δ_{i,t} the Cout-vector at output position t.
     */
    public static void ghostConv(ConvShape s, boolean bias, double[] delta, double[] x, double[] k) {
        int batch = s.batch(), inC = s.cin(), height = s.h(), width = s.w(), outC = s.cout(), kernel = s.k(), stride = s.stride(), padding = s.pad();
        int ho = s.ho(), wo = s.wo(), positions = ho * wo, patch = s.patch();
        double[][] u = new double[batch][positions * patch];
        double[][] d = new double[batch][positions * outC];
        for (int n = 0; n < batch; n++) {
            for (int oh = 0; oh < ho; oh++) {
                for (int ow = 0; ow < wo; ow++) {
                    int t = oh * wo + ow;
                    for (int ci = 0; ci < inC; ci++) {
                        for (int kh = 0; kh < kernel; kh++) {
                            int ih = oh * stride - padding + kh;
                            for (int kw = 0; kw < kernel; kw++) {
                                int iw = ow * stride - padding + kw;
                                boolean inside = ih >= 0 && ih < height && iw >= 0 && iw < width;
                                u[n][t * patch + (ci * kernel + kh) * kernel + kw] =
                                        inside ? x[((n * inC + ci) * height + ih) * width + iw] : 0.0;
                            }
                        }
                    }
                    for (int co = 0; co < outC; co++) d[n][t * outC + co] = delta[(n * outC + co) * positions + t];
                }
            }
        }
        for (int i = 0; i < batch; i++) {
            for (int j = 0; j <= i; j++) {
                double sum = 0;
                for (int t = 0; t < positions; t++) {
                    for (int t2 = 0; t2 < positions; t2++) {
                        double uu = bias ? 1 : 0, dd = 0;
                        for (int c = 0; c < patch; c++) uu += u[i][t * patch + c] * u[j][t2 * patch + c];
                        for (int c = 0; c < outC; c++) dd += d[i][t * outC + c] * d[j][t2 * outC + c];
                        sum += uu * dd;
                    }
                }
                k[i * batch + j] = sum;
                k[j * batch + i] = sum;
            }
        }
    }

    /** Explicit cost B·T·Cout·Cin·k² + B²·Cout·Cin·k² (a dense layer is T = 1, k = 1). */
    public static double explicitCost(int batch, int positions, int inC, int outC, int kernel) {
        double w = (double) outC * inC * kernel * kernel;
        return (double) batch * positions * w + (double) batch * batch * w;
    }

    /** Ghost cost B²·T²·(Cin·k² + Cout). */
    public static double ghostCost(int batch, int positions, int inC, int outC, int kernel) {
        return (double) batch * batch * positions * positions * ((double) inC * kernel * kernel + outC);
    }

    public static boolean preferGhost(int batch, int positions, int inC, int outC, int kernel) {
        return ghostCost(batch, positions, inC, outC, kernel) < explicitCost(batch, positions, inC, outC, kernel);
    }
}
