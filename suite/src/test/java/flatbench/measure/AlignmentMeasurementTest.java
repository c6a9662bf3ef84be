package flatbench.measure;

import flatbench.train.Sampling;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;

import org.junit.jupiter.api.Test;

import flatbench.engine.Batch;
import flatbench.engine.Vec;
import flatbench.record.Estimate;
import flatbench.record.Metric;

/** Every metric of the toolkit against its dense computation on models with closed-form H and C. */
class AlignmentMeasurementTest {
    private static final double TIGHT = 1e-9;

    private static MeasureConfig config(int k, int p) {
        CurvatureConfig c = CurvatureConfig.defaults().withTopK(k).withLanczos(p, 1e-10).withHutchinsonProbes(300).withSlq(2, 10, 0.02);
        NoiseConfig n = NoiseConfig.defaults().withStep(10, Sampling.WITHOUT_REPLACEMENT, 1000).withBootstrap(200, 3);
        return new MeasureConfig(c, n);
    }

    @Test
    void linearRegressionMetricsMatchDenseComputation() {
        int d = 12;
        var engine = new LinearRegressionEngine(d);
        double[] truth = DenseReference.gaussian(d + 1, 1, 1);
        Batch curvature = DenseReference.regressionBatch(300, d, truth, 0.5, 2);
        Batch noise = DenseReference.regressionBatch(120, d, truth, 0.5, 3);
        engine.theta = DenseReference.gaussian(d + 1, 1, 4);
        checkAgainstDense(engine, curvature, noise, config(5, d + 1));
    }

    @Test
    void softmaxRegressionMetricsMatchDenseComputation() {
        var teacher = new SoftmaxRegressionEngine(5, 3);
        teacher.theta = DenseReference.gaussian(18, 1.5, 5);
        var engine = new SoftmaxRegressionEngine(5, 3);
        engine.theta = DenseReference.gaussian(18, 0.5, 6);
        Batch curvature = DenseReference.teacherBatch(teacher, 250, 7);
        Batch noise = DenseReference.teacherBatch(teacher, 150, 8);
        checkAgainstDense(engine, curvature, noise, config(6, 18));
    }

    /**
     * On the whole training set the gradient overlap has no sampling error for an interval to
     * show (docs/METRICS.md): it is a function of the weights and the training set, and another
     * noise batch leaves it where it was, to rounding.
     */
    @Test
    void theGradientOverlapOnTheTrainingSetDoesNotDependOnTheNoiseSamples() {
        int d = 12;
        var engine = new LinearRegressionEngine(d);
        double[] truth = DenseReference.gaussian(d + 1, 1, 1);
        Batch train = DenseReference.regressionBatch(300, d, truth, 0.5, 2);
        engine.theta = DenseReference.gaussian(d + 1, 1, 4);
        double[] overlap = new double[2];
        for (int seed = 0; seed < 2; seed++) {
            Batch noise = DenseReference.regressionBatch(120, d, truth, 0.5, 30 + seed);
            try (AlignmentMeasurement.Result r = AlignmentMeasurement.measure(engine, train, noise, config(5, d + 1), null)) {
                overlap[seed] = r.alignment().gradientTopKOverlap();
                assertTrue(r.alignment().estimate(flatbench.record.Metric.ALIGNMENT_SIGMA2_OVER_LAMBDA_TOP5).hasInterval(),
                        "the noise-dependent metrics do carry intervals");
            }
        }
        assertTrue(Double.isFinite(overlap[0]) && overlap[0] > 0, "measured: " + overlap[0]);
        assertEquals(overlap[0], overlap[1], 1e-9 * Math.max(1, overlap[0]));
    }

    private static void checkAgainstDense(DenseTestEngine engine, Batch curvature, Batch noise, MeasureConfig cfg) {
        int p = engine.p, k = cfg.curvature().topK(), n = noise.size();
        double[][] h = engine.hessian(curvature);
        DenseReference.Eig he = DenseReference.eig(h);
        double[][] rows = DenseReference.gradients(engine, noise);
        double[][] c = DenseReference.covariance(rows);
        DenseReference.Eig ce = DenseReference.eig(c);
        double[] gbar = DenseReference.mean(rows);
        // The curvature batch stands for the training set here: the gradient overlap uses its mean gradient.
        double[] gTrain = DenseReference.mean(DenseReference.gradients(engine, curvature));
        double trC = DenseReference.trace(c), scale = he.values()[0];

        try (AlignmentMeasurement.Result r = AlignmentMeasurement.measure(engine, curvature, noise, cfg, null)) {
            SpectrumResult s = r.hessian();
            NoiseResult nr = r.noise();
            AlignmentResult al = r.alignment();

            // Spectrum.
            double[] sigma2 = new double[k], lambda = new double[k];
            double gproj = 0, trHCTop = 0, fraction = 0;
            for (int j = 0; j < k; j++) {
                lambda[j] = he.values()[j];
                assertEquals(lambda[j], s.topEigenvalues()[j], TIGHT * scale, "λ" + j);
                double[] v = he.vectors()[j];
                sigma2[j] = DenseReference.quadratic(c, v);
                gproj += Math.pow(DenseReference.dot(v, gTrain), 2);
                trHCTop += lambda[j] * sigma2[j];
                fraction += sigma2[j] / trC;
                assertEquals(sigma2[j], al.sigma2()[j], TIGHT * trC, "σ²" + j);
                assertEquals(gproj / DenseReference.dot(gTrain, gTrain), al.gradientOverlapByK()[j], 1e-8, "gradient overlap at k=" + (j + 1));
                assertEquals(fraction, al.noiseFractionByK()[j], 1e-8);
            }
            // P ≤ 1,024: the diagonal and trace are exact, one product per coordinate.
            assertTrue(s.trace().exact());
            assertEquals(DenseReference.trace(h), s.trace().trace(), TIGHT * Math.abs(DenseReference.trace(h)) + 1e-12);
            for (int t = 0; t < p; t++) assertEquals(h[t][t], s.trace().diagonal()[t], TIGHT * scale);

            // Noise.
            assertEquals(n, nr.samples());
            assertEquals(trC, nr.trace(), TIGHT * trC);
            assertEquals(trC, nr.traceFromGram(), TIGHT * trC);
            for (int t = 0; t < p; t++) {
                assertEquals(c[t][t], nr.diagonal()[t], TIGHT * trC);
                assertEquals(gbar[t], nr.meanGradient()[t], 1e-12 * (1 + Math.abs(gbar[t])));
            }
            assertEquals(DenseReference.dot(gbar, gbar), nr.meanGradientNormSquared(), 1e-12);
            assertEquals(trC / DenseReference.dot(gbar, gbar), nr.naiveGradientNoiseScale(), 1e-9 * nr.naiveGradientNoiseScale());
            double population = cfg.noise().datasetSize();
            double g2 = DenseReference.dot(gbar, gbar) - (1 - n / population) * trC / (n - 1);   // unbiased |G|², drawn from N without replacement
            if (g2 > 0) assertEquals(trC * n / (n - 1) / g2, nr.gradientNoiseScale(), 1e-9 * nr.gradientNoiseScale());
            else assertTrue(Double.isNaN(nr.gradientNoiseScale()));
            for (int j = 0; j < n; j++) {
                double expect = j < p ? n * ce.values()[j] : 0;
                assertEquals(expect, nr.gramEigenvalues()[j], TIGHT * n * ce.values()[0], "Gram eigenvalue " + j);
            }
            assertEquals((1000.0 - 10) / (1000 - 1) / 10, nr.stepFactor(), 1e-15);

            // Alignment.
            double[] fit = DenseReference.logLogFit(lambda, sigma2);
            assertEquals(fit[0], al.sigma2VsLambda().slope(), 1e-7);
            assertEquals(fit[1], al.sigma2VsLambda().r2(), 1e-7);
            assertEquals((int) fit[2], al.sigma2VsLambda().points());
            double trHC = al.value(Metric.ALIGNMENT_TRHC_TOPK);
            assertEquals(trHCTop, trHC, TIGHT * Math.abs(trHCTop));
            double exact = DenseReference.traceOfProduct(h, c);
            assertEquals(exact, al.value(Metric.ALIGNMENT_TRHC_EXACT), TIGHT * exact);
            assertTrue(trHC <= exact * (1 + 1e-9), "top-k part of tr(HC) cannot exceed the whole for PSD H");
            double iso = DenseReference.trace(h) * trC / p, topIso = 0;
            for (double l : lambda) topIso += l * trC / p;
            assertEquals(iso, al.value(Metric.ALIGNMENT_TRHC_ISOTROPIC), TIGHT * Math.abs(iso));
            assertEquals(trHCTop / topIso, al.value(Metric.ALIGNMENT_TRHC_TOPK_RATIO), 1e-8);
            assertEquals(exact / iso, al.value(Metric.ALIGNMENT_TRHC_EXACT_RATIO), 1e-8);
            double frob = 0;
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) frob += Math.pow(DenseReference.dot(ce.vectors()[i], he.vectors()[j]), 2);
                assertEquals(Math.abs(DenseReference.dot(ce.vectors()[i], he.vectors()[i])), al.eigenvectorCosines()[i], 1e-8);
            }
            assertEquals(k, al.overlapK());
            assertEquals(frob / k, al.value(Metric.ALIGNMENT_SUBSPACE_OVERLAP), 1e-8);
            double[] diagC = new double[p], diagH = new double[p];
            for (int t = 0; t < p; t++) {
                diagC[t] = c[t][t];
                diagH[t] = h[t][t];
            }
            // Exact diagonal: the fit is least squares over the entries with both positive.
            double[] dfit = DenseReference.logLogFit(diagH, diagC);
            assertEquals(dfit[0], al.diagonal().gamma(), 1e-7);
            assertEquals((int) dfit[2], al.diagonal().entries());
            assertEquals(0, al.excluded());
            double top5 = 0;
            for (int j = 0; j < Math.min(5, k); j++) top5 += sigma2[j] / lambda[j];
            assertEquals(top5 / Math.min(5, k), al.value(Metric.ALIGNMENT_SIGMA2_OVER_LAMBDA_TOP5), 1e-8);

            // Eigenvectors of C mapped back to parameter space.
            List<Vec> w = NoiseCovariance.eigenvectors(engine, noise, nr, 3);
            for (int j = 0; j < 3; j++) {
                assertEquals(1, Math.abs(DenseReference.dot(engine.vectors().toHost(w.get(j)), ce.vectors()[j])), 1e-8, "noise eigenvector " + j);
            }

            // Metric names the reports rely on.
            var m = al.toMetrics();
            for (Metric key : List.of(Metric.ALIGNMENT_SLOPE, Metric.ALIGNMENT_R2, Metric.ALIGNMENT_TRHC_TOPK, Metric.ALIGNMENT_TRHC_ISOTROPIC,
                    Metric.ALIGNMENT_NOISE_FRACTION, Metric.ALIGNMENT_SUBSPACE_OVERLAP, Metric.ALIGNMENT_GRADIENT_OVERLAP,
                    Metric.ALIGNMENT_DIAGONAL_POWER_LAW, Metric.ALIGNMENT_SIGMA2_OVER_LAMBDA_TOP5, Metric.ALIGNMENT_TRHC_TOPK_RATIO)) {
                assertTrue(m.containsKey(key.key()), key.path());
            }
            // Every noise-sample statistic has its interval, and the interval holds the value.
            for (Metric key : List.of(Metric.ALIGNMENT_SLOPE, Metric.ALIGNMENT_SIGMA2_OVER_LAMBDA_TOP5, Metric.ALIGNMENT_TRHC_TOPK_RATIO,
                    Metric.ALIGNMENT_TRHC_EXACT_RATIO, Metric.ALIGNMENT_NOISE_FRACTION, Metric.ALIGNMENT_SUBSPACE_OVERLAP)) {
                Estimate e = Estimate.from(m.get(key.key())).orElseThrow();
                assertTrue(e.hasInterval(), key.path());
                assertTrue(e.lower(0) <= e.number() && e.number() <= e.upper(0), key.path() + ": " + e.toText());
            }
            assertTrue(s.toMetrics().containsKey("topEigenvalues") && s.toMetrics().get("trace") instanceof java.util.Map<?, ?>);
            assertTrue(nr.toMetrics().containsKey("gramEigenvalues"));
            assertJsonFriendly(s.toMetrics());
            assertJsonFriendly(nr.toMetrics());
            assertJsonFriendly(m);
            assertJsonFriendly(r.toMetrics());
            assertEquals(java.util.Set.of("lanczos", "hutchinson", "slq", "noise", "projection", "exactTrHC", "gradient", "bootstrap"),
                    r.phaseSeconds().keySet());
        }
    }

    /** Only what the JSON writer can write faithfully: finite numbers, booleans, strings, arrays, lists, maps. */
    @SuppressWarnings("unchecked")
    private static void assertJsonFriendly(Object o) {
        if (o instanceof java.util.Map<?, ?> map) {
            map.forEach((k, v) -> { assertInstanceOf(String.class, k); assertJsonFriendly(v); });
        } else if (o instanceof List<?> list) {
            list.forEach(v -> { if (v != null) assertJsonFriendly(v); });
        } else if (o instanceof double[] a) {
            for (double x : a) assertTrue(Double.isFinite(x));
        } else if (o instanceof double[][] a) {
            for (double[] r : a) assertJsonFriendly(r);
        } else if (o instanceof Double x) {
            assertTrue(Double.isFinite(x));
        } else {
            assertTrue(o instanceof Number || o instanceof Boolean || o instanceof String || o instanceof int[], "not JSON-friendly: " + o.getClass());
        }
    }
}
