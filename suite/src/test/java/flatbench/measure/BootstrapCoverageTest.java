package flatbench.measure;

import static org.junit.jupiter.api.Assertions.*;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import flatbench.engine.Batch;
import flatbench.model.Shape;
import flatbench.record.Metric;

/**
 * Coverage of the bootstrap intervals on a synthetic case with known answers: per-sample
 * gradients gᵢ ~ N(0, Σ) with Σ known, curvature eigenpairs (λₖ, vₖ) known, so every population
 * value (σ²ₖ = vₖᵀΣvₖ, their mean ratio to λₖ, the log–log slope, the top-k tr(HC) ratio, the
 * noise fraction, tr C, the subspace overlap) is a closed form. Over repeated draws about 95% of
 * the intervals must contain it. (Here Σ's eigenvalues are well separated; where they are not, the
 * resampled eigenvectors of C are noisier than the measured ones and the overlap's interval can
 * sit below the estimate, see docs/METRICS.md.)
 */
class BootstrapCoverageTest {
    private static final int P = 24, K = 6, N = 150, RESAMPLES = 200, PROBES = 20;
    /** Repeated draws: 150 in `make test`, more with `make coverage` (-Dflatbench.coverage.draws=1000). */
    private static final int DRAWS = Integer.getInteger("flatbench.coverage.draws", 150);

    @Test
    void aboutNinetyFivePercentOfIntervalsContainThePopulationValue() {
        double[][] q = DenseReference.randomOrthogonal(P, 1);
        double[] lambda = new double[K], trueSigma2 = new double[K];
        double[] sigmaSpectrum = new double[P];
        for (int t = 0; t < P; t++) sigmaSpectrum[t] = 2.0 / (1 + t);
        double[][] sigma = DenseReference.withSpectrum(sigmaSpectrum, 2);
        double[][] chol = cholesky(sigma);
        double[][] v = new double[K][P];
        double traceH = 0;
        for (int j = 0; j < K; j++) {
            lambda[j] = 3.0 / (1 + j);
            for (int t = 0; t < P; t++) v[j][t] = q[t][j];
            trueSigma2[j] = DenseReference.quadratic(sigma, v[j]);
        }
        for (int j = 0; j < P; j++) traceH += j < K ? lambda[j] : 0.1;
        double trSigma = DenseReference.trace(sigma);
        Map<String, Double> truth = new LinkedHashMap<>();
        double ratio = 0, trHC = 0, sumLambda = 0, fraction = 0;
        for (int j = 0; j < K; j++) {
            if (j < 5) ratio += trueSigma2[j] / lambda[j] / 5;
            trHC += lambda[j] * trueSigma2[j];
            sumLambda += lambda[j];
            fraction += trueSigma2[j] / trSigma;
        }
        truth.put(Metric.ALIGNMENT_SIGMA2_OVER_LAMBDA_TOP5.key(), ratio);
        truth.put(Metric.ALIGNMENT_SLOPE.key(), LogLogFit.fit(lambda, trueSigma2).slope());
        truth.put(Metric.ALIGNMENT_TRHC_TOPK_RATIO.key(), trHC / (sumLambda * trSigma / P));
        truth.put(Metric.ALIGNMENT_NOISE_FRACTION.key(), fraction);
        truth.put(Metric.NOISE_TRACE.key(), trSigma);
        // tr H · tr C / P with tr H from Hutchinson probes whose error (15% standard error) outweighs tr C's:
        // its interval must carry both, or it covers far too rarely.
        truth.put(Metric.ALIGNMENT_TRHC_ISOTROPIC.key(), traceH * trSigma / P);
        SplittableRandom probeRng = new SplittableRandom(77);
        // The overlap of Σ's top-k eigenvectors with the vₖ (here unrelated to them: about k/P).
        DenseReference.Eig se = DenseReference.eig(sigma);
        double frob = 0;
        for (int i = 0; i < K; i++) for (int j = 0; j < K; j++) frob += Math.pow(DenseReference.dot(se.vectors()[i], v[j]), 2);
        truth.put(Metric.ALIGNMENT_SUBSPACE_OVERLAP.key(), frob / K);

        // ℓᵢ = ½‖θ − xᵢ‖² at θ = 0: gᵢ = −xᵢ, so C is the sample covariance of the x's.
        double[][] identity = new double[P][P];
        for (int t = 0; t < P; t++) identity[t][t] = 1;
        var engine = new QuadraticEngine(identity);
        NoiseConfig nc = NoiseConfig.defaults().withBootstrap(RESAMPLES, 11);
        Map<String, Integer> covered = new LinkedHashMap<>();
        truth.keySet().forEach(k -> covered.put(k, 0));
        SplittableRandom r = new SplittableRandom(5);
        for (int draw = 0; draw < DRAWS; draw++) {
            float[] x = new float[N * P];
            double[][] raw = new double[N][K];
            for (int i = 0; i < N; i++) {
                double[] z = new double[P];
                for (int t = 0; t < P; t++) z[t] = r.nextGaussian();
                double[] g = DenseReference.times(chol, z);
                for (int t = 0; t < P; t++) x[i * P + t] = (float) -g[t];
                // Projections of the gradient the engine will see (float inputs, as the engine reads them).
                for (int j = 0; j < K; j++) {
                    double s = 0;
                    for (int t = 0; t < P; t++) s -= x[i * P + t] * v[j][t];
                    raw[i][j] = s;
                }
            }
            Batch b = new Batch(Shape.vector(P), N, x, new int[N]);
            NoiseResult noise = NoiseCovariance.measure(engine, b, nc, AlignmentStatistics.basisSize(K, N, P), ProgressListener.NONE);
            double[] probes = new double[PROBES];
            double traceHat = 0;
            for (int i = 0; i < PROBES; i++) {
                probes[i] = traceH * (1 + 0.15 * Math.sqrt(PROBES) * probeRng.nextGaussian());
                traceHat += probes[i] / PROBES;
            }
            AlignmentStatistics stats = new AlignmentStatistics(lambda, raw, noise, null, traceHat, probes, P);
            Bootstrap.Intervals iv = Bootstrap.intervals(N, RESAMPLES, 100 + draw, stats::at);
            Map<String, double[]> point = stats.point();
            for (String key : truth.keySet()) {
                boolean trace = key.equals(Metric.NOISE_TRACE.key());
                // The interval as reported: the percentile ends extended to hold the estimate.
                var e = (trace ? noise.intervals() : iv).estimate(key, trace ? noise.trace() : point.get(key)[0]);
                double t = truth.get(key);
                if (e.lower(0) <= t && t <= e.upper(0)) covered.merge(key, 1, Integer::sum);
            }
        }
        // Binomial(D, 0.95) ± 4 standard deviations, less 2.5 points below: the percentile bootstrap is known to
        // cover slightly less than nominal at n = 150 (for D = 150 the band is 128…150, for 1,000 it is 897…977).
        double sd = Math.sqrt(DRAWS * 0.95 * 0.05);
        double low = DRAWS * (0.95 - 0.025) - 4 * sd, high = Math.min(DRAWS, DRAWS * 0.95 + 4 * sd);
        System.out.println("bootstrap coverage over " + DRAWS + " draws: " + covered);
        for (var e : covered.entrySet()) {
            // The overlap's intervals are conservative here (98% over 1,000 draws): only too little coverage fails it.
            double top = e.getKey().equals(Metric.ALIGNMENT_SUBSPACE_OVERLAP.key()) ? DRAWS : high;
            assertTrue(e.getValue() >= low && e.getValue() <= top,
                    e.getKey() + " covered " + e.getValue() + " of " + DRAWS + " (band " + low + " … " + top + "): " + covered);
        }
    }

    /** A bootstrap of a statistic that ignores the resampling would cover too often or too rarely; this one must not be degenerate. */
    @Test
    void intervalsHavePositiveWidthAndHoldTheValue() {
        double[][] identity = new double[P][P];
        for (int t = 0; t < P; t++) identity[t][t] = 1;
        var engine = new QuadraticEngine(identity);
        Batch b = DenseReference.gaussianBatch(N, P, 1, 3);
        NoiseResult noise = NoiseCovariance.measure(engine, b, NoiseConfig.defaults().withBootstrap(100, 1), 10, ProgressListener.NONE);
        for (String key : List.of(Metric.NOISE_TRACE.key(), Metric.NOISE_MEAN_GRADIENT_NORM2.key())) {
            double lo = noise.intervals().lower(key)[0], hi = noise.intervals().upper(key)[0];
            assertTrue(hi > lo, key);
        }
        assertTrue(noise.intervals().lower(Metric.NOISE_TRACE.key())[0] < noise.trace());
        assertTrue(noise.trace() < noise.intervals().upper(Metric.NOISE_TRACE.key())[0]);
    }

    private static double[][] cholesky(double[][] a) {
        int n = a.length;
        double[][] l = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = a[i][j];
                for (int k = 0; k < j; k++) s -= l[i][k] * l[j][k];
                l[i][j] = i == j ? Math.sqrt(s) : s / l[j][j];
            }
        }
        return l;
    }
}
