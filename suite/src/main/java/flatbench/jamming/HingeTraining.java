package flatbench.jamming;

import flatbench.engine.Batch;
import flatbench.engine.Engine;
import flatbench.engine.Vec;
import flatbench.engine.VectorSpace;
import flatbench.train.GradientOracle;
import flatbench.train.Stepper;
import flatbench.train.UpdateRule;

/**
 * Full-batch training of a scalar-output net under the quadratic hinge until the loss stops
 * decreasing, and the gaps Δ_μ = 1 − y_μ f(x_μ) at its end.
 *
 * <p><b>Convergence.</b> An update rule (Adam in the jamming scenario, {@link Stepper}) at learning rate η₀ on the mean loss L = (1/P) Σ ½ max(0, Δ_μ)² over
 * all P patterns. Training stops when
 * <ul>
 * <li>2P·L ≤ {@link #GAP_FLOOR}², so every Δ_μ ≤ GAP_FLOOR ({@link Stop#SATISFIED}): at L = 0 the
 *     gradient vanishes and the net sits in the unjammed (over-parametrised) phase with N_Δ = 0;</li>
 * <li>the loss stalls at every learning rate ({@link Stop#STALLED}): after each window of
 *     {@code window} steps whose lowest loss is not below (1 − tolerance) times the lowest loss
 *     before it, η is halved (Adam keeps its moments), and below {@code minLearningRate} the net is
 *     taken as converged to a minimum with L &gt; 0 — the jammed phase (Adam at fixed η hovers
 *     around a minimum at a distance that shrinks with η, hence the halving);</li>
 * <li>or at the step budget ({@link Stop#BUDGET}, not converged: reported as such), or when the
 *     loss is not finite ({@link Stop#DIVERGED}).</li>
 * </ul>
 * Geiger et al.'s code runs Adam at 1e-4, halved every 10⁵ steps down to 1e-6, for up to 10⁶
 * steps and stops at N_Δ = 0; the plateau rule reaches the same two end states in far fewer steps
 * on the small nets here.
 */
public final class HingeTraining {
    private HingeTraining() {}

    /**
     * @param learningRate    η₀, Adam's initial step
     * @param window          steps per plateau check
     * @param tolerance       a window must lower the best loss by this fraction, or η is halved
     * @param minLearningRate η below which a stalled net counts as converged
     * @param maxSteps        the step budget
     */
    public record Schedule(double learningRate, int window, double tolerance, double minLearningRate, int maxSteps) {
        public Schedule {
            if (!(learningRate > 0) || window < 1 || !(tolerance > 0 && tolerance < 1) || !(minLearningRate > 0) || maxSteps < 0) {
                throw new IllegalArgumentException("bad schedule " + learningRate + ", " + window + ", " + tolerance + ", " + minLearningRate
                        + ", " + maxSteps);
            }
        }
    }

    /** Why training stopped. */
    public enum Stop {
        SATISFIED, STALLED, BUDGET, DIVERGED;

        /** Whether the net reached one of the two end states (N_Δ = 0, or a minimum with L &gt; 0). */
        public boolean converged() { return this == SATISFIED || this == STALLED; }
    }

    /**
     * @param steps        Adam steps taken
     * @param loss         L at the end
     * @param gaps         Δ_μ at the end, in pattern order
     * @param stop         why it stopped
     * @param learningRate η at the end
     * @param resolution   how far the gaps still moved over the last window, max_μ |Δ_μ(end) − Δ_μ(end − window)| (0 for a
     *                     satisfied net, NaN before a first window): patterns with |Δ| below it may still change side
     */
    public record Outcome(int steps, double loss, double[] gaps, Stop stop, double learningRate, double resolution) {
        /** N_Δ, the patterns with Δ &gt; {@link #GAP_FLOOR}. */
        public int unsatisfied() { return HingeTraining.unsatisfied(gaps); }

        /** Patterns whose side is not settled: 0 &lt; |Δ| ≤ the end resolution. */
        public int unsettled() {
            int n = 0;
            for (double g : gaps) if (Math.abs(g) <= resolution) n++;
            return n;
        }
    }

    /**
     * Δ at or below this counts as satisfied. 1 − y f is resolved to ~1e-16 in float64, so a net whose
     * last gaps are 1e-17 has satisfied them (its loss ~1e-34 is rounding, not a minimum with L &gt; 0);
     * 1e-9 sits far below the optimiser's own end resolution on these nets (reported per net) and far
     * above rounding.
     */
    public static final double GAP_FLOOR = 1e-9;

    /** N_Δ: the gaps above {@link #GAP_FLOOR}. */
    public static int unsatisfied(double[] gaps) {
        int n = 0;
        for (double g : gaps) if (g > GAP_FLOOR) n++;
        return n;
    }

    /**
     * Trains the engine's model from its current parameters on every pattern of the batch at once,
     * with the update rule (Adam in the scenario); a halving of η keeps the rule's buffers (Adam's
     * moments carry over, as a learning-rate schedule does).
     */
    public static Outcome train(Engine engine, Batch patterns, UpdateRule rule, Schedule s) {
        VectorSpace space = engine.vectors();
        double lr = s.learningRate(), bestBefore = Double.POSITIVE_INFINITY, bestInWindow = Double.POSITIVE_INFINITY;
        Stop stop = Stop.BUDGET;
        int step = 0;
        double[] windowGaps = null, before = null;
        // Full batch: every further gradient a rule asks for is the same batch's.
        GradientOracle full = (point, g) -> {
            engine.setParameters(point);
            return engine.lossAndGradient(patterns, g);
        };
        Stepper stepper = Stepper.of(rule, space, lr, 0);
        try (Vec grad = space.zeros(); Vec theta = engine.parameters()) {
            while (step < s.maxSteps()) {
                engine.setParameters(theta);
                double loss = engine.lossAndGradient(patterns, grad);
                if (!Double.isFinite(loss)) {
                    stop = Stop.DIVERGED;
                    break;
                }
                if (2 * patterns.size() * loss <= GAP_FLOOR * GAP_FLOOR) {  // then every Δ ≤ GAP_FLOOR
                    stop = Stop.SATISFIED;
                    break;
                }
                bestInWindow = Math.min(bestInWindow, loss);
                step++;
                stepper.update(theta, grad, step, full);
                if (step % s.window() == 0) {
                    engine.setParameters(theta);
                    before = windowGaps;
                    windowGaps = gaps(engine, patterns);
                    if (!(bestInWindow < (1 - s.tolerance()) * bestBefore)) {
                        if (lr / 2 < s.minLearningRate()) {
                            stop = Stop.STALLED;
                            break;
                        }
                        lr /= 2;
                        Stepper next = Stepper.of(rule, space, lr, 0);
                        next.restore(stepper.state());
                        stepper.close();
                        stepper = next;
                    }
                    bestBefore = Math.min(bestBefore, bestInWindow);
                    bestInWindow = Double.POSITIVE_INFINITY;
                }
            }
            engine.setParameters(theta);
        } finally {
            stepper.close();
        }
        double[] gaps = gaps(engine, patterns);
        // How far the gaps moved over the last whole window. A stop at a window's end (a stall, or the step budget when it is
        // a multiple of the window) has just taken windowGaps at the final θ, so it compares with the window before.
        double[] ref = step > 0 && step % s.window() == 0 ? before : windowGaps;
        double resolution = stop == Stop.SATISFIED ? 0 : ref == null ? Double.NaN : 0;
        if (stop != Stop.SATISFIED && ref != null) {
            for (int i = 0; i < gaps.length; i++) resolution = Math.max(resolution, Math.abs(gaps[i] - ref[i]));
        }
        return new Outcome(step, engine.loss(patterns), gaps, stop, lr, resolution);
    }

    /** Δ_μ = 1 − y_μ f(x_μ) at the engine's parameters (its outputs f under the hinge are {@code probabilities}). */
    public static double[] gaps(Engine engine, Batch patterns) {
        double[][] f = engine.probabilities(patterns);
        double[] d = new double[patterns.size()];
        for (int i = 0; i < d.length; i++) d[i] = 1 - patterns.labels()[i] * f[i][0];
        return d;
    }
}
