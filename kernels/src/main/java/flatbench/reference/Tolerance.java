package flatbench.reference;

/**
 * How far a kernel's output may lie from its float64 reference: |actual − expected| ≤
 * absolute + relative·|expected|. Each operation keeps its own constant beside its reference.
 */
public record Tolerance(double absolute, double relative) {

    /** For kernels that compute in float64: they differ from the reference only by summation order. */
    public static final Tolerance FLOAT64 = new Tolerance(1e-11, 1e-9);

    public Tolerance {
        if (!(absolute >= 0) || !(relative >= 0)) throw new IllegalArgumentException("tolerances must be non-negative");
    }

    public boolean accepts(double expected, double actual) {
        return Math.abs(actual - expected) <= absolute + relative * Math.abs(expected);
    }

    /** Index of the first element outside the tolerance, or −1 when all agree (lengths must match). */
    public int firstMismatch(double[] expected, double[] actual) {
        if (expected.length != actual.length) {
            throw new IllegalArgumentException("compared arrays differ in length: " + expected.length + " vs " + actual.length);
        }
        for (int i = 0; i < expected.length; i++) {
            if (!accepts(expected[i], actual[i])) return i;
        }
        return -1;
    }

    /** Up to {@code max} mismatches as "index: expected vs actual" lines, empty when all agree. */
    public String describeMismatches(double[] expected, double[] actual, int max) {
        StringBuilder s = new StringBuilder();
        int shown = 0, total = 0;
        for (int i = 0; i < expected.length && i < actual.length; i++) {
            if (accepts(expected[i], actual[i])) continue;
            total++;
            if (shown < max) {
                s.append(i).append(": ").append(expected[i]).append(" vs ").append(actual[i]).append('\n');
                shown++;
            }
        }
        if (total > shown) s.append("… ").append(total - shown).append(" more\n");
        return s.toString();
    }
}
