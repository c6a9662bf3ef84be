package flatbench.measure;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import flatbench.engine.HostVectorSpace;

/**
 * A planted power law C_ii = a·H_ii^γ·e^{τε} seen through a real Hutchinson estimate of H's
 * diagonal: the split-probe instrumental-variable fit recovers γ within its interval, where the
 * plain least-squares line on every positive estimate (the previous estimator) is flattened by
 * the estimate's noise and misses it.
 */
class DiagonalPowerLawTest {
    private static final double GAMMA = 1.6;
    private static final int P = 1500, PROBES = 100;

    /** Diagonal log-uniform over three decades plus off-diagonal mass that makes Hutchinson noisy. */
    private record Planted(double[][] a, double[] diag, double[] c) {
        static Planted draw(long seed) {
            SplittableRandom r = new SplittableRandom(seed);
            double[] d = new double[P];
            for (int i = 0; i < P; i++) d[i] = Math.pow(10, -3 + 3 * r.nextDouble());
            double[][] a = new double[P][P];
            for (int i = 0; i < P; i++) {
                a[i][i] = d[i];
                for (int j = 0; j < i; j++) {
                    double v = 1.5 * Math.sqrt(d[i] * d[j]) * r.nextGaussian() / Math.sqrt(P);
                    a[i][j] = v;
                    a[j][i] = v;
                }
            }
            double[] c = new double[P];
            for (int i = 0; i < P; i++) c[i] = 0.5 * Math.pow(d[i], GAMMA) * Math.exp(0.3 * r.nextGaussian());
            return new Planted(a, d, c);
        }

        Hutchinson.Estimate hutchinson(long seed) {
            HostVectorSpace space = new HostVectorSpace(P);
            LinearOperator op = (v, out) -> {
                double[] x = space.data(v), y = space.data(out);
                for (int i = 0; i < P; i++) y[i] = DenseReference.dot(a[i], x);
            };
            return Hutchinson.estimate(space, op, PROBES, seed, ProgressListener.NONE);
        }
    }

    @Test
    void plantedExponentLiesInsideTheIntervalWhereTheNaiveFitMissesIt() {
        int draws = 10, covered = 0, naiveMissed = 0;
        StringBuilder log = new StringBuilder();
        for (int s = 0; s < draws; s++) {
            Planted pl = Planted.draw(100 + s);
            Hutchinson.Estimate h = pl.hutchinson(200 + s);
            DiagonalPowerLaw f = DiagonalPowerLaw.fit(h, pl.c());
            LogLogFit naive = LogLogFit.fit(h.diagonal(), pl.c());
            log.append(String.format("γ %.3f [%.3f, %.3f] on %d entries, naive %.3f%n", f.gamma(), f.lower(), f.upper(), f.entries(), naive.slope()));
            if (f.lower() <= GAMMA && GAMMA <= f.upper()) covered++;
            if (naive.slope() < f.lower() || naive.slope() > f.upper()) naiveMissed++;
        }
        // 95% intervals: at least 8 of 10 cover (binomial tail below 8 is 1.2%).
        assertTrue(covered >= 8, "planted γ = " + GAMMA + " covered " + covered + " of " + draws + " times:\n" + log);
        assertTrue(naiveMissed >= 8, "the naive fit should miss: \n" + log);
    }

    @Test
    void withAnExactDiagonalItIsOrdinaryLeastSquares() {
        Planted pl = Planted.draw(7);
        double[] zero = new double[P];
        DiagonalPowerLaw f = DiagonalPowerLaw.fit(pl.diag(), zero, pl.diag(), zero, pl.c(), true);
        LogLogFit ols = LogLogFit.fit(pl.diag(), pl.c());
        assertEquals(ols.slope(), f.gamma(), 1e-9);
        assertEquals(ols.intercept(), f.intercept(), 1e-9);
        assertEquals(P, f.entries());
        assertTrue(f.lower() <= GAMMA && GAMMA <= f.upper(), f.toString());
    }

    @Test
    void tooFewResolvedEntriesGiveNoFit() {
        double[] h = {1, 0.1, 2}, se = {1, 1, 0.1};
        DiagonalPowerLaw f = DiagonalPowerLaw.fit(h, se, h, se, new double[] {1, 1, 1}, false);
        assertTrue(Double.isNaN(f.gamma()));
        assertEquals(1, f.entries());
    }

    /**
     * The selection reads A and both halves' standard errors, never B's value: an entry A resolves
     * against its own small error but not against B's larger one is not selected, whatever B's sign;
     * a selected entry whose B is not positive (log needs it) is left out and counted, not hidden.
     */
    @Test
    void theSelectionNeverReadsTheAbscissaHalfAndWhatLogCannotTakeIsCounted() {
        double[] a = {1, 2, 3, 4, 5, 6}, aSe = {0.1, 0.1, 0.1, 0.1, 0.1, 0.1};
        double[] bSe = {0.1, 0.1, 0.1, 0.1, 0.1, 2.5}; // entry 5: 6 > 3·0.1 but not > 3·2.5
        double[] c = {1, 4, 9, 16, 25, 36};
        double[] b = a.clone();
        b[3] = -0.2; // selected (4 > 3·0.1) but B is not positive
        DiagonalPowerLaw f = DiagonalPowerLaw.fit(a, aSe, b, bSe, c, false);
        assertEquals(4, f.entries(), "entries 0, 1, 2, 4");
        assertEquals(1, f.droppedEntries(), "entry 3 is counted");
        assertEquals(2, f.gamma(), 0.05, "C = H² on the entries fitted");
        double[] bPositive = b.clone();
        bPositive[5] = -7;
        assertEquals(f, DiagonalPowerLaw.fit(a, aSe, bPositive, bSe, c, false), "entry 5 was never selected: its B does not matter");
    }
}
