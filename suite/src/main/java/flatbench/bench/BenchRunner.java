package flatbench.bench;

import java.nio.file.Path;
import java.util.List;

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

/** Runs the benchmarks of a {@link BenchConfig} and writes them as a run record. */
public final class BenchRunner {
    private BenchRunner() {}

    public record Outcome(Path runDir, RunRecord record) {}

    public static Outcome run(BenchConfig c, Path runsRoot, Path repoDir, ProgressListener progress) {
        EngineProvider provider = RunExecutor.resolveEngine(c.engine());
        List<ModelSpec> specs = c.models().stream().map(RunExecutor::resolveModel).toList();
        Provenance p = ProvenanceCollector.collect(repoDir)
                .withRun(c.seed(), c.engine(), c.precision().label())
                .withBenchmarkVersion(Hashes.sha256(c.toMap().toString()).substring(0, 16));
        Path dir = RunFolders.create(runsRoot, "bench-" + c.engine());
        try {
            RunRecord.Builder record = RunRecord.builder(dir.getFileName().toString(), p).config(c.toMap());
            for (ModelSpec spec : specs) {
                for (BenchmarkResult r : EngineBenchmark.run(provider, spec, c, p.machine(), progress)) record.benchmark(r);
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
