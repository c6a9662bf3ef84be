package flatbench.scenario;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import flatbench.landscape.Ensemble;
import flatbench.measure.GroupBootstrap;

/**
 * The comparison's statistics on planted misclassification tables: the curves, the paired gap,
 * the first crossing, and the bootstrap over test samples against the binomial interval.
 */
class EntropySgdComparisonTest {
    private static final double[] EPOCHS = {0, 1, 2};

    @Test void epochRatioInterpolatesTheFirstCrossing() {
        // Reaches 0.2 halfway between epochs 1 and 2: 1.5 of a budget of 2.
        assertEquals(0.75, EntropySgdComparison.epochRatio(new double[] {0.5, 0.3, 0.1}, EPOCHS, 0.2, 2), 1e-12);
        // The first crossing counts, not a later one.
        assertEquals(0.25, EntropySgdComparison.epochRatio(new double[] {0.5, 0.1, 0.4}, EPOCHS, 0.3, 2), 1e-12);
        assertEquals(1.0, EntropySgdComparison.epochRatio(new double[] {0.5, 0.3, 0.2}, EPOCHS, 0.2, 2), 1e-12);
        assertEquals(Double.POSITIVE_INFINITY, EntropySgdComparison.epochRatio(new double[] {0.5, 0.3, 0.25}, EPOCHS, 0.2, 2));
        assertTrue(Double.isNaN(EntropySgdComparison.epochRatio(new double[] {0.5, Double.NaN, 0.1}, EPOCHS, 0.2, 2)));
    }

    /** wrong[arm][seed][point][sample] with each sample wrong with the given rate, per arm and point. */
    private static double[][][][] planted(double[][] rates, int seeds, int samples, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][][][] w = new double[2][seeds][rates[0].length][samples];
        for (int arm = 0; arm < 2; arm++) {
            for (int s = 0; s < seeds; s++) {
                for (int k = 0; k < rates[arm].length; k++) for (int j = 0; j < samples; j++) w[arm][s][k][j] = r.nextDouble() < rates[arm][k] ? 1 : 0;
            }
        }
        return w;
    }

    @Test void curvesGapAndRatioAtUnitWeights() {
        double[][][][] w = planted(new double[][] {{0.9, 0.3, 0.1}, {0.9, 0.2, 0.08}}, 2, 1000, 1);
        double[] ones2 = {1, 1}, ones = new double[1000];
        Arrays.fill(ones, 1);
        double[] s = EntropySgdComparison.statistics(w, ones2, ones, EPOCHS, 2);
        for (int arm = 0; arm < 2; arm++) {
            for (int k = 0; k < 3; k++) {
                double m = 0;
                for (int seed = 0; seed < 2; seed++) m += Arrays.stream(w[arm][seed][k]).sum() / 1000 / 2;
                assertEquals(m, s[arm * 3 + k], 1e-12);
            }
        }
        assertEquals(s[5] - s[2], s[6], 1e-12);
        assertEquals(EntropySgdComparison.epochRatio(Arrays.copyOfRange(s, 3, 6), EPOCHS, s[2], 2), s[7], 1e-12);
        assertTrue(s[7] > 0.5 && s[7] < 1, "Entropy-SGD's planted curve reaches SGD's final error before the budget: " + s[7]);
    }

    @Test void identicalArmsHaveAZeroGapInEveryResample() {
        double[][][][] w = planted(new double[][] {{0.5, 0.2, 0.1}, {0.5, 0.2, 0.1}}, 3, 500, 2);
        w[1] = w[0];
        GroupBootstrap.Result[] r = GroupBootstrap.ofAll(new int[] {3, 500}, 300, 4, x -> EntropySgdComparison.statistics(w, x[0], x[1], EPOCHS, 2));
        assertEquals(0, r[6].value());
        assertArrayEquals(new double[] {0, 0}, r[6].ci95());
        assertEquals(1.0, r[7].value(), 1e-12, "an arm reaches its own final error exactly at the budget");
    }

    /** One seed: the bootstrap over test samples is the binomial's sampling error of the error rate. */
    @Test void oneSeedIntervalIsTheBinomialOne() {
        int n = 2000;
        double[][][][] w = planted(new double[][] {{0.5, 0.2, 0.1}, {0.5, 0.2, 0.1}}, 1, n, 3);
        GroupBootstrap.Result[] r = GroupBootstrap.ofAll(new int[] {1, n}, 2000, Ensemble.stream(5, "t", 0),
                x -> EntropySgdComparison.statistics(w, x[0], x[1], EPOCHS, 2));
        double p = r[2].value(), half = 1.96 * Math.sqrt(p * (1 - p) / n);
        double width = r[2].ci95()[1] - r[2].ci95()[0];
        assertEquals(2 * half, width, 0.15 * 2 * half, "bootstrap width " + width + " against the binomial " + 2 * half);
    }
}
