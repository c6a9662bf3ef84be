package flatbench.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import flatbench.record.RunRecordStore;
import flatbench.record.RunStatus;
import flatbench.report.SweepTable;
import flatbench.scenario.RunSettings;

/** Merging a store in which some shards finished, one run failed, one shard died and one never started. */
class SweepMergeTest {
    @TempDir Path tmp;
    private SweepStore store;
    private SweepPlan plan;

    @BeforeEach void store() {
        store = new SweepStore(tmp.resolve("store"));
        plan = SweepSpecTest.plan("""
                name: merge-me
                settings: {model: mlp, data: teacher-student}
                grid: {lr: [0.05, 0.1, 0.2], seed: [1, 2, 3]}
                """).withStore(store.root());
        store.writePlan(plan);
    }

    private SweepRun run(int i) { return plan.runs().get(i); }

    private void finish(int... indices) {
        for (int i : indices) {
            SweepRun r = run(i);
            FakeResults.publish(store, r, "w" + i, FakeResults.metrics(r.config().get(RunSettings.LEARNING_RATE), r.config().get(RunSettings.SEED)));
        }
    }

    @Test void aCompleteSweepBecomesOneTableAndReport() throws Exception {
        finish(0, 1, 2, 3, 4, 5, 6, 7, 8);
        SweepMerge.Result r = SweepMerge.merge(store, tmp.resolve("out"));
        assertTrue(r.progress().complete());
        assertTrue(r.missing().isEmpty() && r.failed().isEmpty() && r.toResubmit().isEmpty());
        List<Map<String, String>> csv = csv(r.csv());
        assertEquals(9, csv.size());
        for (int i = 0; i < 9; i++) {
            Map<String, String> row = csv.get(i);
            SweepRun run = run(i);
            assertEquals(run.id(), row.get("id"));
            assertEquals("done", row.get("status"));
            double lr = run.config().get(RunSettings.LEARNING_RATE);
            long seed = run.config().get(RunSettings.SEED);
            assertEquals(Double.toString(lr), row.get("learningRate"));
            assertEquals(lr * 10 + seed, Double.parseDouble(row.get("noise.trace")), 1e-12, "the run's own metric, not another's");
            assertEquals(lr * 10 + seed - 0.5, Double.parseDouble(row.get("noise.trace.ci95Low")), 1e-12, "its interval beside it");
            assertEquals("mlp", row.get("model"));
        }
        assertEquals(List.of("learningRate", "seed"), r.table().axes());
        String html = Files.readString(r.report());
        assertTrue(html.contains("noise.trace against learningRate"), "the metric plotted over the grid's numeric axis");
        assertFalse(html.contains("could not be drawn"), html);
        assertFalse(html.contains("Not done"));
    }

    @Test void missingAndFailedRunsAreListedAndExactlyTheyAreResubmitted() throws Exception {
        finish(0, 1, 2, 4, 5, 7);
        store.start(run(3).id(), SweepStore.Worker.current(Shard.ALL, null)).fail("IllegalStateException: diverged");
        // run 6: its shard was killed (a marker of a process that no longer exists); run 8: never started
        Process dead = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version").start();
        dead.waitFor();
        store.start(run(6).id(), new SweepStore.Worker(SweepStore.hostName(), dead.pid(), "6/9", null));
        SweepMerge.Result r = SweepMerge.merge(store, tmp.resolve("out"));

        assertFalse(r.progress().complete());
        assertEquals(new SweepProgress(9, 6, 0, 0, 1, 2, r.progress().meanSeconds()), r.progress());
        assertEquals(List.of(run(3)), r.failed());
        assertEquals(List.of(run(6), run(8)), r.missing());
        assertEquals(List.of(run(3), run(6), run(8)), r.toResubmit(), "in the sweep's order");
        Map<String, String> status = csv(r.csv()).stream().collect(Collectors.toMap(m -> m.get("id"), m -> m.get("status")));
        assertEquals("failed", status.get(run(3).id()));
        assertEquals("missing", status.get(run(6).id()));
        assertEquals("missing", status.get(run(8).id()));
        assertEquals(6, status.values().stream().filter("done"::equals).count());
        SweepTable.Row failed = r.table().rows().get(3);
        assertTrue(failed.note().contains("diverged"), failed.note());
        assertTrue(r.table().rows().get(6).note().contains("stopped"), r.table().rows().get(6).note());
        assertTrue(Files.readString(r.report()).contains("Not done"));

        ClusterJobs.Emitted again = ClusterJobs.emit(ClusterJobs.Scheduler.SLURM, r.plan(), r.toResubmit(), store, Path.of("/f/bin/flatbench"),
                "merge-me-resubmit");
        SweepPlan job = SweepSpec.read(again.runList());
        assertEquals(List.of(run(3).id(), run(6).id(), run(8).id()), job.runs().stream().map(SweepRun::id).toList());
        assertTrue(Files.readString(again.jobFile()).contains("#SBATCH --array=0-2\n"));
        assertEquals(plan.runs(), store.readPlan().runs(), "a resubmission leaves the sweep's own list alone");

        finish(3, 6, 8);
        SweepMerge.Result after = SweepMerge.merge(store, tmp.resolve("out"));
        assertTrue(after.progress().complete());
        assertTrue(after.toResubmit().isEmpty());
    }

    @Test void aDivergedRunIsFinishedKeptInTheTableAndNotResubmitted() throws Exception {
        finish(0, 1, 2, 3, 5, 6, 7, 8);
        SweepRun wild = run(4);
        SweepStore.Attempt a = store.start(wild.id(), SweepStore.Worker.current(Shard.ALL, null));
        Path dir = a.privateDir().resolve("run");
        RunRecordStore.write(dir, FakeResults.builder(wild, "w", FakeResults.metrics(0.1, 2))
                .status(RunStatus.failed("training diverged at step 7: the loss 1e9 exceeds 100 × the first step's")).build());
        assertEquals(store.runDir(wild.id()), a.publishDiverged(dir, "training diverged at step 7"));
        assertTrue(Files.isDirectory(store.runDir(wild.id())), "the folder is kept");
        assertEquals(SweepStore.State.DIVERGED, store.statuses(plan.runs()).get(wild.id()).state());

        SweepMerge.Result r = SweepMerge.merge(store, tmp.resolve("out"));
        assertTrue(r.progress().complete(), "nothing is left to run");
        assertEquals(SweepProgress.Standing.COMPLETE, r.progress().standing());
        assertEquals(new SweepProgress(9, 8, 1, 0, 0, 0, r.progress().meanSeconds()), r.progress());
        assertEquals(List.of(wild), r.diverged());
        assertEquals(List.of(), r.toResubmit(), "the same configuration and seed would diverge again");
        SweepTable.Row row = r.table().rows().get(4);
        assertEquals(SweepTable.DIVERGED, row.status());
        assertTrue(row.note().contains("step 7"), row.note());
        assertEquals(1.0 / 0.1 + 2 * 0.01, ((Number) row.metrics().get("training.finalLoss")).doubleValue(), 1e-12, "what it measured is kept");
        Map<String, String> status = csv(r.csv()).stream().collect(Collectors.toMap(m -> m.get("id"), m -> m.get("status")));
        assertEquals("diverged", status.get(wild.id()));
    }

    @Test void aResultThatIsNotTheRunsCountsAsMissing() throws Exception {
        finish(0, 1, 2, 3, 4, 5, 6, 7, 8);
        // run 2's folder now holds run 5's result (copied by hand, or a bug): the merge must not take it for run 2
        Files.copy(store.runDir(run(5).id()).resolve("result.json"), store.runDir(run(2).id()).resolve("result.json"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(store.runDir(run(7).id()).resolve("result.json"), "{ not json");
        SweepMerge.Result r = SweepMerge.merge(store, tmp.resolve("out"));
        assertEquals(List.of(run(2), run(7)), r.missing());
        assertTrue(r.table().rows().get(2).note().contains(run(5).id()), r.table().rows().get(2).note());
    }

    @Test void resultsOfRunsTheSweepNoLongerListsAreCountedApart() {
        finish(0, 1);
        SweepPlan smaller = SweepSpecTest.plan("""
                name: merge-me
                settings: {model: mlp, data: teacher-student}
                grid: {lr: [0.05], seed: [1, 2, 3]}
                """).withStore(store.root());
        store.writePlan(smaller);
        SweepMerge.Result r = SweepMerge.merge(store, tmp.resolve("out"));
        assertEquals(3, r.table().rows().size());
        assertEquals(Set.of(), Set.copyOf(r.unlisted()), "runs 0 and 1 (lr 0.05, seeds 1 and 2) are still listed");
        store.writePlan(SweepSpecTest.plan("settings: {model: mlp, data: teacher-student, lr: 0.3}").withStore(store.root()));
        assertEquals(2, SweepMerge.merge(store, tmp.resolve("out")).unlisted().size());
    }

    private static List<Map<String, String>> csv(Path file) throws Exception {
        List<Map<String, String>> out = new ArrayList<>();
        try (Reader in = Files.newBufferedReader(file);
             MappingIterator<Map<String, String>> it = new CsvMapper().readerForMapOf(String.class).with(CsvSchema.emptySchema().withHeader())
                     .readValues(in)) {
            it.forEachRemaining(out::add);
        }
        return out;
    }
}
