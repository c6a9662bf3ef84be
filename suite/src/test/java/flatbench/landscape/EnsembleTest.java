package flatbench.landscape;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class EnsembleTest {
    /** R runs advanced together give exactly what each gives alone with its seed. */
    @Test void ensembleEqualsSeparateRuns() {
        MultiWell f = MultiWell.generate(0.02, new double[] {1, 1.5}, 50, 0.7, 5);
        double[] start = {f.criticalPoints(0)[2], f.criticalPoints(1)[0]};
        int runs = 6;
        long[] seeds = Ensemble.seeds(99, runs);
        Ensemble.Basin basin = Ensemble.Basin.crossed(0, f.criticalPoints(0)[1], true);
        Ensemble.Limits limits = new Ensemble.Limits(3000, 1e6);
        for (Optimizer opt : new Optimizer[] {new Optimizer.Sgd(2.0, 1, 0.5), Optimizer.Langevin.isotropic(0.5, 2, 30.0)}) {
            Ensemble.Result all = Ensemble.run(f, opt, Ensemble.replicate(start, runs), seeds, limits, basin, null);
            assertTrue(all.exited() > 0, "some runs escape, so the exit steps are compared too");
            for (int r = 0; r < runs; r++) {
                Ensemble.Result one = Ensemble.run(f, opt, start.clone(), new long[] {seeds[r]}, limits, basin, null);
                assertArrayEquals(one.position(0), all.position(r), 0.0, opt + " run " + r);
                assertEquals(one.exitStep()[0], all.exitStep()[r]);
            }
        }
    }

    /** Divergence is detected and the run stops there. */
    @Test void divergenceStopsARun() {
        ProductModel m = ProductModel.generate(30, 1, 0.1, 4, 1);
        double eta = 3 / m.flattestCurvature();  // beyond the linear stability limit 2/λ everywhere on the valley
        Ensemble.Result r = Ensemble.run(m, new Optimizer.Sgd(eta, 4), Ensemble.replicate(m.valleyPoint(0), 3), Ensemble.seeds(1, 3),
                new Ensemble.Limits(10_000, 1e3), Ensemble.Basin.NEVER, null);
        assertEquals(3, r.diverged());
        for (long s : r.divergedStep()) assertTrue(s > 0 && s < 10_000);
    }

    private record Quadratic(double curvature) implements Objective {
        public int dimension() { return 1; }
        public int samples() { return 1; }
        public double addSampleGradient(int i, double[] x, int off, double scale, double[] g, int gOff) {
            g[gOff] += scale * curvature * x[off];
            return 0.5 * curvature * x[off] * x[off];
        }
        public double[][] hessian(double[] w) { return new double[][] {{curvature}}; }
    }

    /**
     * GD plus Gaussian noise on a quadratic is the AR(1) process x' = (1 − ηh) x − ηξ, whose
     * stationary law is Gaussian, mean 0, variance η²σ²/(1 − (1 − ηh)²). The sample variance of N
     * independent runs has standard error √(2/N) of it; the fourth moment checks Gaussianity (3σ⁴).
     */
    @Test void langevinOnAQuadraticIsGaussianWithTheKnownVariance() {
        double h = 2, eta = 0.1, noiseVar = 3;
        int runs = 4000;
        double expected = eta * eta * noiseVar / (1 - (1 - eta * h) * (1 - eta * h));
        // 200 steps: (1 − ηh)^400 = 0.8^400 of the start is left.
        Ensemble.Result r = Ensemble.run(new Quadratic(h), Optimizer.Langevin.isotropic(eta, 1, noiseVar), new double[runs], Ensemble.seeds(4, runs),
                new Ensemble.Limits(200, 1e9), Ensemble.Basin.NEVER, null);
        double m2 = 0, m4 = 0, m1 = 0;
        for (double x : r.positions()) {
            m1 += x / runs;
            m2 += x * x / runs;
            m4 += x * x * x * x / runs;
        }
        double se = expected * Math.sqrt(2.0 / runs);
        assertEquals(expected, m2, 4 * se);
        assertEquals(0, m1, 4 * Math.sqrt(expected / runs));
        assertEquals(3, m4 / (m2 * m2), 4 * Math.sqrt(96.0 / runs), "kurtosis of a Gaussian");
    }
}
