package flatbench.measure;

import java.util.Map;

import flatbench.engine.Batch;
import flatbench.engine.Engine;

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
        /** {hessian, noise, alignment, phaseSeconds}: the three metric trees and the timings. */
        public Map<String, Object> toMetrics() {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("hessian", hessian.toMetrics());
            m.put("noise", noise.toMetrics());
            m.put("alignment", alignment.toMetrics());
            m.put("phaseSeconds", phaseSeconds);
            return m;
        }

        @Override public void close() { hessian.close(); }
    }

    public static Result measure(Engine engine, Batch curvatureBatch, Batch noiseBatch, MeasureConfig config, ProgressListener progress) {
        ProgressListener pl = progress == null ? ProgressListener.NONE : progress;
        PhaseTimer timer = new PhaseTimer();
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
            return new Result(h, c, AlignmentResult.compute(h, c, proj, exact), timer.seconds());
        } catch (RuntimeException e) {
            h.close();
            throw e;
        }
    }
}
