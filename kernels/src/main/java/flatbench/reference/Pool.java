package flatbench.reference;

import java.util.Arrays;

/**
 * Max and average pooling with a square window and no padding on NCHW activations; the output
 * size rounds down ({@link #outSize}). Max pooling records, for each output, the flat index into
 * x of the chosen input (the first maximum in row-major window order); its backward and its
 * R-forward route through that index. Average pooling is linear, so its R-passes are its own
 * forward and backward. Every method overwrites its outputs.
 */
public final class Pool {
    private Pool() {}

    /** Max is exact; average sums at most k² values. */
    public static final Tolerance TOLERANCE = new Tolerance(1e-6, 1e-5);

    public static int outSize(int size, int kernel, int stride) {
        return flatbench.model.Layer.windowCount(size, kernel, stride, 0);
    }

    /** y ← window maxima; argmax ← flat index into x of each maximum. */
    public static void maxForward(double[] x, double[] y, int[] argmax, int batch, int channels, int height, int width, int kernel, int stride) {
        int ho = outSize(height, kernel, stride), wo = outSize(width, kernel, stride);
        for (int p = 0; p < batch * channels; p++) {
            int xb = p * height * width, yb = p * ho * wo;
            for (int oh = 0; oh < ho; oh++) {
                for (int ow = 0; ow < wo; ow++) {
                    int best = xb + oh * stride * width + ow * stride;
                    for (int kh = 0; kh < kernel; kh++) {
                        for (int kw = 0; kw < kernel; kw++) {
                            int i = xb + (oh * stride + kh) * width + ow * stride + kw;
                            if (x[i] > x[best]) best = i;
                        }
                    }
                    y[yb + oh * wo + ow] = x[best];
                    argmax[yb + oh * wo + ow] = best;
                }
            }
        }
    }

    /** dx ← 0, then dx[argmax[o]] += dy[o] (overlapping windows add). */
    public static void maxBackward(double[] dy, int[] argmax, double[] dx, int batch, int channels, int height, int width, int kernel, int stride) {
        int outCount = batch * channels * outSize(height, kernel, stride) * outSize(width, kernel, stride);
        Arrays.fill(dx, 0, batch * channels * height * width, 0.0);
        for (int o = 0; o < outCount; o++) dx[argmax[o]] += dy[o];
    }

    /** R{y}[o] ← R{x}[argmax[o]]: max pooling's R-forward along the forward's choices. */
    public static void maxRoute(double[] rx, int[] argmax, double[] ry, int outCount) {
        for (int o = 0; o < outCount; o++) ry[o] = rx[argmax[o]];
    }

    public static void avgForward(double[] x, double[] y, int batch, int channels, int height, int width, int kernel, int stride) {
        int ho = outSize(height, kernel, stride), wo = outSize(width, kernel, stride);
        double inv = 1.0 / (kernel * kernel);
        for (int p = 0; p < batch * channels; p++) {
            int xb = p * height * width, yb = p * ho * wo;
            for (int oh = 0; oh < ho; oh++) {
                for (int ow = 0; ow < wo; ow++) {
                    double s = 0;
                    for (int kh = 0; kh < kernel; kh++) {
                        for (int kw = 0; kw < kernel; kw++) s += x[xb + (oh * stride + kh) * width + ow * stride + kw];
                    }
                    y[yb + oh * wo + ow] = s * inv;
                }
            }
        }
    }

    public static void avgBackward(double[] dy, double[] dx, int batch, int channels, int height, int width, int kernel, int stride) {
        int ho = outSize(height, kernel, stride), wo = outSize(width, kernel, stride);
        double inv = 1.0 / (kernel * kernel);
        Arrays.fill(dx, 0, batch * channels * height * width, 0.0);
        for (int p = 0; p < batch * channels; p++) {
            int xb = p * height * width, yb = p * ho * wo;
            for (int oh = 0; oh < ho; oh++) {
                for (int ow = 0; ow < wo; ow++) {
                    double g = dy[yb + oh * wo + ow] * inv;
                    for (int kh = 0; kh < kernel; kh++) {
                        for (int kw = 0; kw < kernel; kw++) dx[xb + (oh * stride + kh) * width + ow * stride + kw] += g;
                    }
                }
            }
        }
    }
}
