package flatbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** flatbench sweep and merge end to end: two shards of a tiny grid, a failing run, a resubmission. */
class SweepCommandTest {
    @TempDir Path tmp;

    private Path spec(String name, String extra) throws Exception {
        Path f = tmp.resolve(name + ".yaml");
        Files.writeString(f, """
                settings: {model: mlp, data: teacher-student, train-samples: 600, steps: 12, batch: 16, noise-samples: 32}
                """ + extra);
        return f;
    }

    @Test void twoShardsFillTheStoreAndMergeMakesOneTable() throws Exception {
        Path spec = spec("two", "grid: {seed: [1, 2]}\n");
        Path store = tmp.resolve("store");
        CliRun list = CliRun.of("sweep", spec.toString(), "--store", store.toString(), "--list");
        assertEquals(0, list.exitCode(), list::toString);
        assertTrue(list.out().contains("sweep two: 2 runs"), list::toString);
        assertTrue(list.out().contains("0/2 done, 0 diverged, 0 running, 0 failed, 2 left"), list::toString);

        for (String shard : List.of("0/2", "1/2")) {
            CliRun r = CliRun.of("sweep", spec.toString(), "--store", store.toString(), "--shard", shard, "--quiet");
            assertEquals(0, r.exitCode(), r::toString);
            assertTrue(r.out().contains("shard " + shard + ": 1 runs, 1 ran, 0 skipped, 0 diverged, 0 failed"), r::toString);
        }
        CliRun again = CliRun.of("sweep", spec.toString(), "--store", store.toString(), "--quiet");
        assertEquals(0, again.exitCode(), again::toString);
        assertTrue(again.out().contains("shard 0/1: 2 runs, 0 ran, 2 skipped, 0 diverged, 0 failed"), "a sweep restarts where it stood: " + again);

        CliRun status = CliRun.of("sweep", spec.toString(), "--store", store.toString(), "--status");
        assertTrue(status.out().contains("sweep two: 2/2 done, 0 diverged, 0 running, 0 failed, 0 left · complete"), status::toString);
        CliRun merge = CliRun.of("merge", store.toString());
        assertEquals(0, merge.exitCode(), merge::toString);
        List<String> csv = Files.readAllLines(store.resolve("merged/results.csv"));
        assertEquals(3, csv.size(), "header and two runs");
        assertTrue(csv.get(1).contains(",done,") && csv.get(2).contains(",done,"), csv::toString);
        assertTrue(Files.readString(store.resolve("merged/report.html")).contains("flatbench sweep two"));
        CliRun emit = CliRun.of("sweep", spec.toString(), "--store", store.toString(), "--emit", "slurm");
        assertEquals(0, emit.exitCode(), emit::toString);
        assertTrue(emit.out().contains("nothing to submit"), emit::toString);
    }

    @Test void aFailedRunIsRecordedTheOthersRunAndTheResubmissionCoversIt() throws Exception {
        // 1,000 noise samples exceed the 600 training samples: that run fails before it trains.
        Path spec = spec("mixed", "cases: [{noise-samples: 32}, {noise-samples: 1000}]\n");
        Path store = tmp.resolve("store");
        CliRun r = CliRun.of("sweep", spec.toString(), "--store", store.toString(), "--quiet");
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.out().contains("failed: --noise-samples 1000 exceeds the 600 training samples"), r::toString);
        assertTrue(r.out().contains("1 ran, 0 skipped, 0 diverged, 1 failed"), r::toString);
        assertEquals(1, r.errLines().size(), r::toString);

        CliRun merge = CliRun.of("merge", store.toString(), "--resubmit", "slurm");
        assertEquals(1, merge.exitCode(), merge::toString);
        assertTrue(merge.out().contains("1/2 done, 0 diverged, 0 running, 1 failed, 0 left"), merge::toString);
        assertTrue(merge.out().lines().anyMatch(l -> l.startsWith("failed ") && l.contains("noiseSamples=1000") && l.contains("exceeds")), merge::toString);
        assertTrue(merge.out().contains("resubmit: 1 runs (0 missing, 1 failed) in 1 shards"), merge::toString);
        Path script = Path.of(merge.out().lines().filter(l -> l.startsWith("job file: ")).findFirst().orElseThrow().substring(10).strip());
        assertTrue(Files.readString(script).contains("#SBATCH --array=0-0\n"), script::toString);
    }

    @Test void aDivergedRunKeepsItsResultIsShownAsDivergedAndIsNotRunAgain() throws Exception {
        // A learning rate of 5,000 makes the loss blow up within the 12 steps.
        Path spec = spec("wild", "grid: {lr: [0.05, 5000]}\n");
        Path store = tmp.resolve("store");
        CliRun r = CliRun.of("sweep", spec.toString(), "--store", store.toString(), "--quiet");
        assertEquals(3, r.exitCode(), r::toString);
        assertTrue(r.out().contains("shard 0/1: 2 runs, 1 ran, 0 skipped, 1 diverged, 0 failed"), r::toString);
        assertTrue(r.out().contains("diverged (its result is kept, marked failed)"), r::toString);
        assertTrue(r.out().contains("1/2 done, 1 diverged, 0 running, 0 failed, 0 left · complete"), r::toString);
        try (java.util.stream.Stream<Path> runs = Files.list(store.resolve("runs"))) {
            List<Path> dirs = runs.toList();
            assertEquals(2, dirs.size(), "the diverged run's folder is kept beside the completed one");
            long failed = 0;
            for (Path d : dirs) if (flatbench.record.RunRecordStore.read(d).status().isFailed()) failed++;
            assertEquals(1, failed, "one result records the failed (diverged) run");
        }

        CliRun again = CliRun.of("sweep", spec.toString(), "--store", store.toString(), "--quiet");
        assertEquals(0, again.exitCode(), again::toString);
        assertTrue(again.out().contains("2 runs, 0 ran, 2 skipped, 0 diverged, 0 failed"), "not retried: " + again);
        assertTrue(again.out().contains("diverged already"), again::toString);

        CliRun merge = CliRun.of("merge", store.toString(), "--resubmit", "slurm");
        assertEquals(0, merge.exitCode(), "every run has finished: " + merge);
        assertTrue(merge.out().lines().anyMatch(l -> l.startsWith("diverged ") && l.contains("learningRate=5000") && l.contains("diverged")),
                merge::toString);
        assertTrue(merge.out().contains("resubmit: nothing is missing or failed"), merge::toString);
        List<String> csv = Files.readAllLines(store.resolve("merged/results.csv"));
        assertTrue(csv.stream().anyMatch(l -> l.contains(",diverged,")), csv::toString);
        assertTrue(Files.readString(store.resolve("merged/report.html")).contains("diverged"));
    }

    @Test void mergeOfASweepInProgressSaysSoWithItsOwnExitCode() throws Exception {
        Path spec = spec("busy", "grid: {seed: [1, 2, 3]}\n");
        Path store = tmp.resolve("store");
        assertEquals(0, CliRun.of("sweep", spec.toString(), "--store", store.toString(), "--shard", "0/3", "--quiet").exitCode());
        flatbench.sweep.SweepPlan plan = flatbench.sweep.SweepSpec.read(spec).withStore(store);
        flatbench.sweep.SweepStore st = new flatbench.sweep.SweepStore(store);
        // run 1 is running (a live attempt of this process); run 2 has not started (queued, as far as anyone can tell)
        try (flatbench.sweep.SweepStore.Attempt running = st.start(plan.runs().get(1).id(),
                flatbench.sweep.SweepStore.Worker.current(flatbench.sweep.Shard.ALL, null))) {
            CliRun merge = CliRun.of("merge", store.toString());
            assertEquals(4, merge.exitCode(), merge::toString);
            assertTrue(merge.out().contains("1/3 done, 0 diverged, 1 running, 0 failed, 1 left"), merge::toString);
            assertTrue(merge.out().contains("in progress: 1 of 3 runs finished, 1 running, 1 missing"), merge::toString);
            assertTrue(merge.errLines().isEmpty(), "not an error: " + merge);
        }
        CliRun stopped = CliRun.of("merge", store.toString());
        assertEquals(1, stopped.exitCode(), "runs missing and nothing running: " + stopped);
        assertTrue(stopped.out().contains("incomplete: 0 failed and 2 missing with nothing running"), stopped::toString);
        CliRun help = CliRun.of("merge", "--help");
        assertTrue(help.out().contains("4 while the sweep is in progress"), help::toString);
    }

    @Test void mistakesEndInOneSentenceAndExitCodeTwo() throws Exception {
        CliRun missing = CliRun.of("sweep", tmp.resolve("none.yaml").toString());
        assertEquals(2, missing.exitCode(), missing::toString);
        assertEquals(List.of("flatbench: no sweep spec at " + tmp.resolve("none.yaml")), missing.errLines());
        Path bad = spec("bad", "grid: {lr: [0.1, -1]}\n");
        CliRun badValue = CliRun.of("sweep", bad.toString(), "--list");
        assertEquals(2, badValue.exitCode());
        assertTrue(badValue.errLines().get(0).contains("--lr must be a positive number, not -1"), badValue::toString);
        CliRun shard = CliRun.of("sweep", spec("ok", "").toString(), "--shard", "3/3");
        assertEquals(2, shard.exitCode());
        CliRun notAStore = CliRun.of("merge", tmp.toString());
        assertEquals(2, notAStore.exitCode());
        assertTrue(notAStore.errLines().get(0).contains("is not a sweep store"), notAStore::toString);
        CliRun scheduler = CliRun.of("sweep", spec("ok2", "").toString(), "--emit", "pbs");
        assertEquals(2, scheduler.exitCode());
        assertTrue(scheduler.errLines().get(0).contains("unknown scheduler 'pbs'"), scheduler::toString);
    }
}
