package flatbench.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.DoubleUnaryOperator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import flatbench.data.Dataset;
import flatbench.engine.Engine;
import flatbench.engine.HostVectorSpace;
import flatbench.engine.Vec;

/** Adam and Entropy-SGD against the update rules written out by hand, their checkpoints, and Entropy-SGD's preference for wide wells. */
class UpdateRuleTest {
    private static final Dataset DATA = TrainerTest.DATA;

    private static Engine engine() { return TrainerTest.engine(); }

    private static double[] parameters(Engine e) { return TrainerTest.parameters(e); }

    private static double[] gradient(Engine e, double[] at, int[] batch) {
        try (Vec p = e.vectors().fromHost(at); Vec g = e.vectors().zeros()) {
            e.setParameters(p);
            e.lossAndGradient(DATA.batch(batch), g);
            return e.vectors().toHost(g);
        }
    }

    private static TrainingConfig config(UpdateRule rule, double lr) {
        return new TrainingConfig(lr, 8, rule, Sampling.WITH_REPLACEMENT, 21L, 1e6);
    }

    /** Kingma &amp; Ba's algorithm 1, element by element, with m̂ and v̂ as written there. */
    @Test void adamFollowsItsAlgorithm() {
        double eta = 0.01, b1 = 0.8, b2 = 0.95, eps = 1e-6;
        TrainingConfig config = config(new UpdateRule.Adam(b1, b2, eps), eta);
        double[] expected;
        try (Engine e = engine()) {
            BatchSampler sampler = new BatchSampler(DATA.size(), config.batchSize(), config.sampling(), config.seed());
            double[] theta = parameters(e), m = new double[theta.length], v = new double[theta.length];
            for (int t = 1; t <= 6; t++) {
                double[] g = gradient(e, theta, sampler.next());
                for (int i = 0; i < theta.length; i++) {
                    m[i] = b1 * m[i] + (1 - b1) * g[i];
                    v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
                    double mHat = m[i] / (1 - Math.pow(b1, t)), vHat = v[i] / (1 - Math.pow(b2, t));
                    theta[i] -= eta * mHat / (Math.sqrt(vHat) + eps);
                }
            }
            expected = theta;
        }
        try (Engine e = engine(); Trainer t = new Trainer(e, config, DATA.size(), DATA::batch)) {
            double[] before = parameters(e);
            t.run(6, TrainingListener.NONE);
            double[] actual = parameters(e);
            double moved = 0;
            for (int i = 0; i < actual.length; i++) {
                assertEquals(expected[i], actual[i], 1e-12, "parameter " + i);
                moved = Math.max(moved, Math.abs(actual[i] - before[i]));
            }
            assertTrue(moved > 1e-3, "Adam's first steps move each weight by about η: " + moved);
            assertEquals(6, t.gradientEvaluations());
        }
    }

    /** Chaudhari et al.'s loop written out: L inner Langevin steps coupled to θ, the running mean, the outer step with momentum. */
    @ParameterizedTest
    @ValueSource(strings = {"0:0", "0:0.5", "0.9:0", "0.6:0.5"})
    void entropySgdFollowsItsAlgorithm(String momenta) {
        double nesterov = Double.parseDouble(momenta.split(":")[0]), momentum = Double.parseDouble(momenta.split(":")[1]);
        int L = 4;
        double eta = 0.7, etaIn = 0.05, eps = 1e-3, g0 = 0.2, g1 = 0.1, alpha = 0.25;
        UpdateRule.EntropySgd rule = new UpdateRule.EntropySgd(L, etaIn, eps, g0, g1, alpha, nesterov, momentum);
        TrainingConfig config = config(rule, eta);
        double[] expected;
        try (Engine e = engine()) {
            HostVectorSpace noise = new HostVectorSpace(e.vectors().dimension());
            BatchSampler sampler = new BatchSampler(DATA.size(), config.batchSize(), config.sampling(), config.seed());
            double[] theta = parameters(e), vel = new double[theta.length];
            for (int t = 0; t < 3; t++) {
                double gamma = g0 * Math.pow(1 + g1, t);
                double[] x = theta.clone(), mu = theta.clone(), u = new double[theta.length];
                for (int l = 0; l < L; l++) {
                    double[] g = gradient(e, x, sampler.next());
                    // python/optim.py: mdw ← m·mdw + dw; dw ← dw + m·mdw (Nesterov), before coupling and noise.
                    for (int i = 0; i < g.length; i++) {
                        u[i] = nesterov * u[i] + g[i];
                        g[i] += nesterov * u[i];
                    }
                    Vec z = noise.zeros();
                    noise.fillGaussian(z, LangevinNoise.stepSeed(config.seed(), (long) t * L + l));
                    double[] zs = noise.toHost(z);
                    for (int i = 0; i < x.length; i++) {
                        x[i] -= etaIn * (g[i] + gamma * (x[i] - theta[i]));
                        x[i] += eps * Math.sqrt(2 * etaIn) * zs[i];
                        mu[i] = (1 - alpha) * mu[i] + alpha * x[i];
                    }
                }
                for (int i = 0; i < theta.length; i++) {
                    vel[i] = momentum * vel[i] + (theta[i] - mu[i]);
                    theta[i] -= eta * vel[i];
                }
            }
            expected = theta;
        }
        try (Engine e = engine(); Trainer t = new Trainer(e, config, DATA.size(), DATA::batch)) {
            t.run(3, TrainingListener.NONE);
            assertArrayEquals(expected, parameters(e), 1e-12);
            assertEquals(3L * L, t.gradientEvaluations(), "L mini-batch gradients per outer step");
            assertEquals(3L * L, t.history().gradientEvaluations());
        }
    }

    /** Saved mid-run and restored into a fresh trainer, Adam's moments and Entropy-SGD's velocity carry the run on bit for bit. */
    @ParameterizedTest
    @ValueSource(strings = {"adam", "entropy-sgd:L=3,gamma0=0.1", "adam:beta1=0.5"})
    void aRestoredTrainerContinuesBitIdentically(String rule) {
        UpdateRule r = UpdateRule.parse(rule);
        if (r instanceof UpdateRule.EntropySgd) r = r.withMomentum(0.9);
        TrainingConfig config = config(r, 0.05);
        double[] whole;
        try (Engine e = engine(); Trainer t = new Trainer(e, config, DATA.size(), DATA::batch)) {
            t.run(9, TrainingListener.NONE);
            whole = parameters(e);
        }
        TrainingState saved;
        try (Engine e = engine(); Trainer t = new Trainer(e, config, DATA.size(), DATA::batch)) {
            t.run(4, TrainingListener.NONE);
            saved = t.state();
            assertEquals(r instanceof UpdateRule.Adam ? 2 : 1, saved.optimizer().buffers().size());
        }
        try (Engine e = engine(); Trainer t = new Trainer(e, config, DATA.size(), DATA::batch)) {
            t.restore(saved);
            t.run(5, TrainingListener.NONE);
            assertArrayEquals(whole, parameters(e), 0.0);
        }
        try (Engine e = engine(); Trainer t = new Trainer(e, TrainingConfig.sgd(0.05, 8, 0.9, Sampling.WITH_REPLACEMENT, 21L, 1e6), DATA.size(), DATA::batch)) {
            assertThrows(IllegalArgumentException.class, () -> t.restore(saved), "a state of another rule is refused");
        }
    }

    /**
     * Two wells on a confining bowl: a narrow one at −1 (curvature ≈ 11, f ≈ −1.02) and a wide one
     * at 2 (curvature ≈ 0.5, f ≈ −0.89, so the narrow one is deeper), the barrier near −0.23.
     * Entropy-SGD's inner Langevin chain weighs the wells by their volume, so from the bottom of the
     * narrow well most runs end in the wide one (88 of 100 in a numpy prototype of the same loop).
     * Noise alone does less: plain Langevin dynamics at Entropy-SGD's inner temperature ε², for
     * the same 10,000 gradients, ends there in 64 of 100 (65 % in numpy), so the test asks for a clear
     * margin over that arm; gradient descent, or Entropy-SGD without its noise, stays where it started.
     */
    @Test void entropySgdPrefersTheWideWell() {
        double narrow = -1, wide = 2, sn = 0.3, sw = 1.5, bowl = 0.05;
        DoubleUnaryOperator grad = x -> {
            double en = Math.exp(-(x - narrow) * (x - narrow) / (2 * sn * sn)), ew = Math.exp(-(x - wide) * (x - wide) / (2 * sw * sw));
            return en * (x - narrow) / (sn * sn) + ew * (x - wide) / (sw * sw) + 2 * bowl * (x - 0.5);
        };
        UpdateRule.EntropySgd noisy = new UpdateRule.EntropySgd(20, 0.1, 0.4, 0.03, 0.01, 0.25, 0, 0);
        UpdateRule.EntropySgd quiet = new UpdateRule.EntropySgd(20, 0.1, 0, 0.03, 0.01, 0.25, 0, 0);
        int runs = 100, outer = 500;
        int[] inWide = new int[4];
        for (int r = 0; r < runs; r++) {
            inWide[0] += endsNear(wide, run(noisy, 1.0, narrow, grad, r, outer, null));
            inWide[1] += endsNear(wide, run(quiet, 1.0, narrow, grad, r, outer, null));
            inWide[2] += endsNear(wide, run(new UpdateRule.Sgd(0), 0.1, narrow, grad, r, outer, null));
            LangevinNoise sgld = new LangevinNoise(noisy.noise() * noisy.noise(), r);
            inWide[3] += endsNear(wide, run(new UpdateRule.Sgd(0), noisy.innerLearningRate(), narrow, grad, r, outer * noisy.innerSteps(), sgld));
        }
        assertTrue(inWide[0] >= 70, "Entropy-SGD from the narrow well ended in the wide one in only " + inWide[0] + " of " + runs + " runs");
        assertTrue(inWide[0] - inWide[3] >= 10, "Entropy-SGD (" + inWide[0] + " of " + runs
                + " in the wide well) should beat Langevin dynamics at its inner temperature (" + inWide[3] + ") by more than its noise");
        assertEquals(0, inWide[1], "without its noise Entropy-SGD has no reason to leave the narrow well");
        assertEquals(0, inWide[2], "gradient descent stays in the narrow well");
    }

    private static int endsNear(double centre, double x) {
        return Math.abs(x - centre) < 1 ? 1 : 0;
    }

    private static double run(UpdateRule rule, double eta, double start, DoubleUnaryOperator grad, long seed, int steps, LangevinNoise noise) {
        HostVectorSpace space = new HostVectorSpace(1);
        GradientOracle oracle = (point, g) -> {
            space.data(g)[0] = grad.applyAsDouble(space.data(point)[0]);
            return 0;
        };
        Vec theta = space.fromHost(new double[] {start}), g = space.zeros();
        try (Stepper s = Stepper.of(rule, space, eta, seed)) {
            for (int t = 1; t <= steps; t++) {
                oracle.at(theta, g);
                s.update(theta, g, t, oracle);
                if (noise != null) noise.perturb(space, theta, eta, t);
            }
        }
        return space.data(theta)[0];
    }

    @Test void rulesReadBackWhatTheyWrite() {
        for (String text : new String[] {"sgd", "adam", "adam:beta2=0.99", "entropy-sgd", "entropy-sgd:L=5,gamma0=0.03", "entropy-sgd:noise=0", "entropy-sgd:nesterov=0.9"}) {
            UpdateRule r = UpdateRule.parse(text);
            assertEquals(r, UpdateRule.parse(r.label()), text);
        }
        assertEquals("entropy-sgd:L=5,gamma0=0.03", UpdateRule.parse("Entropy-SGD: L=5, gamma0=0.03").label());
        assertEquals(UpdateRule.entropySgd(), UpdateRule.parse("entropy-sgd"));
        assertEquals(20, UpdateRule.parse("entropy-sgd").gradientsPerStep());
        assertEquals(new UpdateRule.EntropySgd(20, 0.1, 1e-4, 1e-4, 1e-3, 0.25, 0, 0.9), UpdateRule.parse("entropy-sgd").withMomentum(0.9));
        assertEquals(0.9, ((UpdateRule.EntropySgd) UpdateRule.parse("entropy-sgd:nesterov=0.9")).innerMomentum());
    }

    @Test void badRulesAreRefusedInOneSentence() {
        for (String bad : new String[] {"rmsprop", "adam:beta3=1", "adam:beta1", "adam:beta1=x", "entropy-sgd:L=2.5", "sgd:lr=1", "adam:beta1=1", "entropy-sgd:nesterov=1"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> UpdateRule.parse(bad), bad);
            assertTrue(!e.getMessage().isBlank() && !e.getMessage().contains("\n"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> UpdateRule.adam().withMomentum(0.9));
    }
}
