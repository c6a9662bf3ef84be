package flatbench.measure;

import java.util.Map;

import flatbench.engine.Batch;
import flatbench.engine.Engine;
import flatbench.timing.Timings;

/**
 * The one entry point: curvature spectrum on one batch, noise covariance on another, and their
 * alignment. Runs on any engine through the contract alone.
 */
public final class AlignmentMeasurement {
    private AlignmentMeasurement() {}

    /**
     * @param hessian   goes under metrics.hessian (close it: it holds eigenvectors in the engine's space)
     * @param noise     goes under metrics.noise
     * @param alignment goes under metrics.alignment
     * @param phaseSeconds wall time per phase: lanczos, hutchinson, slq, noise, projection, exactTrHC
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

    public static Result measure(Engine engine, Batch curvatureBatch, Batch noiseBatch, MeasureConfig config, ProgressListener progress) {
        return measure(engine, curvatureBatch, noiseBatch, config, progress, new Timings());
    }

    /** As above, recording each phase (lanczos, hutchinson, slq, noise, projection, exactTrHC) into the run's timings. */
    public static Result measure(Engine engine, Batch curvatureBatch, Batch noiseBatch, MeasureConfig config, ProgressListener progress,
                                 Timings runTimings) {
        // This call's phases are timed on their own (Result.phaseSeconds), then added to the run's.
        Timings timer = new Timings();
        try {
            return measureTimed(engine, curvatureBatch, noiseBatch, config, progress, timer);
        } finally {
            timer.snapshot().forEach((phase, t) -> {
                for (double sec : t.samplesSeconds()) runTimings.record(phase, Math.round(sec * 1e9));
            });
        }
    }

    private static Result measureTimed(Engine engine, Batch curvatureBatch, Batch noiseBatch, MeasureConfig config,
                                       ProgressListener progress, Timings timer) {
        ProgressListener pl = progress == null ? ProgressListener.NONE : progress;
        CurvatureConfig cc = config.curvature();
        SpectrumResult h = SpectrumResult.measure(engine, curvatureBatch, cc, pl, timer);
        try {
            NoiseResult c = timer.time("noise", () -> NoiseCovariance.measure(engine, noiseBatch, config.noise(), cc.topK(), pl));
            NoiseCovariance.Projections proj = timer.time("projection", () -> NoiseCovariance.project(engine, noiseBatch, h.topEigenvectors()));
            double exact = Double.NaN;
            if (config.noise().exactTrHC(noiseBatch.size(), engine.parameterCount())) {
                LinearOperator a = LinearOperator.of(engine, curvatureBatch, cc.operator());
                exact = timer.time("exactTrHC", () -> NoiseCovariance.traceWithOperator(engine, noiseBatch, c, a, pl));
            }
            return new Result(h, c, AlignmentResult.compute(h, c, proj, exact), seconds(timer));
        } catch (RuntimeException e) {
            h.close();
            throw e;
        }
    }

    private static Map<String, Double> seconds(Timings timings) {
        Map<String, Double> out = new java.util.LinkedHashMap<>();
        timings.snapshot().forEach((phase, t) -> out.put(phase, t.totalSeconds()));
        return out;
    }
}
