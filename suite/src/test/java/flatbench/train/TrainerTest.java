package flatbench.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import flatbench.data.Dataset;
import flatbench.data.Part;
import flatbench.data.Synthetic;
import flatbench.engine.Engine;
import flatbench.engine.Engines;
import flatbench.engine.Precision;
import flatbench.engine.Vec;
import flatbench.model.ModelSpec;
import flatbench.model.Models;
import flatbench.model.Shape;

/** Trainer on the Java reference engine (float64, deterministic) with a tiny MLP. */
class TrainerTest {
    private static final Shape INPUT = new Shape(1, 4, 4);
    private static final ModelSpec MLP = Models.mlp(INPUT, 3, 6);
    private static final Dataset DATA = Synthetic.teacherStudent(INPUT, 3, 50, Synthetic.Teacher.LINEAR, 11L, Part.TRAIN);

    private static Engine engine() {
        return Engines.find("java").orElseThrow().create(MLP, Precision.FLOAT64, 5L);
    }

    private static double[] parameters(Engine e) {
        try (Vec p = e.parameters()) {
            return e.vectors().toHost(p);
        }
    }

    private static SgdConfig sgd(double momentum, Sampling sampling) {
        return new SgdConfig(0.1, 8, momentum, sampling, 21L, 100);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, 0.9})
    void segmentsOfFiveAndSevenStepsEqualOneRunOfTwelve(double momentum) {
        double[] whole, split;
        double[] wholeLosses, splitLosses;
        try (Engine e = engine(); Trainer t = new Trainer(e, sgd(momentum, Sampling.WITHOUT_REPLACEMENT), DATA.size(), DATA::batch)) {
            wholeLosses = t.run(12, TrainingListener.NONE).losses();
            assertEquals(12, t.stepsDone());
            whole = parameters(e);
        }
        try (Engine e = engine(); Trainer t = new Trainer(e, sgd(momentum, Sampling.WITHOUT_REPLACEMENT), DATA.size(), DATA::batch)) {
            double[] a = t.run(5, TrainingListener.NONE).losses();
            assertEquals(5, t.stepsDone());
            double[] b = t.run(7, TrainingListener.NONE).losses();
            assertEquals(12, t.stepsDone());
            splitLosses = concat(a, b);
            split = parameters(e);
        }
        assertArrayEquals(wholeLosses, splitLosses, 0.0);
        assertArrayEquals(whole, split, 0.0);
    }

    /** The update rule written out independently: v ← μv + g, θ ← θ − ηv, on the sampler's batches. */
    @Test void momentumStepsFollowTheHeavyBallRule() {
        double eta = 0.1, mu = 0.9;
        SgdConfig config = sgd(mu, Sampling.WITH_REPLACEMENT);
        double[] expected;
        try (Engine e = engine()) {
            BatchSampler sampler = new BatchSampler(DATA.size(), config.batchSize(), config.sampling(), config.seed());
            double[] theta = parameters(e);
            double[] v = new double[theta.length];
            for (int s = 0; s < 4; s++) {
                double[] g;
                try (Vec grad = e.vectors().zeros()) {
                    e.lossAndGradient(DATA.batch(sampler.next()), grad);
                    g = e.vectors().toHost(grad);
                }
                for (int i = 0; i < theta.length; i++) {
                    v[i] = mu * v[i] + g[i];
                    theta[i] -= eta * v[i];
                }
                try (Vec p = e.vectors().fromHost(theta)) {
                    e.setParameters(p);
                }
            }
            expected = theta;
        }
        try (Engine e = engine(); Trainer t = new Trainer(e, config, DATA.size(), DATA::batch)) {
            double[] initial = parameters(e);
            t.run(4, TrainingListener.NONE);
            double[] actual = parameters(e);
            assertFalse(Arrays.equals(initial, actual), "training did not move the parameters");
            for (int i = 0; i < expected.length; i++) assertEquals(expected[i], actual[i], 1e-12, "parameter " + i);
        }
    }

    @Test void listenerHearsEveryStepOfTheSegment() {
        try (Engine e = engine(); Trainer t = new Trainer(e, sgd(0, Sampling.WITHOUT_REPLACEMENT), DATA.size(), DATA::batch)) {
            int[] calls = {0};
            Trainer.Summary s = t.run(6, (step, total, loss, sec) -> {
                calls[0]++;
                assertEquals(calls[0], step);
                assertEquals(6, total);
                assertTrue(Double.isFinite(loss));
            });
            assertEquals(6, calls[0]);
            assertEquals(s.losses()[0], s.firstLoss(), 0.0);
            assertEquals(s.losses()[5], s.lastLoss(), 0.0);
            assertEquals(Arrays.stream(s.losses()).average().orElseThrow(), s.meanLastLosses(), 1e-15);
        }
    }

    @Test void aNonFiniteLossStopsTrainingBeforeItsUpdateAndNamesTheStep() {
        try (Engine e = engine(); Trainer t = new Trainer(e, new SgdConfig(1e30, 8, 0, Sampling.WITHOUT_REPLACEMENT, 1L, 1e300), DATA.size(), DATA::batch)) {
            Trainer.Summary s = t.run(50, TrainingListener.NONE);
            Divergence d = s.divergence();
            assertTrue(d != null && !Double.isFinite(d.loss()), "a learning rate of 1e30 overflows the loss: " + d);
            assertEquals(t.stepsDone(), d.step());
            assertTrue(d.step() > 1, "the first step cannot diverge: its loss is computed before any update");
            assertEquals(d.step() - 1, s.steps(), "the losses of the steps before it are kept");
            assertTrue(d.sentence().startsWith("training diverged at step " + d.step() + " "), d.sentence());
            double[] before = parameters(e);
            Trainer.Summary again = t.run(5, TrainingListener.NONE);
            assertEquals(0, again.steps(), "a diverged trainer takes no more steps");
            assertArrayEquals(before, parameters(e), 0.0);
            assertEquals(d, t.history().divergence());
            assertEquals(s.steps(), t.history().steps());
        }
    }

    @Test void aLossThatExplodesRelativeToItsStartStopsTraining() {
        double[] plain;
        try (Engine e = engine(); Trainer t = new Trainer(e, new SgdConfig(20, 8, 0, Sampling.WITHOUT_REPLACEMENT, 1L, 1e300), DATA.size(), DATA::batch)) {
            plain = t.run(30, TrainingListener.NONE).losses();
        }
        double first = plain[0];
        int over = 0;
        while (over < plain.length && plain[over] <= 3 * first) over++;
        org.junit.jupiter.api.Assumptions.assumeTrue(over < plain.length, "lr 20 did not make the loss exceed 3x its start");
        try (Engine e = engine(); Trainer t = new Trainer(e, new SgdConfig(20, 8, 0, Sampling.WITHOUT_REPLACEMENT, 1L, 3), DATA.size(), DATA::batch)) {
            Trainer.Summary s = t.run(30, TrainingListener.NONE);
            assertEquals(over + 1, s.divergence().step(), "the first step above 3x the first loss, counted from 1");
            assertEquals(plain[over], s.divergence().loss(), 0.0);
            assertEquals(3 * first, s.divergence().threshold(), 1e-12);
            assertArrayEquals(Arrays.copyOf(plain, over), s.losses(), 0.0, "same steps as the unguarded run until then");
        }
    }

    @Test void history() {
        try (Engine e = engine(); Trainer t = new Trainer(e, sgd(0, Sampling.WITHOUT_REPLACEMENT), DATA.size(), DATA::batch)) {
            double[] a = t.run(3, TrainingListener.NONE).losses();
            double[] b = t.run(4, TrainingListener.NONE).losses();
            assertArrayEquals(concat(a, b), t.history().losses(), 0.0);
            assertEquals(null, t.history().divergence());
        }
    }

    private static double[] concat(double[] a, double[] b) {
        double[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
