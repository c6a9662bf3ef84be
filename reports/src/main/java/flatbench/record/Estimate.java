package flatbench.record;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A measured value with its uncertainty, in the one form result.json uses for every metric that
 * has one: {@code {"value": v, "ci95": [lo, hi], "splitHalves": [a, b]}}. For an array metric
 * each of v, lo, hi, a and b is an array of the same length. Missing parts are absent; an
 * unbounded side of an interval is ±Infinity.
 *
 * @param value       the estimate (one entry for a scalar metric)
 * @param lower       lower ends of the 95% intervals, or null when none was computed
 * @param upper       upper ends, or null
 * @param halves      the values measured on two disjoint halves of the curvature data, or null
 * @param scalar      whether the metric is a single number (written as numbers, not arrays)
 */
public record Estimate(double[] value, double[] lower, double[] upper, double[][] halves, boolean scalar) {
    public static final String VALUE = "value", CI95 = "ci95", SPLIT_HALVES = "splitHalves";

    public Estimate {
        value = value.clone();
        if ((lower == null) != (upper == null)) throw new IllegalArgumentException("an interval needs both ends");
        if (lower != null && (lower.length != value.length || upper.length != value.length)) {
            throw new IllegalArgumentException("interval ends of length " + lower.length + " for " + value.length + " values");
        }
        if (halves != null && (halves.length != 2 || halves[0].length != value.length || halves[1].length != value.length)) {
            throw new IllegalArgumentException("split halves need two arrays of " + value.length + " values");
        }
        if (scalar && value.length != 1) throw new IllegalArgumentException("a scalar estimate has one value");
        lower = lower == null ? null : lower.clone();
        upper = upper == null ? null : upper.clone();
        halves = halves == null ? null : new double[][] {halves[0].clone(), halves[1].clone()};
    }

    public static Estimate of(double value) { return new Estimate(new double[] {value}, null, null, null, true); }

    public static Estimate of(double[] values) { return new Estimate(values, null, null, null, false); }

    public Estimate withInterval(double lo, double hi) {
        return new Estimate(value, new double[] {lo}, new double[] {hi}, halves, scalar);
    }

    public Estimate withInterval(double[] lo, double[] hi) { return new Estimate(value, lo, hi, halves, scalar); }

    public Estimate withHalves(double a, double b) { return new Estimate(value, lower, upper, new double[][] {{a}, {b}}, scalar); }

    public Estimate withHalves(double[] a, double[] b) { return new Estimate(value, lower, upper, new double[][] {a, b}, scalar); }

    /** The value of a scalar estimate. */
    public double number() { return value[0]; }

    public boolean hasInterval() { return lower != null; }

    public boolean hasHalves() { return halves != null; }

    public double lower(int i) { return lower[i]; }

    public double upper(int i) { return upper[i]; }

    /** "v [lo, hi]; halves a / b" for a scalar, the same per entry (up to three) for an array. */
    public String toText() {
        if (scalar) return entryText(0);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < Math.min(3, value.length); i++) b.append(i > 0 ? ", " : "").append(entryText(i));
        return b.append(value.length > 3 ? ", …" : "").toString();
    }

    private String entryText(int i) {
        StringBuilder b = new StringBuilder(num(value[i]));
        if (lower != null) b.append(" [").append(num(lower[i])).append(", ").append(num(upper[i])).append("]");
        if (halves != null) b.append("; halves ").append(num(halves[0][i])).append(" / ").append(num(halves[1][i]));
        return b.toString();
    }

    private static String num(double v) {
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        return String.format(java.util.Locale.ROOT, "%.4g", v);
    }

    /** The JSON-friendly object form. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(VALUE, scalar ? (Object) value[0] : value.clone());
        if (lower != null) m.put(CI95, scalar ? new double[] {lower[0], upper[0]} : new double[][] {lower.clone(), upper.clone()});
        if (halves != null) m.put(SPLIT_HALVES, scalar ? new double[] {halves[0][0], halves[1][0]} : new double[][] {halves[0].clone(), halves[1].clone()});
        return m;
    }

    /** Reads the object form (or a plain number or array, as older records hold); empty for anything else. */
    public static Optional<Estimate> from(Object node) {
        if (node instanceof Number n) return Optional.of(of(n.doubleValue()));
        if (node instanceof double[] a) return Optional.of(of(a));
        if (!(node instanceof Map<?, ?> m)) return Optional.empty();
        Object v = m.get(VALUE);
        boolean scalar = v instanceof Number;
        double[] value = scalar ? new double[] {((Number) v).doubleValue()} : v instanceof double[] a ? a : null;
        if (value == null) return Optional.empty();
        double[][] ci = pair(m.get(CI95), scalar);
        double[][] halves = pair(m.get(SPLIT_HALVES), scalar);
        try {
            return Optional.of(new Estimate(value, ci == null ? null : ci[0], ci == null ? null : ci[1], halves, scalar));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** [lo, hi] for a scalar, [[lo…], [hi…]] for an array, as read back from JSON. */
    private static double[][] pair(Object node, boolean scalar) {
        if (node == null) return null;
        if (scalar) return node instanceof double[] d && d.length == 2 ? new double[][] {{d[0]}, {d[1]}} : null;
        if (node instanceof double[][] d && d.length == 2) return d;
        if (node instanceof java.util.List<?> l && l.size() == 2 && l.get(0) instanceof double[] a && l.get(1) instanceof double[] b) {
            return new double[][] {a, b};
        }
        return null;
    }
}
