package flatbench.reference;

import static flatbench.reference.Numerics.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import flatbench.model.ChannelShape;
import flatbench.model.Layer;
import org.junit.jupiter.api.Test;

class BatchNormTest {
    private static final int B = 2, C = 3, S = 5;
    private static final double INV = Layer.BatchNorm.of(C).inverseStd();
    private final SplittableRandom r = new SplittableRandom(31);
    private final double[] x = random(r, B * C * S), gamma = random(r, C), beta = random(r, C), dy = random(r, B * C * S);

    private static double[] fwd(double[] x, double[] gamma, double[] beta) {
        double[] y = new double[B * C * S];
        BatchNorm.forward(new ChannelShape(B, C, S), x, gamma, beta, y, INV);
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
        BatchNorm.backwardData(new ChannelShape(B, C, S), dy, gamma, dx, INV);
        BatchNorm.backwardParams(new ChannelShape(B, C, S), dy, x, dg, db, INV);
        assertClose(gradient(xx -> dot(dy, fwd(xx, gamma, beta)), x.clone()), dx, FD, "bn dx");
        assertClose(gradient(gg -> dot(dy, fwd(x, gg, beta)), gamma.clone()), dg, FD, "bn dγ");
        assertClose(gradient(bb -> dot(dy, fwd(x, gamma, bb)), beta.clone()), db, FD, "bn dβ");
    }
}
