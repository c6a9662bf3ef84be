package flatbench.reference;

import static flatbench.reference.Numerics.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import flatbench.model.PoolShape;
import org.junit.jupiter.api.Test;

/** ReLU, pooling, global average pooling and the residual join against definitions and finite differences. */
class ElementwiseOpsTest {
    private final SplittableRandom r = new SplittableRandom(21);

    @Test void reluBackwardIsTheGradientAwayFromTheKink() {
        int n = 40;
        double[] x = random(r, n), dy = random(r, n), y = new double[n], dx = new double[n];
        Relu.forward(x, y, n);
        for (int i = 0; i < n; i++) assertEquals(Math.max(0, x[i]), y[i], 0.0);
        Relu.backward(x, dy, dx, n);
        assertClose(gradient(xx -> {
            double[] yy = new double[n];
            Relu.forward(xx, yy, n);
            return dot(dy, yy);
        }, x.clone()), dx, FD, "relu dx");
    }

    // 2 samples × 3 channels of 7×6 with an overlapping 3×3 window at stride 2, and a 2×2/2 window that leaves a row over.
    private static final int B = 2, C = 3, H = 7, W = 6;

    private static double[] maxPool(double[] x, int[] argmax, int k, int s) {
        double[] y = new double[B * C * Pool.outSize(H, k, s) * Pool.outSize(W, k, s)];
        Pool.maxForward(new PoolShape(B * C, H, W, k, s), x, y, argmax == null ? new int[y.length] : argmax);
        return y;
    }

    private static double[] avgPool(double[] x, int k, int s) {
        double[] y = new double[B * C * Pool.outSize(H, k, s) * Pool.outSize(W, k, s)];
        Pool.avgForward(new PoolShape(B * C, H, W, k, s), x, y);
        return y;
    }

    @Test void maxPoolingPicksWindowMaximaAndRoutesGradients() {
        for (int[] ks : new int[][] {{3, 2}, {2, 2}}) {
            int k = ks[0], s = ks[1], ho = Pool.outSize(H, k, s), wo = Pool.outSize(W, k, s);
            double[] x = random(r, B * C * H * W);
            int[] argmax = new int[B * C * ho * wo];
            double[] y = maxPool(x, argmax, k, s);
            for (int p = 0; p < B * C; p++)
                for (int i = 0; i < ho; i++)
                    for (int j = 0; j < wo; j++) {
                        double m = Double.NEGATIVE_INFINITY;
                        for (int a = 0; a < k; a++)
                            for (int e = 0; e < k; e++) m = Math.max(m, x[(p * H + i * s + a) * W + j * s + e]);
                        assertEquals(m, y[(p * ho + i) * wo + j], 0.0);
                    }
            double[] dy = random(r, y.length), dx = new double[x.length];
            Pool.maxBackward(new PoolShape(B * C, H, W, k, s), dy, argmax, dx);
            assertClose(gradient(xx -> dot(dy, maxPool(xx, null, k, s)), x.clone()), dx, FD, "max-pool dx");
            double[] rx = random(r, x.length), ry = new double[y.length];
            Pool.maxRoute(rx, argmax, ry, ry.length);
            assertClose(directional(e -> maxPool(step(x, rx, e), null, k, s)), ry, FD, "max-pool R{y}");
        }
    }

    @Test void averagePoolingIsTheWindowMeanAndItsAdjoint() {
        int k = 3, s = 2, ho = Pool.outSize(H, k, s), wo = Pool.outSize(W, k, s);
        double[] x = random(r, B * C * H * W);
        double[] y = avgPool(x, k, s);
        for (int p = 0; p < B * C; p++)
            for (int i = 0; i < ho; i++)
                for (int j = 0; j < wo; j++) {
                    double m = 0;
                    for (int a = 0; a < k; a++)
                        for (int e = 0; e < k; e++) m += x[(p * H + i * s + a) * W + j * s + e];
                    assertEquals(m / (k * k), y[(p * ho + i) * wo + j], 1e-15);
                }
        double[] dy = random(r, y.length), dx = new double[x.length];
        Pool.avgBackward(new PoolShape(B * C, H, W, k, s), dy, dx);
        assertClose(gradient(xx -> dot(dy, avgPool(xx, k, s)), x.clone()), dx, FD, "avg-pool dx");
    }

    @Test void globalAveragePoolingIsTheChannelMeanAndItsAdjoint() {
        int spatial = H * W;
        double[] x = random(r, B * C * spatial), y = new double[B * C];
        GlobalAvgPool.forward(x, y, B, C, spatial);
        for (int p = 0; p < B * C; p++) {
            double m = 0;
            for (int t = 0; t < spatial; t++) m += x[p * spatial + t];
            assertEquals(m / spatial, y[p], 1e-15);
        }
        double[] dy = random(r, B * C), dx = new double[x.length];
        GlobalAvgPool.backward(dy, dx, B, C, spatial);
        assertClose(gradient(xx -> {
            double[] yy = new double[B * C];
            GlobalAvgPool.forward(xx, yy, B, C, spatial);
            return dot(dy, yy);
        }, x.clone()), dx, FD, "global-avg-pool dx");
    }

    @Test void residualAddAdds() {
        double[] a = random(r, 9), b = random(r, 9), y = new double[9];
        ResidualAdd.forward(a, b, y, 9);
        for (int i = 0; i < 9; i++) assertEquals(a[i] + b[i], y[i], 0.0);
    }
}
