package flatbench.reference;

import static flatbench.reference.Numerics.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;

import flatbench.model.ChannelShape;
import flatbench.model.ConvShape;
import flatbench.model.DenseShape;
import org.junit.jupiter.api.Test;

/** Each row must be the batch gradient of that sample alone; other columns stay untouched. */
class PerSampleGradTest {
    private static final double POISON = 12345.0;
    private final SplittableRandom r = new SplittableRandom(51);

    @Test void denseRowsAreSingleSampleGradients() {
        int b = 3, in = 4, out = 2, p = out * in + out, off = 5, stride = p + 9;
        double[] x = random(r, b * in), delta = random(r, b * out), g = new double[b * stride];
        Arrays.fill(g, POISON);
        PerSampleGrad.dense(new DenseShape(b, in, out), true, delta, x, g, stride, off);
        for (int n = 0; n < b; n++) {
            double[] dw = new double[out * in], db = new double[out];
            Dense.backwardWeight(new DenseShape(1, in, out), Arrays.copyOfRange(delta, n * out, (n + 1) * out), Arrays.copyOfRange(x, n * in, (n + 1) * in), dw, db);
            assertClose(concat(dw, db), Arrays.copyOfRange(g, n * stride + off, n * stride + off + p), Tolerance.FLOAT64, "dense row " + n);
            assertUntouched(g, n * stride, off, p, stride);
        }
    }

    @Test void convRowsAreSingleSampleGradientsAndSumToTheBatchGradient() {
        int b = 3, inC = 2, h = 5, w = 6, outC = 3, k = 3, s = 2, pad = 1;
        int wn = outC * inC * k * k, p = wn + outC, off = 3, stride = p + 4;
        int xs = inC * h * w, ys = outC * Conv2d.outSize(h, k, s, pad) * Conv2d.outSize(w, k, s, pad);
        double[] x = random(r, b * xs), delta = random(r, b * ys), g = new double[b * stride];
        Arrays.fill(g, POISON);
        PerSampleGrad.conv(new ConvShape(b, inC, h, w, outC, k, s, pad), true, delta, x, g, stride, off);
        double[] sum = new double[p];
        for (int n = 0; n < b; n++) {
            double[] dw = new double[wn], db = new double[outC];
            Conv2d.backwardWeight(new ConvShape(1, inC, h, w, outC, k, s, pad), Arrays.copyOfRange(delta, n * ys, (n + 1) * ys), Arrays.copyOfRange(x, n * xs, (n + 1) * xs), dw, db);
            double[] row = Arrays.copyOfRange(g, n * stride + off, n * stride + off + p);
            assertClose(concat(dw, db), row, Tolerance.FLOAT64, "conv row " + n);
            assertUntouched(g, n * stride, off, p, stride);
            for (int i = 0; i < p; i++) sum[i] += row[i];
        }
        double[] dw = new double[wn], db = new double[outC];
        Conv2d.backwardWeight(new ConvShape(b, inC, h, w, outC, k, s, pad), delta, x, dw, db);
        assertClose(concat(dw, db), sum, Tolerance.FLOAT64, "Σ rows");
    }

    @Test void batchNormRowsAreSingleSampleGradients() {
        int b = 2, c = 3, sp = 4, p = 2 * c, stride = p + 1;
        double inv = 0.9;
        double[] x = random(r, b * c * sp), delta = random(r, b * c * sp), g = new double[b * stride];
        Arrays.fill(g, POISON);
        PerSampleGrad.batchNorm(new ChannelShape(b, c, sp), inv, delta, x, g, stride, 1);
        for (int n = 0; n < b; n++) {
            double[] dg = new double[c], db = new double[c];
            int from = n * c * sp, to = from + c * sp;
            BatchNorm.backwardParams(new ChannelShape(1, c, sp), Arrays.copyOfRange(delta, from, to), Arrays.copyOfRange(x, from, to), dg, db, inv);
            assertClose(concat(dg, db), Arrays.copyOfRange(g, n * stride + 1, n * stride + 1 + p), Tolerance.FLOAT64, "bn row " + n);
            assertUntouched(g, n * stride, 1, p, stride);
        }
    }

    private static void assertUntouched(double[] g, int rowStart, int off, int p, int stride) {
        for (int i = 0; i < stride; i++) {
            if (i < off || i >= off + p) assertEquals(POISON, g[rowStart + i], 0.0, "column " + i + " outside the layer was written");
        }
    }

    static double[] concat(double[] a, double[] b) {
        double[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
