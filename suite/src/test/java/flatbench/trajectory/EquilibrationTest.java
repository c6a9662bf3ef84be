package flatbench.trajectory;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

import flatbench.engine.HostVectorSpace;
import flatbench.measure.LogLogFit;
import flatbench.train.LangevinNoise;

/**
 * Feng &amp; Tu's control on a case with a known answer: gradient descent plus isotropic Langevin
 * noise on L(x) = L₀ + ½Σλᵢxᵢ², six curvatures a factor 2 apart, started far from the minimum and
 * run for the burn-in and window {@link Equilibration} plans. Along coordinate i the chain is AR(1)
 * with stationary variance 2T/(λᵢ(2 − ηλᵢ)) and the flatness of a quadratic is ∝ 1/√λᵢ, so log σ²
 * on log F has slope 2 (slightly less: the discrete correction, computed exactly below). The same
 * pipeline as the scenario measures it: {@link Trajectory#variancesAlong}, {@link Flatness} of the
 * loss profile through the trajectory's mean, {@link LogLogFit}.
 */
class EquilibrationTest {
    static final double ETA = 0.1, TEMPERATURE = 1e-3, BASE_LOSS = 1;
    static final double[] LEVELS = {0.05, 0.1, 0.2, 0.4, 0.8, 1.6};
    static final int PER_LEVEL = 40;

    @Test
    void plannedControlOnAQuadraticGivesSlopeTwoWithinItsSamplingError() {
        double[] lambda = curvatures();
        Equilibration plan = Equilibration.plan(ETA, LEVELS, 2000, 3);
        assertTrue(plan.equilibrated());
        assertEquals(LEVELS.length, plan.directions().length, "τ_max = 200 steps: 6τ fit in 2,000");
        assertEquals(400, plan.burnIn(), "2 relaxation times of the slowest, 1/(0.1·0.05) = 200 steps");
        Run run = simulate(lambda, plan.burnIn(), plan.window(), plan.every());
        double[] corrected = new double[lambda.length];
        for (int i = 0; i < lambda.length; i++) {
            corrected[i] = run.variance[i] / Equilibration.windowFraction(Equilibration.relaxationSteps(ETA, lambda[i]), plan.samples(), plan.every());
        }

        double expected = LogLogFit.fit(run.flatness, discreteVariances(lambda)).slope();
        double measured = LogLogFit.fit(run.flatness, corrected).slope();
        double raw = LogLogFit.fit(run.flatness, run.variance).slope();
        double se = slopeStandardError(lambda, run.flatness, plan.window() / plan.every(), plan.every());
        assertEquals(2, expected, 0.1, "the discrete chain's correction is small at ηλ ≤ 0.16");
        assertTrue(se < 0.1, "the test resolves the slope: " + se);
        assertEquals(expected, measured, 4 * se, "slope of log σ² on log F; standard error " + se);
        assertTrue(expected - raw > 4 * se, "without the window correction the flattest variances are short and the slope low: " + raw);
    }

    @Test
    void withoutBurnInAndWindowTheControlMissesTheEquilibriumSlope() {
        // 20 steps from the minimum: every coordinate diffuses by about 2ηT·t whatever its curvature (slope ≈ 0)
        double[] lambda = curvatures();
        Run run = simulate(lambda, 0, 20, 1, 0);
        double measured = LogLogFit.fit(run.flatness, run.variance).slope();
        assertTrue(Math.abs(measured - 2) > 1, "a short unequilibrated window does not give +2: " + measured);
    }

    @Test
    void windowFractionMatchesItsLimits() {
        assertEquals(1, Equilibration.windowFraction(0.5, 50, 1), 1e-12, "independent samples: s² is unbiased");
        // W = 4000 steps ≫ τ = 100: about 1 − 2τ/W = 0.95
        assertEquals(0.95, Equilibration.windowFraction(100, 4000, 1), 2e-3);
        // continuous limit 1 − 2τ/W + 2(τ/W)²(1 − e^(−W/τ)): a window of 4τ shows 0.623
        assertEquals(1 - 0.5 + 2 / 16.0 * (1 - Math.exp(-4)), Equilibration.windowFraction(1000, 4000, 1), 2e-3);
    }

    @Test
    void planKeepsTheDirectionsThatEquilibrateAndFlagsAShortBudget() {
        // τ = 1/(0.1 λ): 10, 100, 1000 steps and one direction without curvature
        Equilibration p = Equilibration.plan(0.1, new double[] {0.01, 1, Double.NaN, 0.1}, 700, 2);
        assertArrayEquals(new int[] {1, 3}, p.directions(), "τ ≤ 700/6 only, fastest first");
        assertArrayEquals(new double[] {10, 100}, p.relaxationSteps(), 1e-9);
        assertEquals(200, p.burnIn());
        assertEquals(400, p.window());
        assertEquals(5, p.every(), "half the fastest relaxation time");
        assertTrue(p.equilibrated());

        Equilibration short_ = Equilibration.plan(0.1, new double[] {0.01, 1, 0.1}, 100, 2);
        assertFalse(short_.equilibrated(), "only τ = 10 fits 6τ into 100 steps");
        assertArrayEquals(new int[] {1, 2}, short_.directions());
        assertEquals(100, short_.steps(), "the whole budget, shared as 2 : 4");
        assertEquals(33, short_.burnIn());
    }

    private static double[] curvatures() {
        double[] lambda = new double[LEVELS.length * PER_LEVEL];
        for (int i = 0; i < lambda.length; i++) lambda[i] = LEVELS[i / PER_LEVEL];
        return lambda;
    }

    private static double[] discreteVariances(double[] lambda) {
        double[] v = new double[lambda.length];
        for (int i = 0; i < v.length; i++) v[i] = 2 * TEMPERATURE / (lambda[i] * (2 - ETA * lambda[i]));
        return v;
    }

    record Run(double[] variance, double[] flatness) {}

    private static Run simulate(double[] lambda, int burnIn, int window, int every) { return simulate(lambda, burnIn, window, every, 1); }

    /** GD plus Langevin noise from x = start·(1, …, 1), recorded every few steps of the window; variance and flatness along each coordinate. */
    private static Run simulate(double[] lambda, int burnIn, int window, int every, double start) {
        int d = lambda.length;
        HostVectorSpace space = new HostVectorSpace(d);
        HostVectorSpace.HostVec x = space.zeros();
        java.util.Arrays.fill(x.data(), start);
        LangevinNoise noise = new LangevinNoise(TEMPERATURE, 7);
        Trajectory trajectory = new Trajectory(0, d);
        for (int step = 1; step <= burnIn + window; step++) {
            double[] v = x.data();
            for (int i = 0; i < d; i++) v[i] -= ETA * lambda[i] * v[i];
            noise.perturb(space, x, ETA, step);
            if (step > burnIn && (step - burnIn) % every == 0) trajectory.record(v);
        }
        double[][] axes = new double[d][d];
        for (int i = 0; i < d; i++) axes[i][i] = 1;
        double[] mean = trajectory.meanParameters();
        double[] flatness = new double[d];
        for (int i = 0; i < d; i++) {
            int axis = i;
            java.util.function.DoubleUnaryOperator profile = s -> {
                double l = BASE_LOSS;
                for (int j = 0; j < d; j++) {
                    double y = mean[j] + (j == axis ? s : 0);
                    l += 0.5 * lambda[j] * y * y;
                }
                return l;
            };
            flatness[i] = Flatness.of(profile, Math.E * profile.applyAsDouble(0), 0.01, 1e-6, 1e6).width();
        }
        return new Run(trajectory.variancesAlong(axes), flatness);
    }

    /**
     * The slope's standard error from the sampling error of each variance: M snapshots every e steps
     * of an AR(1) chain with ρ = 1 − ηλ give a sample variance with relative variance
     * (2/M)(1 + r)/(1 − r), r = ρ^(2e); propagated through least squares in x = log F.
     */
    private static double slopeStandardError(double[] lambda, double[] flatness, int samples, int every) {
        int n = lambda.length;
        double mx = 0;
        for (double f : flatness) mx += Math.log(f) / n;
        double sxx = 0, num = 0;
        for (int i = 0; i < n; i++) {
            double dx = Math.log(flatness[i]) - mx;
            double r = Math.pow(1 - ETA * lambda[i], 2.0 * every);
            double varLog = 2.0 / samples * (1 + r) / (1 - r);
            sxx += dx * dx;
            num += dx * dx * varLog;
        }
        return Math.sqrt(num) / sxx;
    }
}
