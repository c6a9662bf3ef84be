package flatbench.measure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import flatbench.engine.Batch;
import flatbench.engine.Engine;
import flatbench.engine.Vec;
import flatbench.timing.Timings;

/**
 * Curvature spectrum of the mean loss on one batch: top eigenpairs, trace and diagonal, density.
 * Holds the eigenvectors in the engine's space: close it (or the measurement holding it).
 */
public record SpectrumResult(CurvatureOperator operator, Lanczos.Eigenpairs eigen, Hutchinson.Estimate trace,
                             SpectralDensity density) implements AutoCloseable {

    public static SpectrumResult measure(Engine engine, Batch batch, CurvatureConfig c, ProgressListener progress) {
        return measure(engine, batch, c, progress, new Timings());
    }

    /** Runs Lanczos, Hutchinson and SLQ on the batch, timing each phase into the timer. */
    public static SpectrumResult measure(Engine engine, Batch batch, CurvatureConfig c, ProgressListener progress, Timings timer) {
        LinearOperator a = LinearOperator.of(engine, batch, c.operator());
        var space = engine.vectors();
        var seeds = new java.util.SplittableRandom(c.seed());
        long lanczosSeed = seeds.nextLong(), hutchinsonSeed = seeds.nextLong(), slqSeed = seeds.nextLong();
        Lanczos.Eigenpairs eig = timer.time("lanczos",
                () -> Lanczos.top(space, a, c.topK(), c.lanczosSteps(), c.tol(), lanczosSeed, progress));
        try {
            Hutchinson.Estimate tr = timer.time("hutchinson",
                    () -> Hutchinson.estimate(space, a, c.hutchinsonProbes(), hutchinsonSeed, progress));
            SpectralDensity d = timer.time("slq",
                    () -> SpectralDensity.estimate(space, a, c.slqRuns(), c.slqSteps(), c.slqSigma(), c.slqGridPoints(), slqSeed, progress));
            return new SpectrumResult(c.operator(), eig, tr, d);
        } catch (RuntimeException e) {
            eig.close();
            throw e;
        }
    }

    public double[] topEigenvalues() { return eigen.values(); }

    public List<Vec> topEigenvectors() { return eigen.vectors(); }

    /** Summary for metrics.hessian; the diagonal (length P) stays out. */
    public Map<String, Object> toMetrics() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("operator", operator.label());
        m.put("topEigenvalues", eigen.values());
        m.put("residuals", eigen.residuals());
        m.put("lanczosSteps", eigen.steps());
        m.put("converged", eigen.converged());
        m.put("trace", trace.trace());
        m.put("traceStdErr", trace.standardError());
        m.put("traceProbes", trace.probes());
        m.put("traceProbeValues", trace.probeValues());
        m.put("density", density.toMetrics());
        return m;
    }

    @Override public void close() { eigen.close(); }
}
