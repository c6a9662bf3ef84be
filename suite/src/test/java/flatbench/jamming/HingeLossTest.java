package flatbench.jamming;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import flatbench.engine.Batch;
import flatbench.engine.Engine;
import flatbench.engine.Engines;
import flatbench.engine.Precision;
import flatbench.engine.Vec;
import flatbench.model.Shape;

/**
 * The quadratic hinge of the engines against Geiger et al.'s L = (1/P) Σ ½Δ²_μ over Δ_μ &gt; 0,
 * Δ_μ = 1 − y_μ f(x_μ), on a hand-made net and patterns: f and L by hand, N_Δ counted by hand, the
 * gradient against float64 central differences of the loss.
 */
class HingeLossTest {
    /**
     * One hidden layer of two units over two inputs: W₁ = [[1, 0], [0, 1]], b₁ = [0, −1],
     * w₂ = [2, −1], b₂ = 0.5, so f(x) = 2·relu(x₁) − relu(x₂ − 1) + 0.5.
     */
    static final double[] THETA = {1, 0, 0, 1, 0, -1, 2, -1, 0.5};

    /**
     * Four patterns and f by hand: x = (1, 0), y = +1: f = 2.5, Δ = −1.5 (satisfied);
     * x = (0, 3), y = +1: f = −1.5, Δ = 2.5; x = (0.25, 0), y = −1: f = 1, Δ = 2;
     * x = (−1, 0), y = −1: f = 0.5, Δ = 1.5. Inputs are exact in float32.
     */
    static Batch patterns() {
        return new Batch(new Shape(1, 1, 2), 4, new float[] {1, 0, 0, 3, 0.25f, 0, -1, 0}, new int[] {1, 1, -1, -1});
    }

    static final double[] GAPS = {-1.5, 2.5, 2, 1.5};

    @ParameterizedTest @ValueSource(strings = {"java", "cpu"})
    void lossGapsAndCountsMatchTheHandComputation(String engineName) {
        Architecture arch = new Architecture(2, 1, 2);
        assertEquals(THETA.length, arch.parameters());
        try (Engine e = Engines.find(engineName).orElseThrow().create(arch.spec(), Precision.FLOAT64, 1); Vec t = e.vectors().fromHost(THETA)) {
            e.setParameters(t);
            double[] gaps = HingeTraining.gaps(e, patterns());
            assertArrayEquals(GAPS, gaps, 1e-12);
            assertEquals(3, HingeTraining.unsatisfied(gaps));
            double byHand = (0.5 * 2.5 * 2.5 + 0.5 * 2 * 2 + 0.5 * 1.5 * 1.5) / 4;  // the satisfied pattern adds nothing
            assertEquals(byHand, e.loss(patterns()), 1e-12);
        }
    }

    @ParameterizedTest @ValueSource(strings = {"java", "cpu"})
    void gradientMatchesCentralDifferencesOfTheLoss(String engineName) {
        Architecture arch = new Architecture(3, 2, 4);
        java.util.SplittableRandom r = new java.util.SplittableRandom(4);
        Batch b = Patterns.gaussian(12, 3, 8);
        try (Engine e = Engines.find(engineName).orElseThrow().create(arch.spec(), Precision.FLOAT64, 1)) {
            double[] theta = arch.initialParameters(5);
            for (int i = 0; i < theta.length; i++) theta[i] += 0.3 * r.nextGaussian();  // biases off zero: no pattern on a kink
            double[] grad;
            try (Vec t = e.vectors().fromHost(theta); Vec g = e.vectors().zeros()) {
                e.setParameters(t);
                e.lossAndGradient(b, g);
                grad = e.vectors().toHost(g);
                assertTrue(HingeTraining.unsatisfied(HingeTraining.gaps(e, b)) > 0, "some patterns must be unsatisfied to test anything");
            }
            double h = 1e-6;
            for (int i = 0; i < theta.length; i++) {
                double[] plus = theta.clone(), minus = theta.clone();
                plus[i] += h;
                minus[i] -= h;
                double fd = (lossAt(e, plus, b) - lossAt(e, minus, b)) / (2 * h);
                assertEquals(fd, grad[i], 1e-7 * (1 + Math.abs(fd)), "parameter " + i);
            }
        }
    }

    static double lossAt(Engine e, double[] theta, Batch b) {
        try (Vec t = e.vectors().fromHost(theta)) {
            e.setParameters(t);
            return e.loss(b);
        }
    }
}
