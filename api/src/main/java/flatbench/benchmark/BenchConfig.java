package flatbench.benchmark;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

import flatbench.engine.Batch;
import flatbench.engine.Precision;
import flatbench.model.ModelSpec;

/**
 * What {@code flatbench bench} measures, on any engine: the wall-clock harness in the suite and
 * the CUDA-event harness in the kernels module read the same definition. Each work item is warmed up
 * until its times settle ({@link WarmUp}), then timed {@code iterations} times; the top-k Lanczos
 * solve is timed {@code lanczosIterations} times. All of it happens in each of {@code forks}
 * fresh JVMs, because a JVM's JIT, heap and thread pools make the samples of one process
 * correlated: the spread between forks is what a regression verdict must be measured against.
 *
 * @param engine            engine name
 * @param precision         float32 or float64
 * @param models            catalogue names
 * @param batch             B
 * @param warmup            untimed runs at least, before the steady-state check may end the warm-up
 * @param warmupSeconds     the warm-up's time budget per work item: it ends here, steady or not (and says so)
 * @param iterations        timed samples per work item and fork
 * @param forks             fresh JVMs, each timing every work item; 0 times in the calling JVM (quick looks only)
 * @param projections       k directions for the projection G·V
 * @param lanczosSteps      fixed Lanczos steps (no early stop: the work is fixed)
 * @param topK              eigenpairs the Lanczos solve reports
 * @param lanczosIterations timed Lanczos solves per fork
 * @param seed              weights, batch and directions
 */
public record BenchConfig(String engine, Precision precision, List<String> models, int batch, int warmup, double warmupSeconds,
                          int iterations, int forks, int projections, int lanczosSteps, int topK, int lanczosIterations, long seed) {
    public BenchConfig {
        models = List.copyOf(models);
        if (models.isEmpty()) throw new IllegalArgumentException("name at least one model to benchmark");
        if (batch < 2) throw new IllegalArgumentException("--batch must be at least 2, not " + batch);
        if (warmup < 0 || iterations < 1 || lanczosIterations < 0) throw new IllegalArgumentException("--iterations must be positive and --warmup non-negative");
        if (!(warmupSeconds >= 0) || !Double.isFinite(warmupSeconds)) throw new IllegalArgumentException("--warmup-time must be zero or more seconds, not " + warmupSeconds);
        if (forks < 0) throw new IllegalArgumentException("--forks must be zero (time in this JVM) or more, not " + forks);
        if (projections < 1 || topK < 1 || lanczosSteps < topK) throw new IllegalArgumentException("need 1 ≤ top-k ≤ Lanczos steps and at least one projection");
    }

    /**
     * CPU defaults: LeNet at B = 32 in float64, the precision curvature runs in on the CPU engines;
     * five forks, as JMH runs by default, so a verdict can be tested against the spread between them.
     */
    public static BenchConfig cpuDefaults(String engine) {
        return new BenchConfig(engine, Precision.FLOAT64, List.of("lenet"), 32, 2, 5.0, 5, 5, 20, 60, 20, 1, 42L);
    }

    /** The GPU list: LeNet and ResNet-18 at B = 128 in float32; three forks keep a GPU session short. */
    public static BenchConfig gpuDefaults(String engine) {
        return new BenchConfig(engine, Precision.FLOAT32, List.of("lenet", "resnet18"), 128, 3, 5.0, 10, 3, 20, 60, 20, 1, 42L);
    }

    /** The same work timed once per Lanczos iteration, without warm-up: one solve is long enough to time alone. */
    public BenchConfig forLanczos() {
        int n = Math.max(1, lanczosIterations);
        return new BenchConfig(engine, precision, models, batch, 0, 0.0, n, forks, projections, lanczosSteps, topK, n, seed);
    }

    /** This definition timed in {@code n} forks (0: in the calling JVM). */
    public BenchConfig withForks(int n) {
        return new BenchConfig(engine, precision, models, batch, warmup, warmupSeconds, iterations, n, projections, lanczosSteps, topK,
                lanczosIterations, seed);
    }

    /**
     * What is timed, less how often and in how many JVMs (which does not change what is timed):
     * the whole config without the warm-up, iteration and fork counts.
     */
    public Map<String, Object> definition() {
        Map<String, Object> m = toMap();
        m.keySet().removeAll(List.of("warmup", "warmupSeconds", "iterations", "forks", "lanczosIterations"));
        return m;
    }

    /** The definition of one model's benchmarks: {@link #definition()} for that model alone. */
    public Map<String, Object> definition(String model) {
        Map<String, Object> m = definition();
        m.remove("models");
        m.put("model", model);
        return m;
    }

    /**
     * The benchmark version of one model's work items, the first 16 hex digits of the SHA-256 of
     * its {@link #definition(String)}. Both harnesses' results carry it, so a changed definition
     * is never compared with its old baseline.
     */
    public String version(String model) { return hash(definition(model)); }

    /** The version of the whole benchmark run (every model): the hash of {@link #definition()}. */
    public String version() { return hash(definition()); }

    private static String hash(Map<String, Object> definition) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(definition.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM lacks SHA-256, which every Java 17 runtime must provide", e);
        }
    }

    /**
     * The batch every harness times on {@code spec}: uniform inputs in [-1, 1) and uniform labels,
     * drawn from the seed (timing does not depend on the values, but CPU and GPU should see the same ones).
     */
    public Batch inputs(ModelSpec spec) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[batch * spec.input().size()];
        for (int i = 0; i < x.length; i++) x[i] = (float) (r.nextDouble() * 2 - 1);
        int[] y = new int[batch];
        for (int i = 0; i < batch; i++) y[i] = r.nextInt(spec.numClasses());
        return new Batch(spec.input(), batch, x, y);
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("engine", engine);
        m.put("precision", precision.label());
        m.put("models", models);
        m.put("batch", batch);
        m.put("warmup", warmup);
        m.put("warmupSeconds", warmupSeconds);
        m.put("iterations", iterations);
        m.put("forks", forks);
        m.put("projections", projections);
        m.put("lanczosSteps", lanczosSteps);
        m.put("topK", topK);
        m.put("lanczosIterations", lanczosIterations);
        m.put("seed", seed);
        return m;
    }
}
