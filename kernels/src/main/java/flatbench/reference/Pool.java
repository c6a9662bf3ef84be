package flatbench.reference;

import java.util.Arrays;

import flatbench.model.PoolShape;

/**
 * Max and average pooling with a square window and no padding on NCHW activations, its geometry a
 * {@link PoolShape} (planes = batch × channels); the output size rounds down. Max pooling records, for each output, the flat index into
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
    public static void maxForward(PoolShape s, double[] x, double[] y, int[] argmax) {
        int height = s.h(), width = s.w(), kernel = s.k(), stride = s.stride(), ho = s.ho(), wo = s.wo();
        for (int p = 0; p < s.planes(); p++) {
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
    public static void maxBackward(PoolShape s, double[] dy, int[] argmax, double[] dx) {
        int outCount = Math.toIntExact(s.outputSize());
        Arrays.fill(dx, 0, Math.toIntExact(s.inputSize()), 0.0);
        for (int o = 0; o < outCount; o++) dx[argmax[o]] += dy[o];
    }

    /** R{y}[o] ← R{x}[argmax[o]]: max pooling's R-forward along the forward's choices. */
    public static void maxRoute(double[] rx, int[] argmax, double[] ry, int outCount) {
        for (int o = 0; o < outCount; o++) ry[o] = rx[argmax[o]];
    }

    public static void avgForward(PoolShape s, double[] x, double[] y) {
        int width = s.w(), kernel = s.k(), stride = s.stride(), ho = s.ho(), wo = s.wo(), height = s.h();
        double inv = 1.0 / (kernel * kernel);
        for (int p = 0; p < s.planes(); p++) {
            int xb = p * height * width, yb = p * ho * wo;
            for (int oh = 0; oh < ho; oh++) {
                for (int ow = 0; ow < wo; ow++) {
                    double sum = 0;
                    for (int kh = 0; kh < kernel; kh++) {
                        for (int kw = 0; kw < kernel; kw++) sum += x[xb + (oh * stride + kh) * width + ow * stride + kw];
                    }
                    y[yb + oh * wo + ow] = sum * inv;
                }
            }
        }
    }

    public static void avgBackward(PoolShape s, double[] dy, double[] dx) {
        int height = s.h(), width = s.w(), kernel = s.k(), stride = s.stride(), ho = s.ho(), wo = s.wo();
        double inv = 1.0 / (kernel * kernel);
        Arrays.fill(dx, 0, Math.toIntExact(s.inputSize()), 0.0);
        for (int p = 0; p < s.planes(); p++) {
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
