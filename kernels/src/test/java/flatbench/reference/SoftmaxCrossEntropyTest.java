package flatbench.reference;

import static flatbench.reference.Numerics.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class SoftmaxCrossEntropyTest {
    private static final int B = 4, K = 5;
    private final SplittableRandom r = new SplittableRandom(41);
    private final int[] labels = {0, 3, 4, 3};

    private double mean(double[] z) {
        return SoftmaxCrossEntropy.forward(z, labels, new double[B * K], null, B, K);
    }

    @Test void lossIsTheNegativeLogLikelihoodEvenForHugeLogits() {
        double[] z = random(r, B * K);
        z[2] = 800; // exp(800) overflows without the max shift
        double[] p = new double[B * K], losses = new double[B];
        double mean = SoftmaxCrossEntropy.forward(z, labels, p, losses, B, K);
        double total = 0;
        for (int n = 0; n < B; n++) {
            double max = Double.NEGATIVE_INFINITY, sum = 0, ps = 0;
            for (int c = 0; c < K; c++) max = Math.max(max, z[n * K + c]);
            for (int c = 0; c < K; c++) sum += Math.exp(z[n * K + c] - max);
            double expected = -(z[n * K + labels[n]] - max - Math.log(sum));
            assertEquals(expected, losses[n], 1e-12);
            for (int c = 0; c < K; c++) ps += p[n * K + c];
            assertEquals(1.0, ps, 1e-14);
            total += expected;
        }
        assertEquals(total / B, mean, 1e-12);
    }

    @Test void gradientOfTheMeanLossIsPMinusYOverB() {
        double[] z = random(r, B * K), p = new double[B * K], dz = new double[B * K];
        SoftmaxCrossEntropy.forward(z, labels, p, null, B, K);
        SoftmaxCrossEntropy.backward(p, labels, dz, B, K, 1.0 / B);
        assertClose(gradient(this::mean, z.clone()), dz, FD, "dL/dz");
    }

    @Test void rBackwardIsTheDirectionalDerivativeOfTheGradient() {
        double[] z = random(r, B * K), rz = random(r, B * K), p = new double[B * K], rdz = new double[B * K];
        SoftmaxCrossEntropy.forward(z, labels, p, null, B, K);
        SoftmaxCrossEntropy.rBackward(p, rz, rdz, B, K, 1.0 / B);
        assertClose(directional(e -> {
            double[] pp = new double[B * K], dz = new double[B * K];
            SoftmaxCrossEntropy.forward(step(z, rz, e), labels, pp, null, B, K);
            SoftmaxCrossEntropy.backward(pp, labels, dz, B, K, 1.0 / B);
            return dz;
        }), rdz, FD, "R{δ_L}");
    }

    @Test void labelsOutsideTheClassesAreRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> SoftmaxCrossEntropy.forward(new double[K], new int[] {K}, new double[K], null, 1, K));
    }
}
