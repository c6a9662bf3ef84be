package flatbench.landscape;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/**
 * The product model's valley physics against answers derived by hand (review of yang-tang-tu):
 * with D = w₁² − w₂², a = r·x and ζ the per-sample terms, one SGD step of B = 1 from a valley point
 * gives D′ = D[1 + η²(ζ² − a²)] − 2ηζS + 4η²aζp (S = w₁² + w₂², p = w₁w₂), so E ΔD =
 * η²[D(σ_ζ² − V_a) + 4p Cov(a, ζ)] exactly, enumerating the n samples; and the stationary density
 * along the valley at small η follows this model's own prediction F^(κ+2) per unit length.
 */
class ValleyPhysicsTest {
    @Test void oneStepDriftOfTheBalanceIsExactForBatchOne() {
        ProductModel m = ProductModel.generate(50, 1.2, 0.4, 3, 21);
        double eta = 0.07;
        for (double u : new double[] {-0.6, 0, 0.4}) {
            double[] w = m.valleyPoint(u);
            double d0 = w[0] * w[0] - w[1] * w[1], norm = Math.hypot(w[0], w[1]);
            double[][] proj = m.projections(w);
            int n = m.samples();
            double drift = 0, va = 0, vz = 0, cov = 0;
            for (int i = 0; i < n; i++) {
                double[] g = new double[2];
                m.addSampleGradient(i, w, 0, 1, g, 0);
                double w1 = w[0] - eta * g[0], w2 = w[1] - eta * g[1];
                drift += (w1 * w1 - w2 * w2 - d0) / n;
                double a = proj[0][i] / norm, z = proj[1][i] / norm;  // across = a|w|, along = ζ|w| on the valley
                va += a * a / n;
                vz += z * z / n;
                cov += a * z / n;
            }
            double expected = eta * eta * (d0 * (vz - va) + 4 * m.valleyProduct() * cov);
            assertEquals(expected, drift, 1e-12 * (1 + Math.abs(expected)), "u = " + u);
            assertTrue(Math.abs(expected) > 1e-6 || u == 0, "the test must see a drift");
        }
    }

    /**
     * Runs at η = 0.05 from uniform starts; the exponent of the visits per unit length on F with the
     * finite-η term (κ/2) ln(2 − ηλ) removed is κ + 2 = 5 within its Monte Carlo error (~±0.5 at
     * these sizes); Yang–Tang–Tu's κ − 1 = 2 would fail.
     */
    @Test void smallEtaDensityFollowsKappaPlusTwo() {
        ProductModel m = ProductModel.generate(200, 1, 0.5, 3, 5);
        int runs = 200, bins = 24;
        long steps = 60_000;
        double eta = 0.05, range = 1.2;
        double[] start = new double[2 * runs];
        java.util.SplittableRandom g = new java.util.SplittableRandom(8);
        for (int r = 0; r < runs; r++) {
            double[] w = m.valleyPoint(g.nextDouble(-1, 1));
            start[2 * r] = w[0];
            start[2 * r + 1] = w[1];
        }
        long[] counts = new long[bins];
        Ensemble.run(m, new Optimizer.Sgd(eta, 4), start, Ensemble.seeds(9, runs), new Ensemble.Limits(steps, 1e3), Ensemble.Basin.NEVER,
                (step, x, active) -> {
                    if (step <= steps / 2 || step % 50 != 0) return;
                    for (int r = 0; r < runs; r++) {
                        int b = (int) Math.floor((m.valleyCoordinate(x[2 * r], x[2 * r + 1]) + range) / (2 * range) * bins);
                        if (b >= 0 && b < bins) counts[b]++;
                    }
                });
        double sw = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (int b = 0; b < bins; b++) {
            if (counts[b] < 50) continue;
            double u = -range + (b + 0.5) * 2 * range / bins, lam = m.transverseCurvature(u);
            double[] w = m.valleyPoint(u);
            double x = -0.5 * Math.log(lam), y = Math.log(counts[b] / Math.hypot(w[0], w[1])) - 1.5 * Math.log(2 - eta * lam), v = counts[b];
            sw += v;
            sx += v * x;
            sy += v * y;
            sxx += v * x * x;
            sxy += v * x * y;
        }
        double slope = (sxy - sx * sy / sw) / (sxx - sx * sx / sw);
        assertEquals(5, slope, 0.8, "density exponent per unit length, finite-η term removed");
    }
}
