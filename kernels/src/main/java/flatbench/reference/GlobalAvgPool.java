package flatbench.reference;

/**
 * Mean over each channel's spatial positions: x [batch][channels][spatial] → y [batch][channels].
 * Linear, so its R-passes are its own forward and backward. Every method overwrites its output.
 */
public final class GlobalAvgPool {
    private GlobalAvgPool() {}

    /** Float32 means of up to a few thousand values. */
    public static final Tolerance TOLERANCE = new Tolerance(1e-6, 1e-5);

    public static void forward(double[] x, double[] y, int batch, int channels, int spatial) {
        for (int p = 0; p < batch * channels; p++) {
            double s = 0;
            for (int t = 0; t < spatial; t++) s += x[p * spatial + t];
            y[p] = s / spatial;
        }
    }

    public static void backward(double[] dy, double[] dx, int batch, int channels, int spatial) {
        for (int p = 0; p < batch * channels; p++) {
            double g = dy[p] / spatial;
            for (int t = 0; t < spatial; t++) dx[p * spatial + t] = g;
        }
    }
}
