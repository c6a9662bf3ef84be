package flatbench.scenario;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import flatbench.landscape.Ensemble;

/** The pieces of the yang-tang-tu and xie scenarios that have known answers. */
class LandscapeScenarioPartsTest {
    /**
     * The mini-batch draws of xie (a): B rows with replacement give σ²(B)·B = s² in expectation.
     * M mini-batch means of nearly Gaussian rows give a sample variance with relative standard
     * error √(2/(M − 1)), so r_B = σ̂²(B)·B/s² must lie within 5 of those of 1 for every B — and a
     * draw of B rows without replacement would miss by (n − B)/(n − 1) for B = 64 of n = 80 (−0.8).
     */
    @Test void drawnMiniBatchVarianceIsTheRowVarianceOverB() {
        int n = 80, m = 4000;
        SplittableRandom g = new SplittableRandom(3);
        double[][] rows = new double[n][2];
        for (double[] r : rows) {
            r[0] = g.nextGaussian();
            r[1] = 3 + 0.2 * g.nextGaussian();
        }
        int[] batches = {1, 8, 64};
        double[][] v = XieScenario.drawnVariances(rows, batches, m, new SplittableRandom(9));
        for (int j = 0; j < 2; j++) {
            double mean = 0, s2 = 0;
            for (double[] r : rows) mean += r[j] / n;
            for (double[] r : rows) s2 += (r[j] - mean) * (r[j] - mean) / n;
            for (int bi = 0; bi < batches.length; bi++) {
                double ratio = v[bi][j] * batches[bi] / s2;
                assertEquals(1, ratio, 5 * Math.sqrt(2.0 / (m - 1)), "B = " + batches[bi] + ", column " + j);
            }
        }
    }

    /** The three-term weighted fit recovers a planted ln τ = a + b x + c ln x exactly, and the two-term one a line. */
    @Test void weightedFitRecoversPlantedCoefficients() {
        double[] x = {1, 1.5, 2, 3, 5}, lnx = new double[5], tau = new double[5], d = {10, 20, 30, 40, 50};
        for (int i = 0; i < 5; i++) {
            lnx[i] = Math.log(x[i]);
            tau[i] = Math.exp(0.3 + 2 * x[i] + 1.1 * lnx[i]);
        }
        double[] f = XieScenario.weightedFit(x, lnx, tau, d);
        assertArrayEquals(new double[] {0.3, 2, 1.1}, f, 1e-9);
        for (int i = 0; i < 5; i++) tau[i] = Math.exp(-1 + 0.5 * x[i]);
        assertArrayEquals(new double[] {-1, 0.5}, XieScenario.weightedFit(x, null, tau, d), 1e-9);
    }

    @Test void weightedLineFitsAndMeasuresTheMisfit() {
        double[] x = {0, 1, 2, 3}, y = {1, 3, 5, 7}, v = {1, 2, 3, 4};
        double[] f = YangTangTuScenario.weightedLine(x, y, v);
        assertEquals(2, f[0], 1e-12);
        assertEquals(1, f[1], 1e-12);
        assertEquals(0, f[2], 1e-12);
        y[3] = 8;  // one residual: χ² is Σ v r² over n − 2
        assertTrue(YangTangTuScenario.weightedLine(x, y, v)[2] > 0);
        assertEquals(2.5, YangTangTuScenario.interceptAtZero(new double[] {0.1, 0.05}, new double[] {3.5, 3}), 1e-12);
    }

    @Test void weightedMedianHandlesCensoredRuns() {
        double inf = Double.POSITIVE_INFINITY;
        assertEquals(2, YangTangTuScenario.weightedMedian(new double[] {3, 1, 2, inf}, new double[] {1, 1, 1, 1}));
        assertEquals(inf, YangTangTuScenario.weightedMedian(new double[] {1, inf, inf}, new double[] {1, 1, 1}), "more than half censored");
        assertEquals(3, YangTangTuScenario.weightedMedian(new double[] {1, 3}, new double[] {0, 2}));
    }

    /** Streams keyed by (root, tag, index) do not coincide where root + 31i, root + 977i, root ^ 2 and root + 2 did. */
    @Test void keyedStreamsAreDistinct() {
        java.util.Set<Long> seen = new java.util.HashSet<>();
        for (long root : new long[] {1, 2, 3}) {
            for (String tag : new String[] {"convergence", "divergence", "escape", "bootstrap"}) {
                for (int i = 0; i < 50; i++) assertTrue(seen.add(Ensemble.stream(root, tag, i)), root + " " + tag + " " + i);
            }
        }
    }

    /**
     * Planted exponential escape times (means 40 and 200 steps, η = 0.5) censored at 300 steps: each setting's τ
     * (t = η·steps) recovers its mean, its bootstrap interval over runs holds it and is about as wide as the
     * exponential's 2·1.96·τ/√escapes; the slope of ln τ is ln(5)/(x₂ − x₁).
     */
    @Test void sweepTimesAndIntervalsOfPlantedExponentials() {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(21);
        XieScenario.SweepBuilder b = new XieScenario.SweepBuilder(2);
        double[] means = {40, 200};
        int runs = 2000;
        long budget = 300;
        for (int i = 0; i < 2; i++) {
            double[] exits = new double[runs];
            for (int r = 0; r < runs; r++) {
                long t = (long) Math.ceil(-means[i] * Math.log(1 - rng.nextDouble()));
                exits[r] = t <= budget ? t : -1;
            }
            b.add(i, i + 1, 0.5, exits, budget);
        }
        XieScenario.Sweep s = b.line(400, 3);
        for (int i = 0; i < 2; i++) {
            double truth = 0.5 * (means[i] + 0.5);  // ceil() adds half a step
            double escaped = java.util.Arrays.stream(s.exits()[i]).filter(t -> t >= 0).count();
            double se = s.tau()[i] / Math.sqrt(escaped);
            assertEquals(truth, s.tau()[i], 4 * se);
            assertTrue(s.tauCi()[i][0] < truth && truth < s.tauCi()[i][1], "interval holds the planted mean");
            assertEquals(2 * 1.96 * se, s.tauCi()[i][1] - s.tauCi()[i][0], 0.25 * 2 * 1.96 * se);
        }
        assertEquals(Math.log(200.5 / 40.5), s.slope().number(), 0.15);
    }

    /** Planted τ = x·e^{a + b·x} (the exact c = 1 law of the single neuron's curvature sweep): the c = 1 fit gives b back, interval included. */
    @Test void unitLogSlopeRecoversAPlantedLaw() {
        SplittableRandom rng = new SplittableRandom(5);
        double[] x = {1, 1.5, 2, 2.5};
        double eta = 0.01, a = 2, bTrue = 1;  // small η: whole steps round τ by η/2, negligible here
        XieScenario.SweepBuilder sb = new XieScenario.SweepBuilder(x.length);
        for (int i = 0; i < x.length; i++) {
            double meanSteps = x[i] * Math.exp(a + bTrue * x[i]) / eta;
            double[] exits = new double[2000];
            for (int r = 0; r < exits.length; r++) exits[r] = Math.ceil(-meanSteps * Math.log(1 - rng.nextDouble()));
            sb.add(i, x[i], eta, exits, Long.MAX_VALUE / 4);
        }
        flatbench.record.Estimate b = sb.unitLogSlope(300, 9);
        assertEquals(bTrue, b.number(), 0.08);
        assertTrue(b.lower(0) < bTrue && bTrue < b.upper(0), "interval " + b.toText() + " holds the planted b");
        assertTrue(b.upper(0) - b.lower(0) < 0.3, "and is tight: " + b.toText());
        // Fitting ln τ on x alone (c = 0) would absorb ln x into b: about 1 + ln(2.5)/1.5 ≈ 1.6, not 1.
        assertEquals(1 + Math.log(2.5) / 1.5, sb.line(100, 9).slope().number(), 0.15);
    }

    /** The split-half check flags a shared shift of both halves beyond the half-width even when they agree with each other (the smoke case). */
    @Test void splitHalfFlagsASharedShift() {
        flatbench.record.Estimate slope = flatbench.record.Estimate.of(1.071).withInterval(1.045, 1.100), magnitude =
                flatbench.record.Estimate.of(0.5).withInterval(0.4, 0.6);
        XieScenario.HalfCheck h = XieScenario.HalfCheck.of(new int[] {100, 100}, new double[] {1.0997, 1.0996}, new double[] {0.52, 0.47}, slope, magnitude);
        assertArrayEquals(new double[] {0.02865, -0.005}, h.shift(), 1e-9);
        assertEquals(java.util.List.of("slope"), h.biased(), "0.0287 > 0.0275, the slope's half-width; 0.005 < 0.1 for the magnitude");
        assertEquals(java.util.List.of(), h.moved(), "the halves agree with each other");
        assertTrue(h.text(0).contains("FLAG") && !h.text(1).contains("FLAG"));
    }
}
