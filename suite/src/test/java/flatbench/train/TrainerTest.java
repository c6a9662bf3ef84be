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
    static final Shape INPUT = new Shape(1, 4, 4);
    static final ModelSpec MLP = Models.mlp(INPUT, 3, 6);
    static final Dataset DATA = Synthetic.teacherStudent(INPUT, 3, 50, Synthetic.Teacher.LINEAR, 11L, Part.TRAIN);

    static Engine engine() {
        return Engines.find("java").orElseThrow().create(MLP, Precision.FLOAT64, 5L);
    }

    static double[] parameters(Engine e) {
        try (Vec p = e.parameters()) {
            return e.vectors().toHost(p);
        }
    }

    private static TrainingConfig sgd(double momentum, Sampling sampling) {
        return TrainingConfig.sgd(0.1, 8, momentum, sampling, 21L, 100);
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

    /**
     * A float32 engine holds its parameters rounded; the trainer must not re-read them at a
     * segment's start (it did, and segments then differed from one run in the last bits).
     */
    @ParameterizedTest
    @ValueSource(doubles = {0.0, 0.9})
    void segmentsEqualOneRunOnAFloat32Engine(double momentum) {
        double[] whole, split;
        try (Engine e = cpu32(); Trainer t = new Trainer(e, sgd(momentum, Sampling.WITHOUT_REPLACEMENT), DATA.size(), DATA::batch)) {
            t.run(12, TrainingListener.NONE);
            whole = parameters(e);
        }
        try (Engine e = cpu32(); Trainer t = new Trainer(e, sgd(momentum, Sampling.WITHOUT_REPLACEMENT), DATA.size(), DATA::batch)) {
            for (int s : new int[] {1, 4, 0, 7}) t.run(s, TrainingListener.NONE);
            split = parameters(e);
        }
        assertArrayEquals(whole, split, 0.0);
    }

    /** Saved after any step (also from within the listener), restored into a fresh engine and trainer: the rest of the run is bit-identical. */
    @ParameterizedTest
    @ValueSource(strings = {"java:0:with-replacement", "java:0.9:without-replacement", "cpu:0.9:without-replacement", "cpu:0:with-replacement"})
    void aRestoredTrainerContinuesBitIdentically(String setup) {
        String[] p = setup.split(":");
        double momentum = Double.parseDouble(p[1]);
        Sampling sampling = Sampling.parse(p[2]);
        double[] whole, wholeLosses;
        try (Engine e = p[0].equals("java") ? engine() : cpu32(); Trainer t = new Trainer(e, sgd(momentum, sampling), DATA.size(), DATA::batch)) {
            t.run(13, TrainingListener.NONE);
            whole = parameters(e);
            wholeLosses = t.history().losses();
        }
        for (int at = 0; at <= 13; at += 4) {
            TrainingState[] saved = new TrainingState[1];
            int stopAt = at;
            try (Engine e = p[0].equals("java") ? engine() : cpu32(); Trainer t = new Trainer(e, sgd(momentum, sampling), DATA.size(), DATA::batch)) {
                t.run(2, TrainingListener.NONE);
                if (stopAt <= 2) saved[0] = t.state();
                t.run(11, (step, n, loss, sec) -> {
                    if (step + 2 == stopAt) saved[0] = t.state();
                });
            }
            double[] resumed;
            double[] resumedLosses;
            try (Engine e = p[0].equals("java") ? engine() : cpu32(); Trainer t = new Trainer(e, sgd(momentum, sampling), DATA.size(), DATA::batch)) {
                t.restore(saved[0]);
                assertEquals(saved[0].steps(), t.stepsDone());
                t.run(13 - t.stepsDone(), TrainingListener.NONE);
                resumed = parameters(e);
                resumedLosses = t.history().losses();
            }
            assertArrayEquals(whole, resumed, 0.0, setup + " saved at step " + saved[0].steps());
            assertArrayEquals(wholeLosses, resumedLosses, 0.0, setup + " saved at step " + saved[0].steps());
        }
    }

    @Test void aDivergedTrainerStaysDivergedAfterRestore() {
        TrainingConfig wild = TrainingConfig.sgd(1e6, 8, 0, Sampling.WITHOUT_REPLACEMENT, 21L, 2);
        TrainingState s;
        try (Engine e = engine(); Trainer t = new Trainer(e, wild, DATA.size(), DATA::batch)) {
            t.run(20, TrainingListener.NONE);
            assertTrue(t.divergence() != null, "the learning rate of 1e6 did not diverge");
            s = t.state();
        }
        try (Engine e = engine(); Trainer t = new Trainer(e, wild, DATA.size(), DATA::batch)) {
            t.restore(s);
            assertEquals(s.divergence(), t.divergence());
            assertEquals(0, t.run(5, TrainingListener.NONE).steps());
        }
    }

    private static Engine cpu32() {
        return Engines.find("cpu").orElseThrow().create(MLP, Precision.FLOAT32, 5L);
    }

    /** The update rule written out independently: v ← μv + g, θ ← θ − ηv, on the sampler's batches. */
    @Test void momentumStepsFollowTheHeavyBallRule() {
        double eta = 0.1, mu = 0.9;
        TrainingConfig config = sgd(mu, Sampling.WITH_REPLACEMENT);
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
        try (Engine e = engine(); Trainer t = new Trainer(e, TrainingConfig.sgd(1e30, 8, 0, Sampling.WITHOUT_REPLACEMENT, 1L, 1e300), DATA.size(), DATA::batch)) {
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
        try (Engine e = engine(); Trainer t = new Trainer(e, TrainingConfig.sgd(20, 8, 0, Sampling.WITHOUT_REPLACEMENT, 1L, 1e300), DATA.size(), DATA::batch)) {
            plain = t.run(30, TrainingListener.NONE).losses();
        }
        double first = plain[0];
        int over = 0;
        while (over < plain.length && plain[over] <= 3 * first) over++;
        org.junit.jupiter.api.Assumptions.assumeTrue(over < plain.length, "lr 20 did not make the loss exceed 3x its start");
        try (Engine e = engine(); Trainer t = new Trainer(e, TrainingConfig.sgd(20, 8, 0, Sampling.WITHOUT_REPLACEMENT, 1L, 3), DATA.size(), DATA::batch)) {
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
