package flatbench.benchmark.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import flatbench.benchmark.BenchConfig;
import flatbench.benchmark.BenchHarness;
import flatbench.benchmark.WarmUp;
import flatbench.benchmark.Work;
import flatbench.engine.Batch;
import flatbench.engine.Engine;
import flatbench.engine.EngineProvider;
import flatbench.engine.Vec;
import flatbench.engine.VectorSpace;
import flatbench.measure.CurvatureOperator;
import flatbench.measure.Lanczos;
import flatbench.measure.LinearOperator;
import flatbench.measure.ProgressListener;
import flatbench.model.ModelSpec;

/**
 * The host harness, the counterpart of the CUDA engine's {@code CudaEventHarness}: times the
 * {@link Work} items through the engine contract, by wall clock
 * around synchronous engine calls, after a warm-up until steady ({@link WarmUp}); every sample is
 * kept with how the warm-up went. Times one fork (this JVM); {@link BenchRunner} starts the forks.
 * Runs on any engine whose calls return when the work is done.
 */
public final class WallClockHarness implements BenchHarness {
    private final EngineProvider provider;
    private final ProgressListener progress;

    public WallClockHarness(EngineProvider provider, ProgressListener progress) {
        this.provider = provider;
        this.progress = progress;
    }

    @Override public Timings time(List<ModelSpec> specs, BenchConfig c) {
        return time(specs, c, works());
    }

    /** Times only the given work items (those another harness leaves to this one). */
    public Timings time(List<ModelSpec> specs, BenchConfig c, Set<Work> works) {
        List<Timed> out = new ArrayList<>();
        for (ModelSpec spec : specs) out.addAll(timeModel(spec, c, works));
        return new Timings(out, Map.of());
    }

    private List<Timed> timeModel(ModelSpec spec, BenchConfig c, Set<Work> works) {
        List<Timed> out = new ArrayList<>();
        Batch batch = c.inputs(spec);
        try (Engine e = provider.create(spec, c.precision(), c.seed())) {
            VectorSpace space = e.vectors();
            List<Vec> directions = new ArrayList<>();
            try (Vec grad = space.zeros(); Vec v = space.zeros(); Vec hv = space.zeros()) {
                for (int j = 0; j < c.projections(); j++) {
                    Vec d = space.zeros();
                    space.fillGaussian(d, c.seed() + 1 + j);
                    directions.add(d);
                }
                space.fillGaussian(v, c.seed());
                space.scale(v, 1.0 / space.norm(v));
                String m = spec.name();
                if (works.contains(Work.FORWARD_BACKWARD)) out.add(time(m, Work.FORWARD_BACKWARD, c, () -> e.lossAndGradient(batch, grad)));
                if (works.contains(Work.PER_SAMPLE_GRADIENTS)) out.add(time(m, Work.PER_SAMPLE_GRADIENTS, c, () -> e.perSampleGradients(batch, (row, g) -> { })));
                if (works.contains(Work.NOISE_GRAM)) out.add(time(m, Work.NOISE_GRAM, c, () -> e.gram(batch, true)));
                if (works.contains(Work.PROJECTION)) out.add(time(m, Work.PROJECTION, c, () -> e.project(batch, directions)));
                if (works.contains(Work.HVP)) out.add(time(m, Work.HVP, c, () -> e.hessianVector(batch, v, hv)));
                if (works.contains(Work.LANCZOS_TOP_K) && c.lanczosIterations() > 0) {
                    LinearOperator h = LinearOperator.of(e, batch, CurvatureOperator.HESSIAN);
                    int[] solve = {0};
                    // tol 0: never stop early, so every sample does the same lanczosSteps products.
                    out.add(time(m, Work.LANCZOS_TOP_K, c.forLanczos(), () -> {
                        try (Lanczos.Eigenpairs eig = Lanczos.top(space, h, c.topK(), c.lanczosSteps(), 0.0, c.seed() + solve[0]++, progress)) {
                            // only the time matters
                        }
                    }));
                }
            } finally {
                directions.forEach(Vec::close);
            }
        }
        return out;
    }

    /** Warms the work up until it is steady (or the budget is spent), then takes the timed samples. */
    private Timed time(String model, Work work, BenchConfig c, Runnable body) {
        String name = work.nameOn(model);
        progress.update(name + " warm-up", 0, 1);
        WarmUp warmUp = WarmUp.run(c, () -> seconds(body));
        double[] samples = new double[c.iterations()];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = seconds(body);
            progress.update(name, i + 1, samples.length);
        }
        return new Timed(model, work, samples, warmUp);
    }

    private static double seconds(Runnable work) {
        long t0 = System.nanoTime();
        work.run();
        return (System.nanoTime() - t0) / 1e9;
    }
}
