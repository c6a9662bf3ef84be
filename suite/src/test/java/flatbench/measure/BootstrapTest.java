package flatbench.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** What the bootstrap does with replicates that are undefined (NaN) or unbounded (+∞), as its comment says. */
class BootstrapTest {
    private static final int N = 40, RESAMPLES = 400;

    /** The weight of sample 0: 0 in about (1 − 1/n)ⁿ ≈ 37% of resamples. */
    private static double w0(double[] w) { return w[0]; }

    @Test void infiniteReplicatesAreKeptAndNaNOnesSkipped() {
        Bootstrap.Intervals iv = Bootstrap.intervals(N, RESAMPLES, 7, w -> Map.of(
                "unbounded", new double[] {w0(w) == 0 ? Double.POSITIVE_INFINITY : 1 / w0(w)},
                "undefined", new double[] {w0(w) == 0 ? Double.NaN : 1 / w0(w)},
                "mostlyUndefined", new double[] {w0(w) > 0 ? Double.NaN : 1}));
        assertEquals(Double.POSITIVE_INFINITY, iv.upper("unbounded")[0], "over a third of the replicates are +inf: the upper end is unbounded");
        assertTrue(Double.isFinite(iv.lower("unbounded")[0]));
        assertTrue(Double.isFinite(iv.upper("undefined")[0]), "NaN replicates are skipped, not sorted to an end");
        assertFalse(iv.has("mostlyUndefined"), "fewer than half the replicates defined: no interval");
    }
}
