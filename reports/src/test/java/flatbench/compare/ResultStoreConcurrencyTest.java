package flatbench.compare;

import flatbench.record.RunRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Several writers store into the same result store, the same machine, commit and even run id,
 * at the same time: every entry must arrive whole, none may replace another, and a reader
 * scanning meanwhile must only ever see complete records.
 */
class ResultStoreConcurrencyTest {
    @TempDir Path dir;
    @TempDir Path logs;

    private static final int THREADS = 4;
    private static final int SAVES_PER_THREAD = 12;
    private static final int PROCESSES = 2;
    private static final int SAVES_PER_PROCESS = 15;

    @Test
    void parallelThreadsAndProcessesNeitherCorruptNorLoseAnEntry() throws Exception {
        ResultStore store = new ResultStore(dir);
        List<Process> processes = new ArrayList<>();
        String java = ProcessHandle.current().info().command().orElse("java");
        for (int p = 0; p < PROCESSES; p++) {
            processes.add(new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), StoreWriter.class.getName(),
                    dir.toString(), Integer.toString(SAVES_PER_PROCESS), "process-" + p).redirectErrorStream(true)
                    .redirectOutput(logs.resolve("writer-" + p + ".log").toFile()).start());
        }
        ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                writers.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < SAVES_PER_THREAD; i++) {
                        store.save(ResultStoreTest.record("same-run", "m", "abc", false, "2026-01-01T00:00:00Z", 1 + i));
                    }
                    return null;
                }));
            }
            Future<Integer> reader = pool.submit(() -> {
                start.await();
                int scans = 0;
                while (!writers.stream().allMatch(Future::isDone)) {
                    if (Files.isDirectory(dir)) {
                        ResultStore.Scan s = ResultStore.scan(dir);
                        assertEquals(List.of(), s.skipped(), "a reader saw a partial or foreign file");
                    }
                    scans++;
                    Thread.sleep(10);  // scanning flat out would starve the writers of the 2 CI cores
                }
                return scans;
            });
            start.countDown();
            for (Future<?> w : writers) w.get(2, TimeUnit.MINUTES);
            assertTrue(reader.get(2, TimeUnit.MINUTES) > 0);
        } finally {
            pool.shutdownNow();
        }
        for (int i = 0; i < processes.size(); i++) {
            Process p = processes.get(i);
            assertTrue(p.waitFor(2, TimeUnit.MINUTES), "a writer process hung");
            assertEquals(0, p.exitValue(), Files.readString(logs.resolve("writer-" + i + ".log")));
        }

        int expected = THREADS * SAVES_PER_THREAD + PROCESSES * SAVES_PER_PROCESS;
        List<RunRecord> runs = store.runs("m", "abc");
        assertEquals(expected, runs.size(), "every save is an entry of its own");
        try (Stream<Path> files = Files.list(dir.resolve("m").resolve("abc"))) {
            List<String> names = files.map(f -> f.getFileName().toString()).toList();
            assertEquals(expected, names.size(), "no temporary file is left behind: " + names);
            assertEquals(expected, names.stream().distinct().count());
        }
        assertEquals(expected, BenchmarkSet.read(dir.resolve("m").resolve("abc")).benchmarks().get(0).forks().size());
    }
}
