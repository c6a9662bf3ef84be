package flatbench.trajectory;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * How long gradient descent plus isotropic Langevin noise must run before, and while, its variance
 * along a set of directions is read as the equilibrium one. Along a direction of curvature λ the
 * chain x ← (1 − ηλ)x + √(2ηT)ξ forgets its start as (1 − ηλ)^t ≈ e^(−t/τ), τ = 1/(ηλ) steps
 * (its variance as e^(−2t/τ)), and the integrated autocorrelation time of x² is (1 + ρ²)/(1 − ρ²)
 * ≈ τ steps (ρ = 1 − ηλ). So the burn-in is a number of relaxation times of the slowest analysed
 * direction, and so is the window: over W steps the variance along a direction is known to a
 * relative standard error of about √(2τ/W).
 *
 * <p>Directions that cannot equilibrate within the step budget (τ > budget / (burn-in + window
 * relaxations), or λ not positive) are left out. When fewer than {@code minimum} directions
 * qualify, the {@code minimum} fastest are kept anyway and {@link #equilibrated()} is false: the
 * caller must say so beside any number it derives.
 *
 * @param directions      indices (into the curvature array) of the analysed directions, fastest first
 * @param relaxationSteps τ = 1/(ηλ) of each analysed direction
 * @param burnIn          steps before the window
 * @param window          steps in the window
 * @param every           steps between snapshots in the window (about τ of the fastest direction / 2)
 * @param equilibrated    whether every analysed direction gets the full burn-in and window
 */
public record Equilibration(int[] directions, double[] relaxationSteps, int burnIn, int window, int every, boolean equilibrated) {

    /**
     * Relaxation times of burn-in: the slowest direction's variance deficit falls to e^(−4) = 2% (the
     * variance relaxes at twice the rate of the mean), its memory of the start point to e^(−2), which
     * then decays by a further e^(−4) over the window.
     */
    public static final double BURN_IN_RELAXATIONS = 2;
    /**
     * Relaxation times in the window: the slowest direction's variance known to about √(2/4) ≈ 70%,
     * faster ones better; the window mean absorbs part of it (see {@link #windowFraction}). Together
     * with the burn-in, six relaxation times: what standard scale affords.
     */
    public static final double WINDOW_RELAXATIONS = 4;

    /** The relaxation time 1/(ηλ) in steps (+∞ when λ is not positive). */
    public static double relaxationSteps(double learningRate, double curvature) {
        return curvature > 0 ? 1 / (learningRate * curvature) : Double.POSITIVE_INFINITY;
    }

    /**
     * @param learningRate η of the gradient step
     * @param curvature    λ along each candidate direction (non-finite or ≤ 0: never equilibrates)
     * @param budget       the most steps (burn-in + window) the caller can afford
     * @param minimum      the fewest directions to analyse
     */
    public static Equilibration plan(double learningRate, double[] curvature, int budget, int minimum) {
        if (!(learningRate > 0) || budget < 2 || minimum < 1) throw new IllegalArgumentException("an equilibration plan needs η > 0, a budget of 2+ steps and a minimum of 1+ directions");
        double relaxations = BURN_IN_RELAXATIONS + WINDOW_RELAXATIONS;
        double[] tau = Arrays.stream(curvature).map(l -> Double.isFinite(l) ? relaxationSteps(learningRate, l) : Double.POSITIVE_INFINITY).toArray();
        int[] order = IntStream.range(0, tau.length).boxed().sorted((a, b) -> Double.compare(tau[a], tau[b])).mapToInt(i -> i).toArray();
        int n = 0;
        while (n < order.length && tau[order[n]] * relaxations <= budget) n++;
        boolean equilibrated = n >= minimum;
        if (!equilibrated) {
            n = 0;
            while (n < Math.min(minimum, order.length) && Double.isFinite(tau[order[n]])) n++;
        }
        int[] chosen = Arrays.copyOf(order, n);
        double[] times = Arrays.stream(chosen).mapToDouble(i -> tau[i]).toArray();
        if (n == 0) return new Equilibration(chosen, times, 0, budget, 1, false);
        double slowest = times[n - 1];
        int burnIn, window;
        if (equilibrated) {
            burnIn = (int) Math.ceil(BURN_IN_RELAXATIONS * slowest);
            window = (int) Math.ceil(WINDOW_RELAXATIONS * slowest);
        } else {  // the budget shared in the same proportion
            burnIn = (int) Math.floor(budget * BURN_IN_RELAXATIONS / relaxations);
            window = budget - burnIn;
        }
        int every = (int) Math.max(1, Math.min(Math.floor(times[0] / 2), window / 3.0));
        return new Equilibration(chosen, times, burnIn, window, every, equilibrated);
    }

    /**
     * The expected fraction of the stationary variance that the sample variance (about the window's
     * own mean) of an AR(1) chain with relaxation time τ shows when sampled {@code samples} times
     * every {@code every} steps: E[s²]/σ² = M/(M − 1)·(1 − Var(x̄)/σ²), Var(x̄)/σ² = (M + 2Σₖ (M − k) rᵏ)/M²,
     * r = (1 − 1/τ)^e. About 1 − 2τ/W for a window of W ≫ τ steps; a window of 4τ shows 62%.
     */
    public static double windowFraction(double tau, int samples, int every) {
        if (samples < 2) return Double.NaN;
        double r = tau > 1 ? Math.pow(1 - 1 / tau, every) : 0;
        double sum = samples, rk = 1;
        for (int k = 1; k < samples; k++) {
            rk *= r;
            sum += 2.0 * (samples - k) * rk;
        }
        return (double) samples / (samples - 1) * (1 - sum / ((double) samples * samples));
    }

    /** The snapshots the window holds. */
    public int samples() { return window / every; }

    /** Burn-in plus window. */
    public int steps() { return burnIn + window; }
}
