package flatbench.measure;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import flatbench.record.Estimate;

/** ψ-style fits: a planted power law is recovered, and the bootstrap over points covers it about 95% of the time. */
class LogLogFitIntervalTest {
    @Test
    void exactPowerLawGivesTheExponentWithAZeroWidthInterval() {
        double[] f = {0.3, 0.5, 1, 2, 5, 9}, s2 = new double[f.length];
        for (int i = 0; i < f.length; i++) s2[i] = 0.7 * Math.pow(f[i], -4);
        Estimate e = LogLogFit.slopeWithInterval(f, s2, 500, 1);
        assertEquals(-4, e.number(), 1e-12);
        assertEquals(-4, e.lower(0), 1e-9);
        assertEquals(-4, e.upper(0), 1e-9);
    }

    @Test
    void intervalsCoverThePlantedExponentAtAboutTheirLevel() {
        // 200 data sets of 30 directions with log-normal scatter; a 95% interval should miss ~10 of 200.
        // The percentile bootstrap of a least-squares slope undercovers slightly at n = 30: accept 85% or more.
        SplittableRandom r = new SplittableRandom(5);
        int sets = 200, n = 30, covered = 0;
        double widthSum = 0;
        for (int s = 0; s < sets; s++) {
            double[] f = new double[n], s2 = new double[n];
            for (int i = 0; i < n; i++) {
                f[i] = Math.exp(2 * r.nextDouble());
                s2[i] = Math.pow(f[i], -4) * Math.exp(0.5 * gaussian(r));
            }
            Estimate e = LogLogFit.slopeWithInterval(f, s2, 400, s);
            if (e.lower(0) <= -4 && -4 <= e.upper(0)) covered++;
            widthSum += e.upper(0) - e.lower(0);
        }
        assertTrue(covered >= 0.85 * sets && covered <= sets - 2, "coverage " + covered + " of " + sets);
        // the slope's standard error here is about 0.5/√(n·Var(log F)) = 0.5/√(30/3) ≈ 0.16: width ≈ 4 × 0.16
        double width = widthSum / sets;
        assertTrue(width > 0.4 && width < 1.0, "mean width " + width);
    }

    static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }
}
