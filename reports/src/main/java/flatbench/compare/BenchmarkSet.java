package flatbench.compare;

import flatbench.record.BenchmarkResult;
import flatbench.record.RunRecord;
import flatbench.record.RunRecordStore;

import java.nio.file.Path;
import java.util.List;

/**
 * The benchmarks of one run, with where and from which commit they came.
 *
 * @param label names the set in reports, e.g. a run id or a file path
 */
public record BenchmarkSet(String label, String machine, String commit, String createdAt, List<BenchmarkResult> benchmarks) {
    public BenchmarkSet {
        benchmarks = List.copyOf(benchmarks);
    }

    public static BenchmarkSet of(RunRecord r) {
        return new BenchmarkSet(r.runId(), r.provenance().machine(), r.provenance().gitCommit(), r.provenance().createdAt(),
                r.benchmarks());
    }

    /** Reads a result file or run directory; the label is the path given. */
    public static BenchmarkSet read(Path fileOrRunDir) {
        RunRecord r = RunRecordStore.read(fileOrRunDir);
        BenchmarkSet s = of(r);
        return new BenchmarkSet(fileOrRunDir.toString(), s.machine, s.commit, s.createdAt, s.benchmarks);
    }
}
