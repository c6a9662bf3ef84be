package flatbench.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import flatbench.record.RunRecord;
import flatbench.record.RunRecordStore;
import flatbench.scenario.RunConfig;

/** The store under concurrent writers (threads and separate processes) and what it says about each run. */
class SweepStoreTest {
    @TempDir Path tmp;

    private static SweepPlan grid(Path store, int seeds) {
        StringBuilder s = new StringBuilder("[1");
        for (int i = 2; i <= seeds; i++) s.append(", ").append(i);
        return SweepSpecTest.plan("settings: {model: mlp}\ngrid: {lr: [0.05, 0.1, 0.2], seed: " + s + "]}").withStore(store);
    }

    @Test void writersInSeveralProcessesLoseNothingAndEachRunIsPublishedOnce() throws Exception {
        SweepStore store = new SweepStore(tmp.resolve("store"));
        SweepPlan plan = grid(store.root(), 8);
        store.writePlan(plan);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> writers = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            writers.add(new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), StoreWriterMain.class.getName(),
                    store.root().toString(), "process-" + w).redirectErrorStream(true).redirectOutput(tmp.resolve("w" + w + ".log").toFile()).start());
        }
        // and this process writes at the same time, from four threads
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            String writer = "thread-" + t;
            done.add(pool.submit(() -> {
                go.await();
                for (SweepRun r : plan.runs()) FakeResults.publish(store, r, writer, FakeResults.metrics(0.1, 1));
                return null;
            }));
        }
        go.countDown();
        for (Future<?> f : done) f.get(2, TimeUnit.MINUTES);
        pool.shutdown();
        for (int w = 0; w < writers.size(); w++) {
            assertTrue(writers.get(w).waitFor(2, TimeUnit.MINUTES), "writer process " + w + " finished");
            assertEquals(0, writers.get(w).exitValue(), () -> read(tmp.resolve("w0.log")));
        }
        assertEveryRunDoneOnceAndNothingLeftOver(store, plan);
    }

    @Test void threadsRacingForOneRunLeaveOneCompleteResult() throws Exception {
        SweepStore store = new SweepStore(tmp.resolve("one"));
        SweepPlan plan = grid(store.root(), 1);
        store.writePlan(plan);
        SweepRun run = plan.runs().get(0);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Path>> results = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            String writer = "w" + t;
            results.add(pool.submit(() -> {
                go.await();
                return FakeResults.publish(store, run, writer, FakeResults.metrics(0.05, 1));
            }));
        }
        go.countDown();
        for (Future<Path> f : results) assertEquals(store.runDir(run.id()), f.get(1, TimeUnit.MINUTES));
        pool.shutdown();
        assertEveryRunDoneOnceAndNothingLeftOver(store, new SweepPlan(plan.name(), null, null, plan.store(), null, null, null, null, List.of(run)));
    }

    private static void assertEveryRunDoneOnceAndNothingLeftOver(SweepStore store, SweepPlan plan) throws Exception {
        Set<String> folders;
        try (Stream<Path> s = Files.list(store.runs())) {
            folders = s.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
        assertEquals(plan.runs().stream().map(SweepRun::id).collect(Collectors.toSet()), folders);
        for (SweepRun r : plan.runs()) {
            Path dir = store.runDir(r.id());
            RunRecord rec = RunRecordStore.read(dir);
            assertEquals(r.id(), SweepRun.idOf(r.given(), RunConfig.fromMap(rec.config())));
            assertEquals(rec.runId(), Files.readString(dir.resolve("writer.txt")), "a folder holds one writer's files, not a mix");
            assertTrue(Files.isRegularFile(dir.resolve(SweepStore.RUN_INFO_FILE)));
        }
        assertTrue(emptyOrAbsent(store.root().resolve("running")), "no attempt markers left");
        assertTrue(emptyOrAbsent(store.root().resolve(".tmp")), "no private folders left");
        store.statuses(plan.runs()).values().forEach(s -> assertEquals(SweepStore.State.DONE, s.state()));
    }

    @Test void aRunIsRunningWhileItsProcessLivesAndLeftWhenItDied() throws Exception {
        SweepStore store = new SweepStore(tmp.resolve("states"));
        SweepPlan plan = grid(store.root(), 2);
        store.writePlan(plan);
        List<SweepRun> runs = plan.runs();
        SweepStore.Attempt live = store.start(runs.get(0).id(), SweepStore.Worker.current(Shard.ALL, null));
        // A process on this host that has ended: its marker is stale at once, without waiting for the heartbeat to age.
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version").start();
        p.waitFor();
        store.start(runs.get(1).id(), new SweepStore.Worker(SweepStore.hostName(), p.pid(), "1/2", null));
        store.start(runs.get(2).id(), SweepStore.Worker.current(Shard.ALL, null)).fail("boom");
        store.start(runs.get(3).id(), SweepStore.Worker.current(Shard.ALL, null)).close();
        FakeResults.publish(store, runs.get(4), "w", FakeResults.metrics(0.2, 1));

        Map<String, SweepStore.RunStatus> s = store.statuses(runs);
        assertEquals(SweepStore.State.RUNNING, s.get(runs.get(0).id()).state());
        assertEquals(SweepStore.State.LEFT, s.get(runs.get(1).id()).state());
        assertTrue(s.get(runs.get(1).id()).staleMarker());
        assertEquals(SweepStore.State.FAILED, s.get(runs.get(2).id()).state());
        assertEquals("boom", s.get(runs.get(2).id()).info().get("error"));
        assertEquals(SweepStore.State.LEFT, s.get(runs.get(3).id()).state());
        assertFalse(s.get(runs.get(3).id()).staleMarker(), "an abandoned attempt removes its marker");
        assertEquals(SweepStore.State.DONE, s.get(runs.get(4).id()).state());
        assertEquals(SweepStore.State.LEFT, s.get(runs.get(5).id()).state());
        SweepProgress progress = SweepProgress.of(s.values());
        assertEquals(new SweepProgress(6, 1, 0, 1, 1, 3, progress.meanSeconds()), progress);
        assertTrue(progress.etaSeconds().isPresent());
        assertEquals(4 * progress.meanSeconds(), progress.etaSeconds().getAsDouble(), 1e-9, "(3 left + 1 running) × mean / 1 running");

        FakeResults.publish(store, runs.get(2), "retry", FakeResults.metrics(0.1, 1));
        assertEquals(SweepStore.State.DONE, store.statuses(runs).get(runs.get(2).id()).state(), "a success clears the failure");
        assertFalse(Files.exists(store.root().resolve("failed").resolve(runs.get(2).id() + ".json")));
        live.close();
        assertEquals(SweepStore.State.LEFT, store.statuses(runs).get(runs.get(0).id()).state());
    }

    private static boolean emptyOrAbsent(Path dir) throws Exception {
        if (!Files.exists(dir)) return true;
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (Exception e) {
            return "";
        }
    }
}
