package flatbench.reference;

import static flatbench.reference.Numerics.*;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** g_iᵀv without G must equal the product of materialised per-sample rows with v. */
class ProjectionTest {
    private final SplittableRandom r = new SplittableRandom(71);

    private static double[] rowsTimes(double[] g, int b, int p, double[] v) {
        double[] out = new double[b];
        for (int n = 0; n < b; n++) out[n] = dot(Arrays.copyOfRange(g, n * p, (n + 1) * p), v);
        return out;
    }

    @Test void dense() {
        int b = 3, in = 4, out = 3, wn = out * in, p = wn + out;
        double[] x = random(r, b * in), delta = random(r, b * out), v = random(r, p), g = new double[b * p], result = new double[b];
        PerSampleGrad.dense(delta, x, g, p, 0, b, in, out, true);
        Projection.dense(delta, x, Arrays.copyOf(v, wn), Arrays.copyOfRange(v, wn, p), result, b, in, out);
        assertClose(rowsTimes(g, b, p, v), result, Tolerance.FLOAT64, "dense projection");
    }

    @Test void convWithStrideAndPadding() {
        int b = 3, inC = 2, h = 5, w = 6, outC = 3, k = 3, s = 2, pad = 1, wn = outC * inC * k * k, p = wn + outC;
        int ys = outC * Conv2d.outSize(h, k, s, pad) * Conv2d.outSize(w, k, s, pad);
        double[] x = random(r, b * inC * h * w), delta = random(r, b * ys), v = random(r, p), g = new double[b * p], result = new double[b];
        PerSampleGrad.conv(delta, x, g, p, 0, b, inC, h, w, outC, k, s, pad, true);
        Projection.conv(delta, x, Arrays.copyOf(v, wn), Arrays.copyOfRange(v, wn, p), result, b, inC, h, w, outC, k, s, pad);
        assertClose(rowsTimes(g, b, p, v), result, Tolerance.FLOAT64, "conv projection");
    }

    @Test void batchNorm() {
        int b = 2, c = 3, sp = 4, p = 2 * c;
        double[] x = random(r, b * c * sp), delta = random(r, b * c * sp), v = random(r, p), g = new double[b * p], result = new double[b];
        PerSampleGrad.batchNorm(delta, x, g, p, 0, b, c, sp, 0.8);
        Projection.batchNorm(delta, x, Arrays.copyOf(v, c), Arrays.copyOfRange(v, c, p), result, b, c, sp, 0.8);
        assertClose(rowsTimes(g, b, p, v), result, Tolerance.FLOAT64, "batch-norm projection");
    }
}
