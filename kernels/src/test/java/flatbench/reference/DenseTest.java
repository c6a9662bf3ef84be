package flatbench.reference;

import static flatbench.reference.Numerics.*;

import java.util.SplittableRandom;

import flatbench.model.DenseShape;
import org.junit.jupiter.api.Test;

class DenseTest {
    private static final int B = 3, IN = 5, OUT = 4;
    private final SplittableRandom r = new SplittableRandom(11);
    private final double[] x = random(r, B * IN), w = random(r, OUT * IN), b = random(r, OUT), dy = random(r, B * OUT);

    private double[] fwd(double[] x, double[] w, double[] b) {
        double[] z = new double[B * OUT];
        Dense.forward(new DenseShape(B, IN, OUT), x, w, b, z);
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
        Dense.backwardData(new DenseShape(B, IN, OUT), dy, w, dx);
        assertClose(gradient(xx -> dot(dy, fwd(xx, w, b)), x.clone()), dx, FD, "dx");
    }

    @Test void backwardWeightIsTheGradientOfTheForward() {
        double[] dw = new double[OUT * IN], db = new double[OUT];
        Dense.backwardWeight(new DenseShape(B, IN, OUT), dy, x, dw, db);
        assertClose(gradient(ww -> dot(dy, fwd(x, ww, b)), w.clone()), dw, FD, "dW");
        assertClose(gradient(bb -> dot(dy, fwd(x, w, bb)), b.clone()), db, FD, "db");
    }
}
