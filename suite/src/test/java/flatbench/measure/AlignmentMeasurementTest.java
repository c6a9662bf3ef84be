package flatbench.measure;

import flatbench.train.Sampling;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;

import org.junit.jupiter.api.Test;

import flatbench.engine.Batch;
import flatbench.engine.Vec;

/** Every metric of the toolkit against its dense computation on models with closed-form H and C. */
class AlignmentMeasurementTest {
    private static final double TIGHT = 1e-9;

    private static MeasureConfig config(int k, int p) {
        CurvatureConfig c = CurvatureConfig.defaults().withTopK(k).withLanczos(p, 1e-10).withHutchinsonProbes(300).withSlq(2, 10, 0.02);
        NoiseConfig n = NoiseConfig.defaults().withStep(10, Sampling.WITHOUT_REPLACEMENT, 1000);
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

    private static void checkAgainstDense(DenseTestEngine engine, Batch curvature, Batch noise, MeasureConfig cfg) {
        int p = engine.p, k = cfg.curvature().topK(), n = noise.size();
        double[][] h = engine.hessian(curvature);
        DenseReference.Eig he = DenseReference.eig(h);
        double[][] rows = DenseReference.gradients(engine, noise);
        double[][] c = DenseReference.covariance(rows);
        DenseReference.Eig ce = DenseReference.eig(c);
        double[] gbar = DenseReference.mean(rows);
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
                gproj += Math.pow(DenseReference.dot(v, gbar), 2);
                trHCTop += lambda[j] * sigma2[j];
                fraction += sigma2[j] / trC;
                assertEquals(sigma2[j], al.sigma2()[j], TIGHT * trC, "σ²" + j);
                assertEquals(gproj / DenseReference.dot(gbar, gbar), al.gradientOverlapByK()[j], 1e-8, "gradient overlap at k=" + (j + 1));
                assertEquals(fraction, al.noiseFractionByK()[j], 1e-8);
            }
            assertTrue(Math.abs(s.trace().trace() - DenseReference.trace(h)) <= 3 * s.trace().standardError());

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
            double g2 = DenseReference.dot(gbar, gbar) - trC / (n - 1);   // unbiased |G|²
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
            assertEquals(trHCTop, al.trHC(), TIGHT * Math.abs(trHCTop));
            double exact = DenseReference.traceOfProduct(h, c);
            assertEquals(exact, al.trHCExact(), TIGHT * exact);
            assertTrue(al.trHC() <= exact * (1 + 1e-9), "top-k part of tr(HC) cannot exceed the whole for PSD H");
            assertEquals(s.trace().trace() * trC / p, al.trHCIsotropic(), TIGHT * Math.abs(al.trHCIsotropic()));
            double frob = 0;
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) frob += Math.pow(DenseReference.dot(ce.vectors()[i], he.vectors()[j]), 2);
                assertEquals(Math.abs(DenseReference.dot(ce.vectors()[i], he.vectors()[i])), al.eigenvectorCosines()[i], 1e-8);
            }
            assertEquals(k, al.overlapK());
            assertEquals(frob / k, al.subspaceOverlap(), 1e-8);
            double[] diagC = new double[p];
            for (int t = 0; t < p; t++) diagC[t] = c[t][t];
            double[] dfit = DenseReference.logLogFit(s.trace().diagonal(), diagC);
            assertEquals(dfit[0], al.diagonalPowerLaw().slope(), 1e-7);
            assertEquals((int) dfit[2], al.diagonalPowerLaw().points());

            // Eigenvectors of C mapped back to parameter space.
            List<Vec> w = NoiseCovariance.eigenvectors(engine, noise, nr, 3);
            for (int j = 0; j < 3; j++) {
                assertEquals(1, Math.abs(DenseReference.dot(engine.vectors().toHost(w.get(j)), ce.vectors()[j])), 1e-8, "noise eigenvector " + j);
            }

            // Metric names the reports rely on.
            var m = al.toMetrics();
            for (String key : List.of("sigma2VsLambdaSlope", "sigma2VsLambdaR2", "trHC", "trHCIsotropic", "topKNoiseFraction",
                    "subspaceOverlap", "gradientTopKOverlap", "diagonalPowerLaw")) {
                assertTrue(m.containsKey(key), key);
            }
            assertTrue(s.toMetrics().containsKey("topEigenvalues") && s.toMetrics().containsKey("traceStdErr"));
            assertTrue(nr.toMetrics().containsKey("gramEigenvalues"));
            assertJsonFriendly(s.toMetrics());
            assertJsonFriendly(nr.toMetrics());
            assertJsonFriendly(m);
            assertJsonFriendly(r.toMetrics());
            assertEquals(java.util.Set.of("lanczos", "hutchinson", "slq", "noise", "projection", "exactTrHC"), r.phaseSeconds().keySet());
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
