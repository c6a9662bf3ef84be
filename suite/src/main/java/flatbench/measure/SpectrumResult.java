package flatbench.measure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import flatbench.engine.Batch;
import flatbench.engine.Engine;
import flatbench.engine.Vec;
import flatbench.record.Estimate;
import flatbench.record.Metric;
import flatbench.timing.Timings;

/**
 * Curvature spectrum of the mean loss over the curvature samples: top eigenpairs, trace and
 * diagonal (exact for small models), density. Holds the eigenvectors in the engine's space:
 * close it (or the measurement holding it).
 *
 * @param tol  the convergence tolerance the pairs were judged by
 * @param data which samples the curvature was measured on
 */
public record SpectrumResult(CurvatureOperator operator, Lanczos.Eigenpairs eigen, Hutchinson.Estimate trace,
                             SpectralDensity density, double tol, CurvatureData.Resolved data) implements AutoCloseable {

    private static final double Z95 = 1.959963984540054;

    /** The spectrum of the mean loss on one batch (taken as the whole training set). */
    static SpectrumResult measure(Engine engine, Batch batch, CurvatureConfig c, ProgressListener progress, Timings timer) {
        CurvatureData.Resolved info = new CurvatureData.Resolved(CurvatureData.TRAIN, CurvatureData.TRAIN, batch.size(), true);
        return measure(engine, CurvatureSamples.all(engine, SampleSet.of("train", batch), true), info, c, progress, timer);
    }

    /** Runs Lanczos, Hutchinson (or the exact diagonal) and SLQ, timing each phase into the timer. */
    public static SpectrumResult measure(Engine engine, CurvatureSamples samples, CurvatureData.Resolved data, CurvatureConfig c,
                                         ProgressListener progress, Timings timer) {
        LinearOperator a = samples.operator(c.operator());
        var space = engine.vectors();
        var seeds = new java.util.SplittableRandom(c.seed());
        long lanczosSeed = seeds.nextLong(), hutchinsonSeed = seeds.nextLong(), slqSeed = seeds.nextLong();
        Lanczos.Eigenpairs eig = timer.time("lanczos",
                () -> Lanczos.top(space, a, c.topK(), c.lanczosSteps(), c.tol(), lanczosSeed, progress));
        try {
            Hutchinson.Estimate tr = c.exactDiagonal(engine.parameterCount())
                    ? timer.time("hutchinson", () -> Hutchinson.exact(space, a, progress))
                    : timer.time("hutchinson", () -> Hutchinson.estimate(space, a, c.hutchinsonProbes(), hutchinsonSeed, progress));
            SpectralDensity d = timer.time("slq",
                    () -> SpectralDensity.estimate(space, a, c.slqRuns(), c.slqSteps(), c.slqSigma(), c.slqGridPoints(), slqSeed, progress));
            return new SpectrumResult(c.operator(), eig, tr, d, c.tol(), data);
        } catch (RuntimeException e) {
            eig.close();
            throw e;
        }
    }

    public double[] topEigenvalues() { return eigen.values(); }

    public List<Vec> topEigenvectors() { return eigen.vectors(); }

    /** Indices of the pairs whose true residual passes the tolerance, in order. */
    public int[] convergedPairs() {
        boolean[] ok = eigen.pairConverged();
        return java.util.stream.IntStream.range(0, ok.length).filter(i -> ok[i]).toArray();
    }

    /** tr H with its 95% interval over the probes (exact: no interval needed, the width is 0). */
    public Estimate traceEstimate() {
        double se = trace.standardError();
        return Estimate.of(trace.trace()).withInterval(trace.trace() - Z95 * se, trace.trace() + Z95 * se);
    }

    /** Summary for metrics.hessian; the diagonal (length P) stays out. */
    public Map<String, Object> toMetrics() {
        Map<String, Object> m = new LinkedHashMap<>();
        Metric.HESSIAN_OPERATOR.put(m, operator.label());
        Map<String, Object> cd = new LinkedHashMap<>();
        Metric.CURVATURE_DATA_REQUESTED.put(cd, data.requested().label());
        Metric.CURVATURE_DATA_USED.put(cd, data.used().label());
        Metric.CURVATURE_DATA_SAMPLES.put(cd, data.samples());
        Metric.CURVATURE_DATA_POPULATION.put(cd, data.population());
        m.put("curvatureData", cd);
        Metric.HESSIAN_TOP_EIGENVALUES.put(m, eigen.values());
        Metric.HESSIAN_RESIDUALS.put(m, eigen.residuals());
        Metric.HESSIAN_LANCZOS_STEPS.put(m, eigen.steps());
        Metric.HESSIAN_CONVERGED.put(m, eigen.converged());
        Metric.HESSIAN_TOLERANCE.put(m, tol);
        Metric.HESSIAN_TRACE.put(m, traceEstimate());
        Metric.HESSIAN_TRACE_PROBES.put(m, trace.probes());
        Metric.HESSIAN_TRACE_PROBE_VALUES.put(m, trace.probeValues());
        Metric.HESSIAN_DIAGONAL_EXACT.put(m, trace.exact());
        m.put("density", density.toMetrics());
        return m;
    }

    @Override public void close() { eigen.close(); }
}
