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

    /**
     * The exact mean first-passage time from x0 to 0 in 1-D, with the right side reflecting at
     * infinity: τ = (1/T) ∫₀^x0 dy e^{V(y)/T} ∫_y^∞ e^{−V(z)/T} dz (Gardiner §5.2.7), by the
     * trapezoidal rule on a fine grid.
     */
    private static double exactMfpt(double x0) {
        int n = 40_000;
        double hi = 3.5, dz = hi / n;
        double[] tail = new double[n + 1];  // ∫_{z_i}^hi e^{−V/T}
        for (int i = n - 1; i >= 0; i--) tail[i] = tail[i + 1] + 0.5 * dz * (Math.exp(-v(i * dz) / T) + Math.exp(-v((i + 1) * dz) / T));
        double sum = 0;
        int m = (int) Math.round(x0 / dz);
        for (int i = 0; i < m; i++) {
            sum += 0.5 * dz * (Math.exp(v(i * dz) / T) * tail[i] + Math.exp(v((i + 1) * dz) / T) * tail[i + 1]);
        }
        return sum / T;
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
}
