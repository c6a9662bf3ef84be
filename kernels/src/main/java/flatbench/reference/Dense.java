package flatbench.reference;

import flatbench.model.DenseShape;

/**
 * Fully connected layer z = W x + b on a batch, its geometry a {@link DenseShape}: x is
 * [batch][in], W [out][in], b [out], z [batch][out], all row-major. Every method overwrites its output arrays.
 */
public final class Dense {
    private Dense() {}

    /** For float32 kernels: sums of up to a few thousand products. */
    public static final Tolerance TOLERANCE = new Tolerance(1e-5, 1e-4);

    /** z ← x Wᵀ + b; bias may be null. */
    public static void forward(DenseShape s, double[] x, double[] weight, double[] bias, double[] z) {
        int batch = s.batch(), in = s.in(), out = s.out();
        for (int n = 0; n < batch; n++) {
            int xo = n * in;
            for (int o = 0; o < out; o++) {
                double sum = bias == null ? 0 : bias[o];
                int wo = o * in;
                for (int i = 0; i < in; i++) sum += weight[wo + i] * x[xo + i];
                z[n * out + o] = sum;
            }
        }
    }

    /** dx ← dz W. */
    public static void backwardData(DenseShape s, double[] dz, double[] weight, double[] dx) {
        int batch = s.batch(), in = s.in(), out = s.out();
        java.util.Arrays.fill(dx, 0, batch * in, 0.0);
        for (int n = 0; n < batch; n++) {
            for (int o = 0; o < out; o++) {
                double d = dz[n * out + o];
                if (d == 0) continue;
                int wo = o * in, xo = n * in;
                for (int i = 0; i < in; i++) dx[xo + i] += d * weight[wo + i];
            }
        }
    }

    /** dW ← dzᵀ x (summed over the batch), db ← Σ_n dz_n; dBias may be null. */
    public static void backwardWeight(DenseShape s, double[] dz, double[] x, double[] dWeight, double[] dBias) {
        int batch = s.batch(), in = s.in(), out = s.out();
        java.util.Arrays.fill(dWeight, 0, out * in, 0.0);
        if (dBias != null) java.util.Arrays.fill(dBias, 0, out, 0.0);
        for (int n = 0; n < batch; n++) {
            for (int o = 0; o < out; o++) {
                double d = dz[n * out + o];
                if (dBias != null) dBias[o] += d;
                if (d == 0) continue;
                int wo = o * in, xo = n * in;
                for (int i = 0; i < in; i++) dWeight[wo + i] += d * x[xo + i];
            }
        }
    }
}
