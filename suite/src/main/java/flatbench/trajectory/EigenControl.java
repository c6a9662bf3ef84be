package flatbench.trajectory;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

import flatbench.engine.HostVectorSpace;
import flatbench.measure.BlockOperator;
import flatbench.measure.Lanczos;
import flatbench.measure.LinearOperator;
import flatbench.measure.LogLogFit;
import flatbench.measure.ProgressListener;
import flatbench.record.Estimate;

/**
 * The equilibrium control of Feng &amp; Tu's variance–flatness relation, built where its physics
 * holds: gradient descent plus isotropic Langevin noise that moves only one block of the weights
 * (the rest held fixed), analysed along the eigenvectors vⱼ of that block's Hessian P H P. Near a
 * minimum the block then samples exp(−L/T) of the quadratic ½ xᵀ H_BB x, so along vⱼ the variance is
 * 2T/(λⱼ(2 − ηλⱼ)) ≈ T/λⱼ, while the loss profile along vⱼ is L₀ + ½λⱼs² and its flatness (the width
 * below e·L₀) F = 2√(2(e − 1)L₀/λⱼ): σ² ∝ F², a slope of +2 on log–log axes.
 *
 * <p>Why not the trajectory's principal directions: along a fixed direction p that is not an
 * eigenvector the equilibrium variance is T·pᵀH⁻¹p ≥ T/(pᵀHp), and mixing in flat modes slows its
 * relaxation. Why the block alone moves: with every weight under noise, the block's marginal
 * covariance is T·(H⁻¹)_BB, the inverse of a Schur complement, not T·H_BB⁻¹, and the ReLU layers'
 * rescaling symmetries (zero curvature through the block and its neighbours) let it diffuse
 * without bound.
 */
public final class EigenControl {
    private EigenControl() {}

    /**
     * Lanczos residual tolerance, relative to the largest eigenvalue: the variance–flatness fit
     * needs directions whose λ is known to a few percent, and a vector that mixes near-degenerate
     * neighbours has their common λ anyway.
     */
    public static final double LANCZOS_TOLERANCE = 1e-2;
    /** Krylov steps per wanted eigenpair (at least {@link #MIN_LANCZOS_STEPS}). */
    static final int LANCZOS_STEPS_PER_PAIR = 3;
    static final int MIN_LANCZOS_STEPS = 60;
    /**
     * The control analyses a pair only when its residual ‖H vⱼ − λⱼvⱼ‖ is at most this times λⱼ: the
     * tolerance above is relative to λ₁, so for λⱼ ≪ λ₁ it allows errors of tens of percent in λⱼ and a
     * Ritz vector that mixes neighbours, whose equilibrium variance is not T/λⱼ.
     */
    public static final double CONTROL_RELATIVE_RESIDUAL = 0.05;

    /**
     * The block operator's top eigenpairs that are usable as normal modes: converged, with λ &gt; 0.
     *
     * @param values       λⱼ, largest first
     * @param vectors      unit vⱼ in the block's coordinates
     * @param residuals    ‖P H P vⱼ − λⱼvⱼ‖ of each kept pair
     * @param nonPositive  pairs among the top k with λ ≤ 0, left out (a trained ReLU net's block is rarely
     *                     convex everywhere; its negative eigenvalues lie below the top k and are not sought)
     * @param unconverged  pairs left out because their residual missed the tolerance
     * @param products     operator products Lanczos spent (residual checks excluded)
     */
    public record Spectrum(double[] values, double[][] vectors, double[] residuals, int nonPositive, int unconverged, int products) {
        /** rⱼ/λⱼ: the relative accuracy of each kept pair. */
        public double[] relativeResiduals() {
            double[] out = new double[values.length];
            for (int j = 0; j < out.length; j++) out[j] = residuals[j] / values[j];
            return out;
        }

        /** Whether pair j is accurate enough for the control ({@link #CONTROL_RELATIVE_RESIDUAL}). */
        public boolean accurate(int j) {
            return residuals[j] <= CONTROL_RELATIVE_RESIDUAL * values[j];
        }
    }

    /** Top-k eigenpairs of a block operator ({@link BlockOperator#restrict}) by Lanczos. */
    public static Spectrum spectrum(LinearOperator block, int dimension, int k, long seed, ProgressListener progress) {
        HostVectorSpace host = BlockOperator.space(dimension);
        int want = Math.min(k, dimension);
        int steps = Math.min(dimension, Math.max(LANCZOS_STEPS_PER_PAIR * want, MIN_LANCZOS_STEPS));
        try (Lanczos.Eigenpairs e = Lanczos.top(host, block, want, steps, LANCZOS_TOLERANCE, seed, progress)) {
            List<double[]> vectors = new ArrayList<>();
            List<Double> values = new ArrayList<>(), residuals = new ArrayList<>();
            int nonPositive = 0, unconverged = 0;
            for (int j = 0; j < e.values().length; j++) {
                if (!e.pairConverged()[j]) unconverged++;
                else if (!(e.values()[j] > 0)) nonPositive++;
                else {
                    values.add(e.values()[j]);
                    residuals.add(e.residuals()[j]);
                    vectors.add(host.toHost(e.vectors().get(j)));
                }
            }
            return new Spectrum(values.stream().mapToDouble(Double::doubleValue).toArray(), vectors.toArray(double[][]::new),
                    residuals.stream().mapToDouble(Double::doubleValue).toArray(), nonPositive, unconverged, e.steps());
        }
    }

    /** The half-width √(2(f − 1)L₀/λ) where a quadratic profile L₀ + ½λs² reaches f·L₀: a first bracket for the flatness search. */
    public static double quadraticHalfWidth(double meanLoss, double curvature, double factor) {
        return Math.sqrt(2 * (factor - 1) * meanLoss / curvature);
    }

    /** F²λ / (8(f − 1)L₀): exactly 1 when the profile along an eigenvector is the quadratic L₀ + ½λs². */
    public static double quadraticRatio(double flatness, double curvature, double meanLoss, double factor) {
        return flatness * flatness * curvature / (8 * (factor - 1) * meanLoss);
    }

    /**
     * What one control run gave.
     *
     * @param variances the window's sample variance (about its mean) of the projection on each direction
     * @param end       the block's point after the last step
     */
    public record Run(double[] variances, double[] end) {}

    /**
     * Runs θ ← θ − η∇L(θ) + √(2ηT)ξ on the block from {@code start}: {@code plan.burnIn()} steps, then the
     * window, recorded every {@code plan.every()} steps.
     *
     * @param gradient the block's gradient of the full loss at a block point (the other weights fixed)
     * @param progress told "control" with the steps done
     */
    public static Run langevin(UnaryOperator<double[]> gradient, double[] start, double eta, double temperature,
                                             Equilibration plan, double[][] directions, long seed, ProgressListener progress) {
        int d = start.length, total = plan.steps();
        double[] x = start.clone();
        double kick = Math.sqrt(2 * eta * temperature);
        SplittableRandom noise = new SplittableRandom(seed);
        Trajectory window = new Trajectory(0, d);
        for (int t = 1; t <= total; t++) {
            double[] g = gradient.apply(x);
            for (int i = 0; i < d; i++) x[i] += -eta * g[i] + kick * noise.nextGaussian();
            if (t > plan.burnIn() && (t - plan.burnIn()) % plan.every() == 0) window.record(x);
            if (t % 50 == 0 || t == total) progress.update("control", t, total);
        }
        return new Run(window.size() < 2 ? new double[directions.length] : window.variancesAlong(directions), x);
    }

    /**
     * (end − start)·vⱼ / σⱼ: how far the control moved along each direction in units of its stationary
     * spread. The start w̄ is not a stationary point (cross-entropy keeps a gradient at zero training
     * error), so a displacement of many σ along a direction says the block drifted there instead of
     * fluctuating about a minimum.
     */
    public static double[] displacement(double[] start, double[] end, double[][] directions, double[] variance) {
        double[] out = new double[variance.length];
        for (int j = 0; j < out.length; j++) {
            double s = 0;
            for (int i = 0; i < start.length; i++) s += (end[i] - start[i]) * directions[j][i];
            out[j] = s / Math.sqrt(variance[j]);
        }
        return out;
    }

    /**
     * The control's variances corrected for the window mean (each with its own τ = 1/(ηλ)), their
     * equilibrium check and the fit.
     *
     * @param plan        the control's window (its snapshots and their spacing)
     * @param curvature   λ of each analysed direction
     * @param flatness    F of each
     * @param raw         the window's sample variances along each
     * @param variance    raw / windowFraction: the stationary variance estimate
     * @param ratio       variance · λ(2 − ηλ)/(2T): 1 at equilibrium along an eigenvector of a quadratic
     * @param fit         least squares of log variance on log F
     * @param exponent    its slope with a 95% bootstrap interval over the directions
     */
    public record Analysis(double[] curvature, double[] flatness, double[] raw, double[] windowFraction, double[] variance, double[] ratio,
                           LogLogFit fit, Estimate exponent) {}

    public static Analysis analyse(double eta, double temperature, Equilibration plan, double[] curvature, double[] flatness, double[] raw,
                                   int resamples, long seed) {
        int m = raw.length;
        double[] shown = new double[m], variance = new double[m], ratio = new double[m];
        for (int j = 0; j < m; j++) {
            shown[j] = Equilibration.windowFraction(Equilibration.relaxationSteps(eta, curvature[j]), plan.samples(), plan.every());
            variance[j] = raw[j] / shown[j];
            ratio[j] = variance[j] * curvature[j] * (2 - eta * curvature[j]) / (2 * temperature);
        }
        return new Analysis(curvature, flatness, raw, shown, variance, ratio, LogLogFit.fit(flatness, variance),
                LogLogFit.slopeWithInterval(flatness, variance, resamples, seed));
    }
}
