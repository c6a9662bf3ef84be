package flatbench.measure;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

import flatbench.engine.HostVectorSpace;

class SpectralDensityTest {
    private static final int P = 300;

    /** Most eigenvalues near zero, a few outliers: λ = u² for u uniform, plus 15 in [5, 10]. */
    private static double[] spectrum() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(17);
        double[] l = new double[P];
        for (int i = 0; i < P; i++) l[i] = i < 15 ? 5 + 5 * r.nextDouble() : Math.pow(r.nextDouble(), 2) - 0.05;
        return l;
    }

    @Test
    void eachRunIsAGaussQuadratureOfItsStartVector() {
        double[] lambda = spectrum();
        double[][] a = DenseReference.withSpectrum(lambda, 2);
        HostVectorSpace space = new HostVectorSpace(P);
        LinearOperator op = (v, out) -> System.arraycopy(DenseReference.times(a, space.data(v)), 0, space.data(out), 0, P);
        long seed = 40;
        SpectralDensity d = SpectralDensity.estimate(space, op, 3, 40, 0.01, 200, seed, ProgressListener.NONE);
        for (int r = 0; r < 3; r++) {
            var z = space.zeros();
            space.fillRademacher(z, seed + r);
            double[] v = space.toHost(z);
            for (int t = 0; t < P; t++) v[t] /= Math.sqrt(P);
            // m-node Gauss quadrature integrates polynomials up to degree 2m − 1 exactly: Σ τθᵖ = vᵀAᵖv.
            double[] apv = v.clone();
            for (int pw = 1; pw <= 8; pw++) {
                apv = DenseReference.times(a, apv);
                double exact = DenseReference.dot(v, apv), quad = 0;
                for (int i = 0; i < d.nodes()[r].length; i++) quad += d.weights()[r][i] * Math.pow(d.nodes()[r][i], pw);
                assertEquals(exact, quad, 1e-9 * Math.pow(10, pw), "run " + r + " moment " + pw);
            }
        }
    }

    @Test
    void densityMatchesTheExactEigenvalueHistogram() {
        double[] lambda = spectrum();
        double[][] a = DenseReference.withSpectrum(lambda, 3);
        var engine = new QuadraticEngine(a);
        LinearOperator op = LinearOperator.of(engine, DenseReference.gaussianBatch(1, P, 0, 1), CurvatureOperator.HESSIAN);
        SpectralDensity d = SpectralDensity.estimate(engine.vectors(), op, 8, 80, 0.01, 2000, 5, ProgressListener.NONE);
        double[] g = d.grid(), rho = d.density();
        double dx = g[1] - g[0], integral = 0, cdf = 0, worst = 0;
        for (int i = 0; i < g.length; i++) {
            integral += rho[i] * dx;
            cdf += rho[i] * dx;
            // The exact spectrum smoothed by the same Gaussian, as a CDF at the grid point.
            double exact = 0;
            for (double l : lambda) exact += normalCdf((g[i] + dx / 2 - l) / d.sigma()) / P;
            worst = Math.max(worst, Math.abs(cdf - exact));
        }
        assertEquals(1, integral, 1e-3);
        assertTrue(worst < 0.05, "Kolmogorov distance to the exact smoothed CDF " + worst);
        for (int pw = 1; pw <= 3; pw++) {
            double exact = 0;
            for (double l : lambda) exact += Math.pow(l, pw) / P;
            // Each run is an unbiased estimate of tr(Aᵖ)/P: allow four standard errors of the run mean.
            double[] perRun = new double[d.runs()];
            double mean = 0, ss = 0;
            for (int r = 0; r < d.runs(); r++) {
                for (int i = 0; i < d.nodes()[r].length; i++) perRun[r] += d.weights()[r][i] * Math.pow(d.nodes()[r][i], pw);
                mean += perRun[r] / d.runs();
            }
            for (double x : perRun) ss += (x - mean) * (x - mean);
            double se = Math.sqrt(ss / (d.runs() - 1) / d.runs());
            assertEquals(mean, d.moment(pw), 1e-12 * Math.abs(mean));
            assertTrue(Math.abs(mean - exact) <= 4 * se, "moment " + pw + ": " + mean + " ± " + se + " vs " + exact);
        }
        assertEquals(0.01 * (d.nodes()[0].length > 0 ? range(d) : 0), d.sigma(), 1e-12);
    }

    private static double range(SpectralDensity d) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double[] n : d.nodes()) for (double x : n) { lo = Math.min(lo, x); hi = Math.max(hi, x); }
        return hi - lo;
    }

    /** Φ(x) by Abramowitz–Stegun 7.1.26 on erf (error below 1.5e-7). */
    private static double normalCdf(double x) {
        double z = Math.abs(x) / Math.sqrt(2), t = 1 / (1 + 0.3275911 * z);
        double erf = 1 - t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.exp(-z * z);
        return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
    }
}
