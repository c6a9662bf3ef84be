package flatbench.compare;

import flatbench.record.BenchmarkResult;
import flatbench.record.Provenance;
import flatbench.record.RecordException;
import flatbench.record.RunRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

public class ResultStoreTest {
    @TempDir Path dir;

    public static RunRecord record(String machine, String commit, Boolean dirty, String createdAt, double median) {
        return record("run-" + commit, machine, commit, dirty, createdAt, median);
    }

    public static RunRecord record(String runId, String machine, String commit, Boolean dirty, String createdAt, double median) {
        Provenance p = new Provenance(commit, dirty, 1, "reference", "float64", "jvm", "os", "cpu", machine, null, null, null,
                null, null, createdAt);
        return RunRecord.builder(runId, p)
                .benchmark(BenchmarkResult.of("hvp", "v1", "s", machine, "float64", median, median * 1.01, median * 0.99))
                .build();
    }

    @Test
    void layoutIsMachineThenCommitThenRun() {
        ResultStore store = new ResultStore(dir);
        Path clean = store.save(record("gpu box/1", "abc", false, "2026-01-02T00:00:00Z", 1));
        Path dirty = store.save(record("gpu box/1", "abc", true, "2026-01-03T00:00:00Z", 2));
        assertEquals(dir.resolve("gpu_box_1").resolve("abc").resolve("run-abc.json"), clean);
        assertEquals(dir.resolve("gpu_box_1").resolve("abc-dirty").resolve("run-abc.json"), dirty);
        assertEquals(1.0, store.runs("gpu box/1", "abc").get(0).benchmarks().get(0).median());
        assertTrue(store.runs("gpu box/1", "def").isEmpty());
    }

    @Test
    void aSecondRunOfTheSameCommitIsAddedNotReplacedAndTheirForksArePooled() {
        ResultStore store = new ResultStore(dir);
        Path first = store.save(record("m", "abc", false, "2026-01-01T00:00:00Z", 1));
        Path second = store.save(record("m", "abc", false, "2026-01-02T00:00:00Z", 2));
        assertNotEquals(first, second, "the same run id gets a fresh name");
        assertEquals(List.of(1.0, 2.0), store.runs("m", "abc").stream().map(r -> r.benchmarks().get(0).median()).toList());
        BenchmarkSet pooled = BenchmarkSet.read(first.getParent());
        assertEquals(2, pooled.benchmarks().get(0).forks().size());
        assertEquals(6, pooled.benchmarks().get(0).samples().length);
    }

    @Test
    void dirtyRunsAreNotPooled() {
        ResultStore store = new ResultStore(dir);
        Path f = store.save(record("m", "abc", true, "2026-01-01T00:00:00Z", 1));
        store.save(record("m", "abc", true, "2026-01-02T00:00:00Z", 1));
        RecordException e = assertThrows(RecordException.class, () -> BenchmarkSet.read(f.getParent()));
        assertTrue(e.getMessage().contains("uncommitted"), e.getMessage());
    }

    @Test
    void storesOfTheOldLayoutAreStillRead() throws Exception {
        Path legacy = dir.resolve("m").resolve("abc.json");
        Files.createDirectories(legacy.getParent());
        Files.writeString(legacy, flatbench.record.RunRecordJson.toJson(record("m", "abc", false, "2026-01-01T00:00:00Z", 3)));
        ResultStore store = new ResultStore(dir);
        store.save(record("m", "abc", false, "2026-01-02T00:00:00Z", 4));
        assertEquals(List.of(3.0, 4.0), store.runs("m", "abc").stream().map(r -> r.benchmarks().get(0).median()).toList());
    }

    @Test
    void scanOrdersByTimeAndListsForeignFiles() throws Exception {
        ResultStore store = new ResultStore(dir);
        store.save(record("m1", "c3", false, "2026-01-03T00:00:00Z", 3));
        store.save(record("m1", "c1", false, "2026-01-01T00:00:00Z", 1));
        store.save(record("m2", "c2", false, "2026-01-02T00:00:00Z", 2));
        Files.writeString(dir.resolve("m1").resolve("notes.json"), "{\"hello\": 1}");
        Files.writeString(dir.resolve("m1").resolve(".half-written.json.tmp"), "{\"sche");
        ResultStore.Scan scan = ResultStore.scan(dir);
        assertEquals(List.of("c1", "c2", "c3"), scan.entries().stream().map(e -> e.record().provenance().gitCommit()).toList());
        assertEquals(1, scan.skipped().size());
        assertTrue(scan.skipped().get(0).reason().contains("not a flatbench run record"));
        assertThrows(RecordException.class, () -> ResultStore.scan(dir.resolve("missing")));
    }
}
