package flatbench.landscape;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** Closed-form gradients and Hessians of the landscapes against float64 central differences of their losses. */
class ObjectiveDerivativesTest {
    private static final double H = 1e-5;

    private static double sampleLoss(Objective f, int i, double[] w) {
        return f.addSampleGradient(i, w, 0, 0, new double[f.dimension()], 0);
    }

    /** Central difference of a scalar function along coordinate j. */
    private static double diff(java.util.function.ToDoubleFunction<double[]> f, double[] w, int j) {
        double[] a = w.clone(), b = w.clone();
        a[j] += H;
        b[j] -= H;
        return (f.applyAsDouble(a) - f.applyAsDouble(b)) / (2 * H);
    }

    private static void checkAll(Objective f, double[] w) {
        int d = f.dimension();
        // Per-sample gradients.
        for (int i = 0; i < Math.min(f.samples(), 7); i++) {
            final int s = i;
            double[] g = new double[d];
            f.addSampleGradient(i, w, 0, 1, g, 0);
            for (int j = 0; j < d; j++) {
                double fd = diff(v -> sampleLoss(f, s, v), w, j);
                assertEquals(fd, g[j], 1e-6 * (1 + Math.abs(fd)), "sample " + i + " coordinate " + j);
            }
        }
        // The closed-form mean loss and gradient equal the mean over samples (Objective's default).
        double[] closed = new double[d], summed = new double[d];
        double lc = f.addGradient(w, 0, 1, closed, 0);
        double ls = 0;
        for (int i = 0; i < f.samples(); i++) ls += f.addSampleGradient(i, w, 0, 1.0 / f.samples(), summed, 0) / f.samples();
        assertEquals(ls, lc, 1e-9 * (1 + Math.abs(ls)));
        for (int j = 0; j < d; j++) assertEquals(summed[j], closed[j], 1e-9 * (1 + Math.abs(summed[j])));
        // The Hessian against differences of the mean gradient, and symmetric.
        double[][] hess = f.hessian(w);
        for (int j = 0; j < d; j++) {
            for (int k = 0; k < d; k++) {
                final int kk = k;
                double fd = diff(v -> f.gradient(v)[kk], w, j);
                assertEquals(fd, hess[j][k], 1e-5 * (1 + Math.abs(fd)), "H[" + j + "][" + k + "]");
                assertEquals(hess[k][j], hess[j][k], 1e-12 * (1 + Math.abs(hess[j][k])));
            }
        }
    }

    @Test void productModelOffTheValley() {
        ProductModel m = ProductModel.generate(40, 1.5, 0.3, 4, 7);
        checkAll(m, new double[] {0.7, 2.9});
        checkAll(m, new double[] {-1.2, 0.4});
    }

    @Test void productModelValleyFacts() {
        ProductModel m = ProductModel.generate(200, 1.5, 0.3, 4, 11);
        for (double u : new double[] {-1, 0, 0.5}) {
            double[] w = m.valleyPoint(u);
            assertEquals(m.valleyProduct(), w[0] * w[1], 1e-12);
            assertEquals(0, Math.hypot(m.gradient(w)[0], m.gradient(w)[1]), 1e-12, "the valley is a set of minima");
            double[][] h = m.hessian(w);
            double tr = h[0][0] + h[1][1], det = h[0][0] * h[1][1] - h[0][1] * h[1][0];
            assertEquals(0, det, 1e-9 * tr * tr, "one zero eigenvalue along the valley");
            assertEquals(m.transverseCurvature(u), tr, 1e-9 * tr);
            assertEquals(u, m.valleyCoordinate(w[0], w[1]), 1e-12);
            // The planted noise ratio: across / along on the valley.
            double[][] p = m.projections(w);
            assertEquals(4, ProductModel.variance(p[0]) / ProductModel.variance(p[1]), 1e-9);
        }
    }

    @Test void multiWellAndDoubleWell() {
        MultiWell mw = MultiWell.generate(0.05, new double[] {1.7, 0.8}, 30, 0.6, 3);
        checkAll(mw, new double[] {2.1, -1.4});
        checkAll(mw, new double[] {0.1, 0.9});
        checkAll(new DoubleWell(1.3), new double[] {0.4});
    }

    @Test void multiWellScaleKeepsBarrierAndScalesCurvature() {
        MultiWell a = MultiWell.generate(0.05, new double[] {1, 1}, 30, 0.6, 3);
        MultiWell b = a.withScale(0, 2);
        double[] ca = a.criticalPoints(0), cb = b.criticalPoints(0);
        assertEquals(3, ca.length);
        for (int i = 0; i < 3; i++) {
            assertEquals(ca[i] / 2, cb[i], 1e-9);
            assertEquals(0, a.gradient(new double[] {ca[i], ca[1]})[0], 1e-9);
        }
        assertEquals(a.profile(0, ca[1]) - a.profile(0, ca[2]), b.profile(0, cb[1]) - b.profile(0, cb[2]), 1e-9, "barrier height");
        assertEquals(4 * a.curvature(0, ca[2]), b.curvature(0, cb[2]), 1e-9);
        // At a minimum the per-sample noise over the curvature is the same for every scale.
        double ratioA = a.sampleCovariance(new double[] {ca[2], ca[0]})[0][0] / a.curvature(0, ca[2]);
        double ratioB = b.sampleCovariance(new double[] {cb[2], ca[0]})[0][0] / b.curvature(0, cb[2]);
        assertEquals(ratioA, ratioB, 1e-9 * ratioA, "C and H both scale with s²");
    }

    @Test void committeeGradientsAndHessian() {
        Committee one = Committee.quadrants(40, 0.3, 1, 5);
        checkAll(one, new double[] {0.3, -0.8, 0.4});
        checkAll(one.withScale(1.7), new double[] {-1.1, 0.2, 0.6});
        // Two units: the general path (each unit's block, the shared residual).
        double[][] x = new double[30][2];
        double[] y = new double[30];
        java.util.SplittableRandom rng = new java.util.SplittableRandom(2);
        for (int i = 0; i < 30; i++) {
            x[i][0] = rng.nextGaussian();
            x[i][1] = rng.nextGaussian();
            y[i] = rng.nextGaussian();
        }
        checkAll(new Committee(x, y, 2, 0.8), new double[] {0.5, -0.3, 0.2, -0.9, 1.1, 0.05});
    }

    /** The tanh through one exponential against Math.tanh: within a few ulps of 1 everywhere. */
    @Test void committeeTanhIsTanh() {
        for (double a = -30; a <= 30; a += 0.037) assertEquals(Math.tanh(a), Committee.tanh(a), 2e-16 * (1 + Math.abs(Math.tanh(a) * 4)));
        assertEquals(0, Committee.tanh(0));
        // Near zero it is accurate in absolute terms only (1 − e loses the relative digits), which is what the gradients need.
        assertEquals(Math.tanh(1e-9), Committee.tanh(1e-9), 1e-16);
    }

    /** The input scale s multiplies the augmented input: L_s(θ) = L_1(sθ), ∇L_s(θ) = s∇L_1(sθ), H_s(θ) = s²H_1(sθ), C likewise. */
    @Test void committeeScaleIsAReparametrisation() {
        Committee a = Committee.quadrants(60, 0.3, 1, 9), b = a.withScale(2.5);
        double[] w = {0.3, -0.2, 0.1}, sw = {0.75, -0.5, 0.25};
        assertEquals(a.loss(sw), b.loss(w), 1e-14);
        double[] ga = a.gradient(sw), gb = b.gradient(w);
        double[][] ha = a.hessian(sw), hb = b.hessian(w), ca = a.sampleCovariance(sw), cb = b.sampleCovariance(w);
        for (int i = 0; i < 3; i++) {
            assertEquals(2.5 * ga[i], gb[i], 1e-13);
            for (int j = 0; j < 3; j++) {
                assertEquals(6.25 * ha[i][j], hb[i][j], 1e-12);
                assertEquals(6.25 * ca[i][j], cb[i][j], 1e-12);
            }
        }
    }
}
