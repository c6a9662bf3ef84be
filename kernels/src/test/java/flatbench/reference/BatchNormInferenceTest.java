package flatbench.reference;

import static flatbench.reference.Numerics.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import flatbench.model.Layer;

class BatchNormInferenceTest {
    private static final int B = 2, C = 3, S = 5;
    private static final double INV = Layer.BatchNorm.of(C).inverseStd();
    private final SplittableRandom r = new SplittableRandom(31);
    private final double[] x = random(r, B * C * S), gamma = random(r, C), beta = random(r, C), dy = random(r, B * C * S);

    private static double[] fwd(double[] x, double[] gamma, double[] beta) {
        double[] y = new double[B * C * S];
        BatchNormInference.forward(x, gamma, beta, y, B, C, S, INV);
        return y;
    }

    @Test void forwardIsTheFixedStatisticsAffineMap() {
        double[] y = fwd(x, gamma, beta);
        for (int n = 0; n < B; n++)
            for (int c = 0; c < C; c++)
                for (int t = 0; t < S; t++) {
                    int i = (n * C + c) * S + t;
                    assertEquals(gamma[c] * (x[i] - 0.0) / Math.sqrt(1.0 + 1e-5) + beta[c], y[i], 1e-14);
                }
    }

    @Test void backwardsAreGradientsOfTheForward() {
        double[] dx = new double[x.length], dg = new double[C], db = new double[C];
        BatchNormInference.backwardData(dy, gamma, dx, B, C, S, INV);
        BatchNormInference.backwardParams(dy, x, dg, db, B, C, S, INV);
        assertClose(gradient(xx -> dot(dy, fwd(xx, gamma, beta)), x.clone()), dx, FD, "bn dx");
        assertClose(gradient(gg -> dot(dy, fwd(x, gg, beta)), gamma.clone()), dg, FD, "bn dγ");
        assertClose(gradient(bb -> dot(dy, fwd(x, gamma, bb)), beta.clone()), db, FD, "bn dβ");
    }

    @Test void rOperatorsAreDirectionalDerivatives() {
        double[] rx = random(r, x.length), vg = random(r, C), vb = random(r, C);
        double[] delta = random(r, x.length), rDelta = random(r, x.length);
        double[] ry = new double[x.length];
        BatchNormInference.rForward(x, rx, gamma, vg, vb, ry, B, C, S, INV);
        assertClose(directional(e -> fwd(step(x, rx, e), step(gamma, vg, e), step(beta, vb, e))), ry, FD, "bn R{y}");

        double[] rdx = new double[x.length];
        BatchNormInference.rBackwardData(delta, rDelta, gamma, vg, rdx, B, C, S, INV);
        assertClose(directional(e -> {
            double[] dx = new double[x.length];
            BatchNormInference.backwardData(step(delta, rDelta, e), step(gamma, vg, e), dx, B, C, S, INV);
            return dx;
        }), rdx, FD, "bn R{dx}");

        double[] hg = new double[C], hb = new double[C];
        BatchNormInference.rBackwardParams(delta, rDelta, x, rx, hg, hb, B, C, S, INV);
        assertClose(directional(e -> {
            double[] dg = new double[C], db = new double[C];
            BatchNormInference.backwardParams(step(delta, rDelta, e), step(x, rx, e), dg, db, B, C, S, INV);
            double[] both = new double[2 * C];
            System.arraycopy(dg, 0, both, 0, C);
            System.arraycopy(db, 0, both, C, C);
            return both;
        }), concat(hg, hb), FD, "bn (Hv)_γ,β");
    }

    private static double[] concat(double[] a, double[] b) {
        double[] c = new double[a.length + b.length];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
