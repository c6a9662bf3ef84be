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

    /**
     * A statistic whose replicates all sit on one side of its estimate: −Σwᵢ² is −1/n for the
     * measurement (equal weights) and about −2/n on every resample (repeated samples concentrate
     * the weights), as the subspace overlap's replicates sit below it where C's eigenvalues crowd.
     * The percentile interval excludes the estimate; the reported interval holds it.
     */
    @Test void theReportedIntervalHoldsItsEstimateWhereThePercentileIntervalDoesNot() {
        double estimate = -1.0 / N;
        Bootstrap.Intervals iv = Bootstrap.intervals(N, RESAMPLES, 3, w -> {
            double s = 0;
            for (double x : w) s += x * x;
            return Map.of("concentration", new double[] {-s, s});
        });
        double lo = iv.lower("concentration")[0], hi = iv.upper("concentration")[0];
        assertTrue(hi < estimate, "the percentile interval [" + lo + ", " + hi + "] lies below the estimate " + estimate);
        flatbench.record.Estimate e = iv.estimate("concentration", new double[] {estimate, -estimate});
        assertEquals(lo, e.lower(0), "the far end stays the percentile's");
        assertEquals(estimate, e.upper(0), "the near end reaches the estimate");
        assertTrue(e.lower(1) == -estimate && e.upper(1) == iv.upper("concentration")[1], "and from below for a statistic biased up");
        flatbench.record.Estimate inside = iv.estimate("concentration", new double[] {(lo + hi) / 2, -(lo + hi) / 2});
        assertEquals(lo, inside.lower(0), "an estimate inside its percentile interval leaves it alone");
        assertEquals(hi, inside.upper(0));
    }
}
