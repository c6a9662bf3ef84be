package flatbench.bench;

import flatbench.benchmark.BenchConfig;
import flatbench.benchmark.WarmUp;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

import flatbench.cuda.CudaContext;
import flatbench.cuda.bench.GpuBenchmark;
import flatbench.engine.EngineProvider;
import flatbench.measure.ProgressListener;
import flatbench.model.ModelSpec;
import flatbench.record.BenchmarkResult;
import flatbench.record.Hashes;
import flatbench.record.Provenance;
import flatbench.record.ProvenanceCollector;
import flatbench.record.RunRecord;
import flatbench.record.RunRecordStore;
import flatbench.run.RunExecutor;
import flatbench.run.RunFolders;

/**
 * Runs the benchmarks of a {@link BenchConfig} and writes them as a run record: in
 * {@link BenchConfig#forks()} fresh JVMs (each started by a {@link ForkCommand} that runs this
 * class with no forks), or in this JVM when there are none.
 */
public final class BenchRunner {
    private BenchRunner() {}

    public record Outcome(Path runDir, RunRecord record) {}

    /**
     * @param fork starts one fork of this build with this config (and {@code forks = 0}); unused when {@code c.forks()} is 0
     */
    public static Outcome run(BenchConfig c, Path runsRoot, Path repoDir, ForkCommand fork, ProgressListener progress) {
        // Names are checked here, so a typo fails at once rather than in the first fork.
        RunExecutor.resolveEngine(c.engine());
        c.models().forEach(RunExecutor::resolveModel);
        if (c.forks() == 0) return inThisJvm(c, runsRoot, repoDir, progress);
        Objects.requireNonNull(fork, "a fork command");
        List<RunRecord> forks = Forks.run(fork, c.forks(), progress);
        return write(runsRoot, "bench-" + c.engine(), forks);
    }

    /** Pools the forks of one side into one record in a new run folder under {@code runsRoot}. */
    public static Outcome write(Path runsRoot, String label, List<RunRecord> forks) {
        Path dir = RunFolders.create(runsRoot, label);
        RunRecord pooled = Forks.pool(dir.getFileName().toString(), forks);
        RunRecordStore.write(dir, pooled);
        return new Outcome(dir, pooled);
    }

    /** Times every work item once in this JVM: one fork. */
    static Outcome inThisJvm(BenchConfig c, Path runsRoot, Path repoDir, ProgressListener progress) {
        EngineProvider provider = RunExecutor.resolveEngine(c.engine());
        List<ModelSpec> specs = c.models().stream().map(RunExecutor::resolveModel).toList();
        Provenance p = ProvenanceCollector.collect(repoDir)
                .withRun(c.seed(), c.engine(), c.precision().label())
                .withBenchmarkVersion(Hashes.sha256(c.toMap().toString()).substring(0, 16));
        Path dir = RunFolders.create(runsRoot, "bench-" + c.engine());
        try {
            RunRecord.Builder record;
            if (c.engine().equalsIgnoreCase("cuda")) {
                record = RunRecord.builder(dir.getFileName().toString(), p.withKernelHashes(CudaContext.kernelHashes())).config(c.toMap());
                cuda(c, specs, p.machine(), record);
            } else {
                record = RunRecord.builder(dir.getFileName().toString(), p).config(c.toMap());
                for (ModelSpec spec : specs) {
                    for (BenchmarkResult r : EngineBenchmark.run(provider, spec, c, p.machine(), progress)) record.benchmark(r);
                }
            }
            RunRecord built = record.build();
            RunRecordStore.write(dir, built);
            return new Outcome(dir, built);
        } catch (RuntimeException e) {
            RunFolders.removeIfEmpty(dir);
            throw e;
        }
    }

    /**
     * The CUDA engine is timed by its own harness: CUDA events around asynchronous launches
     * (wall clock would miss queued work) and the memory pool's peak.
     */
    private static void cuda(BenchConfig c, List<ModelSpec> specs, String machine, RunRecord.Builder record) {
        if (c.precision() != flatbench.engine.Precision.FLOAT32) throw new IllegalArgumentException("the cuda engine runs in float32 only");
        try (CudaContext cuda = CudaContext.create()) {
            record.metric("gpu.device", cuda.deviceName());
            for (GpuBenchmark.Result r : GpuBenchmark.run(cuda, specs, c)) {
                String version = Hashes.sha256(c.definition(r.model()).toString()).substring(0, 16);
                double[] seconds = r.samplesMs().stream().mapToDouble(ms -> ms / 1000).toArray();
                WarmUp w = r.warmUp();
                record.benchmark(BenchmarkResult.of(r.model() + "/" + r.work(), version, "s", machine, c.precision().label(),
                        List.of(new BenchmarkResult.Fork(seconds, w))));
                record.metric("gpu.peakDeviceBytes." + r.model() + "." + r.work(), r.peakDeviceBytes());
            }
        }
    }
}
