package flatbench.benchmark.run;

import flatbench.benchmark.BenchConfig;
import flatbench.benchmark.BenchHarness;
import flatbench.benchmark.Work;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.Objects;

import flatbench.engine.EngineProvider;
import flatbench.measure.ProgressListener;
import flatbench.model.ModelSpec;
import flatbench.record.BenchmarkResult;
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

    /**
     * Times every work item once in this JVM: one fork, by the engine's own harness where it has
     * one ({@link EngineProvider#benchHarness()}), else by {@link WallClockHarness}.
     */
    static Outcome inThisJvm(BenchConfig c, Path runsRoot, Path repoDir, ProgressListener progress) {
        EngineProvider provider = RunExecutor.resolveEngine(c.engine());
        List<ModelSpec> specs = c.models().stream().map(RunExecutor::resolveModel).toList();
        Provenance p = ProvenanceCollector.collect(repoDir)
                .withRun(c.seed(), c.engine(), c.precision().label())
                .withBenchmarkVersion(c.version())
                .withKernelHashes(provider.kernelHashes());
        WallClockHarness host = new WallClockHarness(provider, progress);
        BenchHarness own = provider.benchHarness().orElse(host);
        Path dir = RunFolders.create(runsRoot, "bench-" + c.engine());
        try {
            BenchHarness.Timings t = own.time(specs, c);
            Set<Work> rest = EnumSet.complementOf(EnumSet.copyOf(own.works()));
            List<BenchHarness.Timed> items = new ArrayList<>(t.items());
            if (!rest.isEmpty()) items.addAll(host.time(specs, c, rest).items());
            // Model by model, in Work order, whichever harness timed the item.
            List<String> order = specs.stream().map(ModelSpec::name).toList();
            items.sort(Comparator.comparingInt((BenchHarness.Timed i) -> order.indexOf(i.model())).thenComparing(BenchHarness.Timed::work));
            RunRecord.Builder record = RunRecord.builder(dir.getFileName().toString(), p).config(c.toMap());
            t.metrics().forEach(record::metric);
            for (BenchHarness.Timed item : items) {
                record.benchmark(BenchmarkResult.of(item.name(), c.version(item.model()), "s", p.machine(), c.precision().label(),
                        List.of(new BenchmarkResult.Fork(item.seconds(), item.warmUp()))));
            }
            RunRecord built = record.build();
            RunRecordStore.write(dir, built);
            return new Outcome(dir, built);
        } catch (RuntimeException e) {
            RunFolders.removeIfEmpty(dir);
            throw e;
        }
    }
}
