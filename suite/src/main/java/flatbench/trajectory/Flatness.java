package flatbench.trajectory;

import java.util.function.DoubleUnaryOperator;

/**
 * The width of the interval around s = 0 where a loss profile L(s) stays below a threshold
 * (Feng & Tu: e·L(0)): on each side the first crossing is bracketed by doubling a step outward
 * and then located by bisection. A side whose loss stays below the threshold out to the search
 * limit is unbounded (+∞ width).
 *
 * @param lower      the crossing at s < 0 (−∞ when none within the limit)
 * @param upper      the crossing at s > 0 (+∞ when none)
 * @param evaluations loss evaluations spent
 */
public record Flatness(double lower, double upper, int evaluations) {

    public double width() { return upper - lower; }

    public boolean bounded() { return Double.isFinite(lower) && Double.isFinite(upper); }

    /**
     * @param profile           L(s)
     * @param threshold         the level; L(0) must lie below it
     * @param initialStep       the first step outward (a scale of the profile, e.g. the trajectory's spread)
     * @param relativeTolerance bisection stops when the bracket is below this fraction of |s|
     * @param limit             the farthest |s| searched
     */
    public static Flatness of(DoubleUnaryOperator profile, double threshold, double initialStep, double relativeTolerance, double limit) {
        if (!(initialStep > 0) || !(relativeTolerance > 0) || !(limit >= initialStep)) {
            throw new IllegalArgumentException("flatness needs a positive step, tolerance and limit ≥ step");
        }
        int[] count = {0};
        DoubleUnaryOperator counted = s -> {
            count[0]++;
            return profile.applyAsDouble(s);
        };
        double hi = crossing(counted, threshold, +1, initialStep, relativeTolerance, limit);
        double lo = crossing(counted, threshold, -1, initialStep, relativeTolerance, limit);
        return new Flatness(-lo, hi, count[0]);
    }

    /** The distance to the first crossing in one direction, +∞ when none within the limit. */
    private static double crossing(DoubleUnaryOperator f, double threshold, int sign, double step, double tol, double limit) {
        double inside = 0, outside = step;
        while (below(f, sign * outside, threshold)) {
            inside = outside;
            if (outside >= limit) return Double.POSITIVE_INFINITY;
            outside = Math.min(2 * outside, limit);
        }
        while (outside - inside > tol * outside) {
            double mid = 0.5 * (inside + outside);
            if (below(f, sign * mid, threshold)) inside = mid;
            else outside = mid;
        }
        return 0.5 * (inside + outside);
    }

    /** A NaN loss (overflow far from the minimum) counts as above the threshold. */
    private static boolean below(DoubleUnaryOperator f, double s, double threshold) {
        return f.applyAsDouble(s) < threshold;
    }
}
