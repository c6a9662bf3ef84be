package flatbench.reference;

/**
 * Fully connected layer z = W x + b on a batch. x is [batch][in], W [out][in], b [out],
 * z [batch][out], all row-major. Every method overwrites its output arrays.
 */
public final class Dense {
    private Dense() {}

    /** For float32 kernels: sums of up to a few thousand products. */
    public static final Tolerance TOLERANCE = new Tolerance(1e-5, 1e-4);

    /** z ← x Wᵀ + b; bias may be null. */
    public static void forward(double[] x, double[] weight, double[] bias, double[] z, int batch, int in, int out) {
        for (int n = 0; n < batch; n++) {
            int xo = n * in;
            for (int o = 0; o < out; o++) {
                double s = bias == null ? 0 : bias[o];
                int wo = o * in;
                for (int i = 0; i < in; i++) s += weight[wo + i] * x[xo + i];
                z[n * out + o] = s;
            }
        }
    }

    /** dx ← dz W. */
    public static void backwardData(double[] dz, double[] weight, double[] dx, int batch, int in, int out) {
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
    public static void backwardWeight(double[] dz, double[] x, double[] dWeight, double[] dBias, int batch, int in, int out) {
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

    /** R{z} ← V x + c + W R{x}; rx null means R{x} = 0 (the network input); vBias may be null. */
    public static void rForward(double[] x, double[] rx, double[] weight, double[] vWeight, double[] vBias, double[] rz,
                                int batch, int in, int out) {
        forward(x, vWeight, vBias, rz, batch, in, out);
        if (rx == null) return;
        double[] t = new double[batch * out];
        forward(rx, weight, null, t, batch, in, out);
        for (int i = 0; i < t.length; i++) rz[i] += t[i];
    }

    /**
     * R{dx} ← Vᵀ δ + Wᵀ R{δ} (row form: δ V + R{δ} W). Pass delta null to drop the term that
     * carries δ, which gives the Gauss–Newton product.
     */
    public static void rBackwardData(double[] delta, double[] rDelta, double[] weight, double[] vWeight, double[] rdx,
                                     int batch, int in, int out) {
        backwardData(rDelta, weight, rdx, batch, in, out);
        if (delta == null) return;
        double[] t = new double[batch * in];
        backwardData(delta, vWeight, t, batch, in, out);
        for (int i = 0; i < t.length; i++) rdx[i] += t[i];
    }

    /**
     * (Hv)_W ← Σ_n R{δ_n} x_nᵀ + δ_n R{x_n}ᵀ, (Hv)_b ← Σ_n R{δ_n}. The second term is dropped
     * when delta is null (Gauss–Newton) or rx is null (R{x} = 0); hvBias may be null.
     */
    public static void rBackwardWeight(double[] delta, double[] rDelta, double[] x, double[] rx,
                                       double[] hvWeight, double[] hvBias, int batch, int in, int out) {
        backwardWeight(rDelta, x, hvWeight, hvBias, batch, in, out);
        if (delta == null || rx == null) return;
        double[] t = new double[out * in];
        backwardWeight(delta, rx, t, null, batch, in, out);
        for (int i = 0; i < t.length; i++) hvWeight[i] += t[i];
    }
}
