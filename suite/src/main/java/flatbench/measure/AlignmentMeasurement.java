package flatbench.measure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import flatbench.engine.Batch;
import flatbench.engine.Engine;
import flatbench.engine.Vec;
import flatbench.engine.VectorSpace;
import flatbench.timing.Timings;

/**
 * The one entry point: curvature spectrum on the curvature data, noise covariance on the noise
 * batch, their alignment with bootstrap intervals and, where the curvature data are a sample, the
 * split-half check. Runs on any engine through the contract alone.
 */
public final class AlignmentMeasurement {
    private AlignmentMeasurement() {}

    /**
     * What one measurement is computed on.
     *
     * @param curvature the curvature data (whole training set, noise batch or a sample)
     * @param info      what they are, for the record
     * @param noise     the noise batch C is measured on
     * @param train     the training set, whose mean gradient the gradient overlap uses
     * @param classes   number of classes: the headline K of the gradient overlap
     */
    public record Data(CurvatureSamples curvature, CurvatureData.Resolved info, Batch noise, CurvatureSamples train, int classes) {}

    /**
     * @param hessian   goes under metrics.hessian (close it: it holds eigenvectors in the engine's space)
     * @param noise     goes under metrics.noise
     * @param alignment goes under metrics.alignment
     * @param phaseSeconds wall time per phase: lanczos, hutchinson, slq, noise, projection, exactTrHC, gradient, bootstrap, split-half
     */
    public record Result(SpectrumResult hessian, NoiseResult noise, AlignmentResult alignment,
                         Map<String, Double> phaseSeconds) implements AutoCloseable {
        /** {hessian, noise, alignment}: the three metric trees (phase times go to the run's timings). */
        public Map<String, Object> toMetrics() {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("hessian", hessian.toMetrics());
            m.put("noise", noise.toMetrics());
            m.put("alignment", alignment.toMetrics());
            return m;
        }

        @Override public void close() { hessian.close(); }
    }

    /**
     * A measurement whose curvature batch stands for the whole training set (its population): no
     * split-half check, and the gradient overlap uses its gradient. For tests and small cases.
     */
    public static Result measure(Engine engine, Batch curvatureBatch, Batch noiseBatch, MeasureConfig config, ProgressListener progress) {
        CurvatureSamples all = CurvatureSamples.all(engine, SampleSet.of("train", curvatureBatch), true);
        CurvatureData.Resolved info = new CurvatureData.Resolved(CurvatureData.TRAIN, CurvatureData.TRAIN, curvatureBatch.size(), true);
        return measure(engine, new Data(all, info, noiseBatch, all, engine.spec().numClasses()), config, progress, new Timings());
    }

    /** Records each phase into the run's timings. */
    public static Result measure(Engine engine, Data data, MeasureConfig config, ProgressListener progress, Timings runTimings) {
        // This call's phases are timed on their own (Result.phaseSeconds), then added to the run's.
        Timings timer = new Timings();
        try {
            return measureTimed(engine, data, config, progress == null ? ProgressListener.NONE : progress, timer);
        } finally {
            timer.snapshot().forEach((phase, t) -> {
                for (double sec : t.samplesSeconds()) runTimings.record(phase, Math.round(sec * 1e9));
            });
        }
    }

    private static Result measureTimed(Engine engine, Data data, MeasureConfig config, ProgressListener pl, Timings timer) {
        CurvatureConfig cc = config.curvature();
        NoiseConfig nc = config.noise();
        Batch noiseBatch = data.noise();
        SpectrumResult h = SpectrumResult.measure(engine, data.curvature(), data.info(), cc, pl, timer);
        try {
            int keep = AlignmentStatistics.basisSize(cc.topK(), noiseBatch.size(), engine.parameterCount());
            NoiseResult c = timer.time("noise", () -> NoiseCovariance.measure(engine, noiseBatch, nc, keep, pl));
            int[] ok = h.convergedPairs();
            double[] lambda = new double[ok.length];
            List<Vec> vectors = new ArrayList<>();
            for (int j = 0; j < ok.length; j++) {
                lambda[j] = h.topEigenvalues()[ok[j]];
                vectors.add(h.topEigenvectors().get(ok[j]));
            }
            double[][] raw = timer.time("projection", () -> rawProjections(engine, noiseBatch, vectors));
            double[] rows = null;
            if (nc.exactTrHC(noiseBatch.size(), data.curvature().size(), engine.parameterCount())) {
                LinearOperator a = data.curvature().operator(cc.operator());
                rows = timer.time("exactTrHC", () -> NoiseCovariance.rowTraces(engine, noiseBatch, c, a, pl));
            }
            double[] gradient = timer.time("gradient", () -> trainingGradient(engine, data.train()));
            AlignmentStatistics stats = new AlignmentStatistics(lambda, raw, c, rows, h.trace().trace(), h.trace().probeValues(), engine.parameterCount());
            Map<String, double[]> values = stats.point();
            pl.update("bootstrap", 0, nc.bootstrapResamples());
            Bootstrap.Intervals iv = timer.time("bootstrap", () -> Bootstrap.intervals(noiseBatch.size(), nc.bootstrapResamples(), nc.seed(), stats::at));
            pl.update("bootstrap", nc.bootstrapResamples(), nc.bootstrapResamples());
            double[] gradientByK = overlapByK(engine.vectors(), vectors, gradient);
            int gradientK = Math.min(data.classes(), vectors.size());
            SplitHalf split = null;
            if (!data.curvature().population()) {
                split = timer.time("split-half", () -> splitHalf(engine, data, c, h, gradient, iv, cc, pl));
            }
            AlignmentResult al = new AlignmentResult(cc.topK(), lambda, values, iv, split, stats.overlapK(), gradientByK, gradientK,
                    DiagonalPowerLaw.fit(h.trace(), c.diagonal()), nc.bootstrapResamples(), nc.seed());
            return new Result(h, c, al, seconds(timer));
        } catch (RuntimeException e) {
            h.close();
            throw e;
        }
    }

    /** n × k projections gᵢᵀvₖ, uncentred. */
    private static double[][] rawProjections(Engine engine, Batch batch, List<Vec> vectors) {
        if (vectors.isEmpty()) return new double[batch.size()][0];
        NoiseCovariance.Projections p = NoiseCovariance.project(engine, batch, vectors);
        double[][] raw = p.centred();
        for (double[] row : raw) for (int j = 0; j < row.length; j++) row[j] += p.means()[j];
        return raw;
    }

    /** The training set's mean gradient ∇L on the host (near a minimum a noise batch's mean is mostly noise). */
    private static double[] trainingGradient(Engine engine, CurvatureSamples train) {
        try (Vec g = engine.vectors().zeros()) {
            train.meanGradient(g);
            return engine.vectors().toHost(g);
        }
    }

    /** ‖P_k g‖²/‖g‖² for k = 1 … the number of vectors. */
    private static double[] overlapByK(VectorSpace space, List<Vec> vectors, double[] gradient) {
        double norm2 = 0;
        for (double x : gradient) norm2 += x * x;
        double[] out = new double[vectors.size()];
        double cum = 0;
        try (Vec g = space.fromHost(gradient)) {
            for (int j = 0; j < out.length; j++) {
                double d = space.dot(vectors.get(j), g);
                cum += d * d;
                out[j] = norm2 > 0 ? cum / norm2 : Double.NaN;
            }
        }
        return out;
    }

    /** Lanczos on each half of the curvature data, and the λ-dependent statistics again with each half's pairs. */
    private static SplitHalf splitHalf(Engine engine, Data data, NoiseResult c, SpectrumResult h, double[] gradient, Bootstrap.Intervals iv,
                                       CurvatureConfig cc, ProgressListener pl) {
        CurvatureSamples[] halves = data.curvature().halves(cc.seed() ^ 0x5b117L);
        List<Map<String, double[]>> values = new ArrayList<>();
        int[] sizes = new int[2];
        for (int half = 0; half < 2; half++) {
            sizes[half] = halves[half].size();
            LinearOperator a = halves[half].operator(cc.operator());
            try (Lanczos.Eigenpairs e = Lanczos.top(engine.vectors(), a, cc.topK(), cc.lanczosSteps(), cc.tol(), cc.seed() + 17 + half, pl)) {
                List<Vec> vectors = new ArrayList<>();
                List<Double> lam = new ArrayList<>();
                for (int j = 0; j < e.values().length; j++) {
                    if (e.pairConverged()[j]) {
                        vectors.add(e.vectors().get(j));
                        lam.add(e.values()[j]);
                    }
                }
                double[] lambda = lam.stream().mapToDouble(Double::doubleValue).toArray();
                double[][] raw = rawProjections(engine, data.noise(), vectors);
                Map<String, double[]> v = new java.util.LinkedHashMap<>(
                        new AlignmentStatistics(lambda, raw, c, null, h.trace().trace(), h.trace().probeValues(), engine.parameterCount()).point());
                v.put(flatbench.record.Metric.ALIGNMENT_LAMBDA.key(), lambda);
                v.put(flatbench.record.Metric.ALIGNMENT_GRADIENT_OVERLAP_BY_K.key(), overlapByK(engine.vectors(), vectors, gradient));
                values.add(v);
            }
        }
        return SplitHalf.of(sizes, values, iv);
    }

    private static Map<String, Double> seconds(Timings timings) {
        Map<String, Double> out = new java.util.LinkedHashMap<>();
        timings.snapshot().forEach((phase, t) -> out.put(phase, t.totalSeconds()));
        return out;
    }
}
