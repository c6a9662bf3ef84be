package flatbench.compare;

import flatbench.record.BenchmarkResult;
import flatbench.record.RecordException;
import flatbench.record.RunRecord;
import flatbench.record.RunRecordStore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The benchmarks of one run, or of several runs of the same code pooled, with where and from
 * which commit they came.
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

    /**
     * Reads a result file, a run directory, or a directory of result files such as a commit's
     * folder in the {@link ResultStore}, whose runs are pooled (each benchmark keeps the forks of
     * every run). The label is the path given.
     */
    public static BenchmarkSet read(Path path) {
        if (Files.isDirectory(path) && !Files.exists(path.resolve(RunRecordStore.RESULT_FILE))) {
            List<RunRecord> runs = ResultStore.scan(path).entries().stream().map(ResultStore.Entry::record).toList();
            if (runs.isEmpty()) {
                throw new RecordException(path + " holds neither a " + RunRecordStore.RESULT_FILE + " nor stored results; pass a run folder, a result file or a commit's folder of a result store.");
            }
            return pool(path.toString(), runs);
        }
        BenchmarkSet s = of(RunRecordStore.read(path));
        return new BenchmarkSet(path.toString(), s.machine, s.commit, s.createdAt, s.benchmarks);
    }

    /**
     * Several runs of one clean commit on one machine as one set: each benchmark's forks are those of
     * all the runs. Runs of different commits or machines are refused, since pooling them would
     * hide the very difference a comparison looks for.
     */
    public static BenchmarkSet pool(String label, List<RunRecord> runs) {
        if (runs.isEmpty()) throw new IllegalArgumentException("no runs to pool");
        RunRecord first = runs.get(0);
        if (runs.size() > 1 && !Boolean.FALSE.equals(first.provenance().gitDirty())) {
            throw new RecordException(label + " holds " + runs.size() + " runs of a working tree with uncommitted (or unknown) changes, "
                    + "which may each be different code; compare one of them, or runs of a commit.");
        }
        for (RunRecord r : runs) {
            if (!r.provenance().gitCommit().equals(first.provenance().gitCommit())
                    || !r.provenance().machine().equals(first.provenance().machine())) {
                throw new RecordException(label + " holds runs of different code or machines (" + describe(first) + " and "
                        + describe(r) + "); pool only runs of one commit on one machine.");
            }
        }
        List<BenchmarkResult> pooled = BenchmarkResult.poolByName(runs.stream().map(RunRecord::benchmarks).toList());
        return new BenchmarkSet(label, first.provenance().machine(), first.provenance().gitCommit(), first.provenance().createdAt(), pooled);
    }

    private static String describe(RunRecord r) {
        return r.provenance().gitCommit() + (Boolean.TRUE.equals(r.provenance().gitDirty()) ? "+dirty" : "") + " on " + r.provenance().machine();
    }
}
