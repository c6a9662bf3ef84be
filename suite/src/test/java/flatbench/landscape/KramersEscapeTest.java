package flatbench.landscape;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/**
 * Escape from the right well of V = h(x² − 1)² under overdamped Langevin dynamics at temperature
 * T: runs start at x = 1 and escape when they cross the barrier coordinate x = 0.
 */
class KramersEscapeTest {
    private static final double HEIGHT = 1, T = 0.2, ETA = 0.002;
    private static final int RUNS = 1500;

    private static double v(double x) { return HEIGHT * (x * x - 1) * (x * x - 1); }

    private static double exactMfpt(double x0) {
        return FirstPassage.exactMean(KramersEscapeTest::v, T, 0, x0, 3.5, 40_000);
    }

    /** Kramers' rate for well to well is √(V''(a)|V''(b)|)/(2π) e^{−ΔV/T}; reaching the barrier top takes half that mean time. */
    private static double kramersToBarrier() {
        return 0.5 * 2 * Math.PI / Math.sqrt(8 * HEIGHT * 4 * HEIGHT) * Math.exp(HEIGHT / T);
    }

    @Test void meanEscapeTimeMatchesTheExactIntegralAndKramers() {
        Ensemble.Result r = Ensemble.run(new DoubleWell(HEIGHT), Optimizer.Langevin.temperature(ETA, 1, T), Ensemble.replicate(new double[] {1}, RUNS),
                Ensemble.seeds(2024, RUNS), new Ensemble.Limits(5_000_000, 1e3), Ensemble.Basin.crossed(0, 0, true), null);
        assertEquals(0, FirstPassage.censoredFraction(r));
        double measured = FirstPassage.mean(r) * ETA;
        // Exponential first-passage times: the mean of N has relative standard error 1/√N.
        double se = measured / Math.sqrt(RUNS);
        double exact = exactMfpt(1);
        // Euler steps of η = 0.002 and checking the crossing once per step bias the time by well under 2%.
        assertEquals(exact, measured, 4 * se + 0.02 * exact, "simulated " + measured + ", exact " + exact);
        // Kramers is the ΔV/T → ∞ limit; at ΔV/T = 5 its next correction is of relative order T/ΔV.
        double kramers = kramersToBarrier();
        assertEquals(kramers, measured, 4 * se + (T / HEIGHT) * kramers, "simulated " + measured + ", Kramers " + kramers);
    }

    /**
     * The same integral on the escape landscape of the xie scenario: gradient descent on the mean
     * loss plus white noise is 1-D Langevin dynamics on MultiWell's profile, so in the diffusion limit
     * (ηλ = 0.1 here) its mean escape time is the integral's, within the Euler step's bias.
     */
    @Test void multiWellWhiteNoiseEscapeMatchesTheExactIntegral() {
        MultiWell f = MultiWell.generate(1, new double[] {1}, 400, 1.1, 5);
        double[] cp = f.criticalPoints(0);
        double lam = f.curvature(0, cp[2]), eta = 0.1 / lam, barrier = f.profile(0, cp[1]) - f.profile(0, cp[2]);
        double t = barrier / 3;
        int runs = 800;
        Ensemble.Result r = Ensemble.run(f, Optimizer.Langevin.temperature(eta, 1, t), Ensemble.replicate(new double[] {cp[2]}, runs),
                Ensemble.seeds(77, runs), new Ensemble.Limits(2_000_000, 1e3), Ensemble.Basin.crossed(0, cp[1], true), null);
        assertEquals(0, FirstPassage.censoredFraction(r));
        double measured = FirstPassage.mean(r) * eta, se = measured / Math.sqrt(runs);
        double exact = FirstPassage.exactMean(x -> f.profile(0, x), t, cp[1], cp[2], cp[2] + 6 / Math.sqrt(lam / t) + 2, 20_000);
        assertEquals(exact, measured, 4 * se + 0.05 * exact, "simulated " + measured + ", exact " + exact);
    }
}
