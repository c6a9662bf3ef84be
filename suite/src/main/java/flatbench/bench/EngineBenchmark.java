package flatbench.bench;

import flatbench.benchmark.BenchConfig;
import flatbench.benchmark.WarmUp;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

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
import flatbench.record.BenchmarkResult;
import flatbench.record.Hashes;

/**
 * Times the engine contract's primitives on one model: forward + backward, per-sample
 * gradients, the noise Gram matrix, projections onto k directions, one Hessian-vector product
 * and a fixed-step top-k Lanczos solve. Each is warmed up until steady ({@link WarmUp}), then
 * timed by wall clock around synchronous engine calls; every sample is kept with how the warm-up
 * went. Times one fork (this JVM); {@link BenchRunner} starts the forks. Runs on any engine, so
 * CPU and GPU numbers come from the same definitions.
 */
public final class EngineBenchmark {
    private EngineBenchmark() {}

    /** The work items, in order; names are "{model}/{work}". */
    public static final List<String> WORK = List.of("forward-backward", "per-sample-gradients", "noise-gram",
            "projection", "hvp", "lanczos-top-k");

    public static List<BenchmarkResult> run(EngineProvider provider, ModelSpec spec, BenchConfig c, String machine,
                                            ProgressListener progress) {
        String version = Hashes.sha256(c.definition(spec.name()).toString()).substring(0, 16);
        List<BenchmarkResult> out = new ArrayList<>();
        Batch batch = randomBatch(spec, c.batch(), c.seed());
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
                String label = spec.name() + "/";
                out.add(time(label + "forward-backward", version, c, machine, progress, () -> e.lossAndGradient(batch, grad)));
                out.add(time(label + "per-sample-gradients", version, c, machine, progress, () -> e.perSampleGradients(batch, (row, g) -> { })));
                out.add(time(label + "noise-gram", version, c, machine, progress, () -> e.gram(batch, true)));
                out.add(time(label + "projection", version, c, machine, progress, () -> e.project(batch, directions)));
                out.add(time(label + "hvp", version, c, machine, progress, () -> e.hessianVector(batch, v, hv)));
                if (c.lanczosIterations() > 0) {
                    LinearOperator h = LinearOperator.of(e, batch, CurvatureOperator.HESSIAN);
                    int[] solve = {0};
                    // tol 0: never stop early, so every sample does the same lanczosSteps products.
                    out.add(time(label + "lanczos-top-k", version, c.forLanczos(), machine, progress, () -> {
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
    private static BenchmarkResult time(String name, String version, BenchConfig c, String machine, ProgressListener progress, Runnable work) {
        progress.update(name + " warm-up", 0, 1);
        WarmUp warmUp = WarmUp.run(c, () -> seconds(work));
        double[] samples = new double[c.iterations()];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = seconds(work);
            progress.update(name, i + 1, samples.length);
        }
        return BenchmarkResult.of(name, version, "s", machine, c.precision().label(), List.of(new BenchmarkResult.Fork(samples, warmUp)));
    }

    private static double seconds(Runnable work) {
        long t0 = System.nanoTime();
        work.run();
        return (System.nanoTime() - t0) / 1e9;
    }

    /** Uniform inputs in [-1, 1) and uniform labels: timing does not depend on the values. */
    static Batch randomBatch(ModelSpec spec, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n * spec.input().size()];
        for (int i = 0; i < x.length; i++) x[i] = (float) (r.nextDouble() * 2 - 1);
        int[] y = new int[n];
        for (int i = 0; i < n; i++) y[i] = r.nextInt(spec.numClasses());
        return new Batch(spec.input(), n, x, y);
    }
}
