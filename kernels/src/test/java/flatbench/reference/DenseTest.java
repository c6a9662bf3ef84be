package flatbench.reference;

import static flatbench.reference.Numerics.*;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class DenseTest {
    private static final int B = 3, IN = 5, OUT = 4;
    private final SplittableRandom r = new SplittableRandom(11);
    private final double[] x = random(r, B * IN), w = random(r, OUT * IN), b = random(r, OUT), dy = random(r, B * OUT);

    private double[] fwd(double[] x, double[] w, double[] b) {
        double[] z = new double[B * OUT];
        Dense.forward(x, w, b, z, B, IN, OUT);
        return z;
    }

    @Test void forwardMatchesTheDefinition() {
        double[] z = fwd(x, w, b);
        double[] expected = new double[B * OUT];
        for (int n = 0; n < B; n++) {
            for (int o = 0; o < OUT; o++) {
                double s = b[o];
                for (int i = 0; i < IN; i++) s += w[o * IN + i] * x[n * IN + i];
                expected[n * OUT + o] = s;
            }
        }
        assertClose(expected, z, Tolerance.FLOAT64, "dense forward");
    }

    @Test void backwardDataIsTheGradientOfTheForward() {
        double[] dx = new double[B * IN];
        Dense.backwardData(dy, w, dx, B, IN, OUT);
        assertClose(gradient(xx -> dot(dy, fwd(xx, w, b)), x.clone()), dx, FD, "dx");
    }

    @Test void backwardWeightIsTheGradientOfTheForward() {
        double[] dw = new double[OUT * IN], db = new double[OUT];
        Dense.backwardWeight(dy, x, dw, db, B, IN, OUT);
        assertClose(gradient(ww -> dot(dy, fwd(x, ww, b)), w.clone()), dw, FD, "dW");
        assertClose(gradient(bb -> dot(dy, fwd(x, w, bb)), b.clone()), db, FD, "db");
    }

    @Test void rOperatorsAreDirectionalDerivatives() {
        double[] rx = random(r, B * IN), vw = random(r, OUT * IN), vb = random(r, OUT);
        double[] delta = random(r, B * OUT), rDelta = random(r, B * OUT);

        double[] rz = new double[B * OUT];
        Dense.rForward(x, rx, w, vw, vb, rz, B, IN, OUT);
        assertClose(directional(e -> fwd(step(x, rx, e), step(w, vw, e), step(b, vb, e))), rz, FD, "R{z}");

        double[] rdx = new double[B * IN];
        Dense.rBackwardData(delta, rDelta, w, vw, rdx, B, IN, OUT);
        assertClose(directional(e -> {
            double[] dx = new double[B * IN];
            Dense.backwardData(step(delta, rDelta, e), step(w, vw, e), dx, B, IN, OUT);
            return dx;
        }), rdx, FD, "R{dx}");

        double[] hw = new double[OUT * IN], hb = new double[OUT];
        Dense.rBackwardWeight(delta, rDelta, x, rx, hw, hb, B, IN, OUT);
        assertClose(directional(e -> {
            double[] dw = new double[OUT * IN];
            Dense.backwardWeight(step(delta, rDelta, e), step(x, rx, e), dw, null, B, IN, OUT);
            return dw;
        }), hw, FD, "(Hv)_W");
        double[] expectedHb = new double[OUT];
        Dense.backwardWeight(rDelta, x, new double[OUT * IN], expectedHb, B, IN, OUT);
        assertClose(expectedHb, hb, Tolerance.FLOAT64, "(Hv)_b");
    }

    @Test void gaussNewtonFormsDropTheTermsCarryingDelta() {
        double[] rx = random(r, B * IN), vw = random(r, OUT * IN), rDelta = random(r, B * OUT);
        double[] rdx = new double[B * IN], expected = new double[B * IN];
        Dense.rBackwardData(null, rDelta, w, vw, rdx, B, IN, OUT);
        Dense.backwardData(rDelta, w, expected, B, IN, OUT);
        assertClose(expected, rdx, Tolerance.FLOAT64, "Gauss–Newton R{dx}");
        double[] hw = new double[OUT * IN], ew = new double[OUT * IN];
        Dense.rBackwardWeight(null, rDelta, x, rx, hw, null, B, IN, OUT);
        Dense.backwardWeight(rDelta, x, ew, null, B, IN, OUT);
        assertClose(ew, hw, Tolerance.FLOAT64, "Gauss–Newton (Gv)_W");
    }
}
