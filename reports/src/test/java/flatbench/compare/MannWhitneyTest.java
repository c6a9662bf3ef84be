package flatbench.compare;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.*;

class MannWhitneyTest {
    /** Samples without ties whose U statistic (pairs x &gt; y) is exactly {@code u}. */
    static double[][] samplesWithU(int n1, int n2, int u) {
        double[] y = IntStream.range(0, n2).asDoubleStream().toArray();
        double[] x = new double[n1];
        int rest = u;
        for (int i = 0; i < n1; i++) {
            int beats = Math.min(rest, n2);
            rest -= beats;
            x[i] = beats - 0.5 + i * 1e-3; // beats exactly `beats` of the y's; offsets keep x distinct
        }
        assertEquals(0, rest);
        return new double[][]{x, y};
    }

    /**
     * Critical values of U for a two-sided test at α = 0.05 from the published tables
     * (e.g. Zar, Biostatistical Analysis, table B.11): the largest U with p ≤ 0.05.
     */
    @ParameterizedTest
    @CsvSource({"3,5,0", "5,5,2", "6,6,5", "6,8,8", "8,8,13", "10,10,23", "20,20,127"})
    void exactPValuesReproduceTheCriticalValueTable(int n1, int n2, int critical) {
        double[][] at = samplesWithU(n1, n2, critical);
        double[][] above = samplesWithU(n1, n2, critical + 1);
        MannWhitney p = MannWhitney.test(at[0], at[1]);
        assertTrue(p.exact());
        assertEquals(critical, Math.min(p.u(), n1 * n2 - p.u()));
        assertTrue(p.pValue() <= 0.05, "p(U=" + critical + ") = " + p.pValue());
        assertTrue(MannWhitney.test(above[0], above[1]).pValue() > 0.05);
    }

    /** Enumerates all C(10,5) = 252 ways to split ranks 1..10 into two groups of 5: the exact null distribution. */
    @Test
    void exactPValuesMatchFullEnumerationForFiveAndFive() {
        int[] countU = new int[26];
        for (int mask = 0; mask < 1 << 10; mask++) {
            if (Integer.bitCount(mask) != 5) continue;
            int u = 0;
            for (int i = 0; i < 10; i++) for (int j = 0; j < 10; j++)
                if ((mask >> i & 1) == 1 && (mask >> j & 1) == 0 && i > j) u++;
            countU[u]++;
        }
        for (int u = 0; u <= 25; u++) {
            int le = 0, ge = 0;
            for (int k = 0; k <= u; k++) le += countU[k];
            for (int k = u; k <= 25; k++) ge += countU[k];
            double want = Math.min(1.0, 2.0 * Math.min(le, ge) / 252.0);
            double[][] s = samplesWithU(5, 5, u);
            assertEquals(want, MannWhitney.test(s[0], s[1]).pValue(), 1e-12, "U=" + u);
        }
    }

    /** The example of the scipy.stats.mannwhitneyu documentation (males vs females, U = 17). */
    @Test
    void scipyDocumentationExample() {
        double[] males = {19, 22, 16, 29, 24};
        double[] females = {20, 11, 17, 12};
        MannWhitney r = MannWhitney.test(males, females);
        assertEquals(17.0, r.u());
        assertTrue(r.exact());
        assertEquals(1.0 / 9.0, r.pValue(), 1e-12); // published: 0.1111
    }

    /** With ties: normal approximation with tie-corrected variance and continuity correction. */
    @Test
    void tiesFallBackToTieCorrectedNormalApproximation() {
        double[] x = {1, 2, 2, 3, 3, 3, 4, 5};
        double[] y = {3, 4, 4, 5, 5, 6, 7, 7, 8};
        MannWhitney r = MannWhitney.test(x, y);
        assertFalse(r.exact());
        assertEquals(7.5, r.u());
        // Reference: scipy.stats.mannwhitneyu(x, y) (scipy 1.17.1, method='asymptotic').
        // Hand check: tie counts 2,4,3,3,2 give sum(t^3-t) = 120, sigma = sqrt(72/12 (18 - 120/272)) = 10.26, z = 2.728.
        assertEquals(0.006373133838085873, r.pValue(), 1e-12);
    }

    @Test
    void largeSamplesUseTheNormalApproximation() {
        double[] x = IntStream.range(0, 60).mapToDouble(i -> i * 2.0).toArray();
        double[] y = IntStream.range(0, 60).mapToDouble(i -> i * 2.0 + 1).toArray();
        MannWhitney r = MannWhitney.test(x, y);
        assertFalse(r.exact());
        assertTrue(r.pValue() > 0.5, "interleaved samples are not different: p = " + r.pValue());
    }
}
