package flatbench.run;

import static flatbench.scenario.RunSettings.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import flatbench.checkpoint.Checkpoint;
import flatbench.checkpoint.CheckpointException;
import flatbench.checkpoint.Checkpoints;
import flatbench.data.DataSets;
import flatbench.engine.Precision;
import flatbench.measure.CurvatureData;
import flatbench.scenario.AlignmentScenario;
import flatbench.scenario.NoiseScenario;
import flatbench.scenario.RunConfig;
import flatbench.scenario.RunListener;
import flatbench.scenario.Scenario;

/**
 * A run stopped in the middle (here by an exception from its listener, in this process; the
 * SIGKILL version is {@link ResumeAfterKillTest}) and resumed from its checkpoint, again and
 * again, ends with the uninterrupted run's result ({@link SameResult}).
 */
class ResumeTest {
    @TempDir Path tmp;

    static RunConfig small(Scenario scenario, String engine) {
        RunConfig c = scenario.defaults().with(MODEL, "mlp").with(DATA, "teacher-student").with(TRAIN_SAMPLES, 300)
                .with(ENGINE, engine).with(PRECISION, engine.equals("java") ? Precision.FLOAT64 : Precision.FLOAT32)
                .with(STEPS, 40).with(BATCH, 16).with(MOMENTUM, 0.9).with(NOISE_SAMPLES, 16)
                .with(CURVATURE_DATA, CurvatureData.samples(16)).with(TOP_K, 3).with(PROBES, 5).with(SLQ_RUNS, 1);
        return scenario instanceof AlignmentScenario ? c.with(CHECKPOINTS, List.of(17)) : c;
    }

    /** Stops the run at its n-th call (a training step or a unit of measurement progress). */
    private static final class StopAt implements RunListener {
        static final class Stopped extends RuntimeException {}

        private final int at;
        private int calls;

        StopAt(int at) { this.at = at; }

        private void tick() {
            if (++calls == at) throw new Stopped();
        }

        public void step(int step, int totalSteps, double loss, double secondsSoFar) { tick(); }
        public void update(String phase, long done, long total) { tick(); }
    }

    @ParameterizedTest
    @CsvSource({"noise, java", "alignment, cpu", "noise, cpu"})
    void stoppedAndResumedAgainAndAgainGivesTheUninterruptedResult(String scenario, String engine) {
        Scenario s = scenario.equals("noise") ? new NoiseScenario() : new AlignmentScenario();
        RunConfig c = small(s, engine);
        RunExecutor ex = new RunExecutor(new DataSets(), tmp);
        Outputs outputs = new Outputs(false, true, true, false);
        Checkpointing often = Checkpointing.every(Duration.ofMillis(3));
        StopAt counter = new StopAt(Integer.MAX_VALUE);
        Path whole = ex.execute(c, tmp.resolve("whole"), counter, outputs, often).runDir();

        Path dir = null;
        int stops = 0;
        RunExecutor.Outcome done = null;
        while (done == null) {
            // The k-th process stops after k quarters of the whole run's listener calls (training steps and measurement progress).
            int at = counter.calls * (stops + 1) / 4 + 1;
            try {
                done = dir == null ? ex.execute(c, tmp.resolve("stopped"), new StopAt(at), outputs, often)
                        : ex.resume(dir, RunExecutor.checkpointOf(dir), new StopAt(at), often);
            } catch (StopAt.Stopped e) {
                stops++;
                if (dir == null) dir = onlyFolder(tmp.resolve("stopped"));
                assertTrue(Files.exists(dir.resolve(Checkpoints.FILE)), "stopped without a checkpoint after " + at + " calls");
            }
        }
        assertTrue(stops >= 2, "stopped only " + stops + " times");
        assertEquals(List.of(), SameResult.differences(whole, done.runDir()));
        assertFalse(Files.exists(done.runDir().resolve(Checkpoints.FILE)), "a finished run keeps its checkpoint");
        Path finished = done.runDir();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunExecutor.checkpointOf(finished));
        assertTrue(e.getMessage().contains("finished run"), e.getMessage());
    }

    @Test void aFolderWithoutCheckpointIsOneSentence() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("empty"));
        CheckpointException e = assertThrows(CheckpointException.class, () -> RunExecutor.checkpointOf(dir));
        assertTrue(e.getMessage().startsWith(dir + " holds no checkpoint"), e.getMessage());
    }

    @Test void aCheckpointOfAnotherDefinitionIsRefused() {
        RunConfig c = small(new NoiseScenario(), "java");
        RunExecutor ex = new RunExecutor(new DataSets(), tmp);
        assertThrows(StopAt.Stopped.class, () -> ex.execute(c, tmp.resolve("runs"), new StopAt(30), Outputs.DEFAULT,
                Checkpointing.every(Duration.ofNanos(1))));
        Path dir = onlyFolder(tmp.resolve("runs"));
        Checkpoint saved = RunExecutor.checkpointOf(dir);
        Checkpoint other = new Checkpoint(new flatbench.checkpoint.RunIdentity(saved.identity().config(), "0000000000000000",
                saved.identity().code(), saved.identity().dataset(), saved.identity().threads(), saved.identity().options()),
                saved.training(), saved.measurements());
        CheckpointException e = assertThrows(CheckpointException.class, () -> RunExecutor.configOf(dir, other));
        assertTrue(e.getMessage().startsWith(dir.resolve(Checkpoints.FILE) + " was written for run definition 0000000000000000"), e.getMessage());
        Checkpoint fewerThreads = new Checkpoint(new flatbench.checkpoint.RunIdentity(saved.identity().config(), saved.identity().definitionHash(),
                saved.identity().code(), saved.identity().dataset(), saved.identity().threads() + 1, saved.identity().options()),
                saved.training(), saved.measurements());
        e = assertThrows(CheckpointException.class, () -> ex.resume(dir, fewerThreads, RunListener.NONE, Checkpointing.OFF));
        assertTrue(e.getMessage().contains("CPU threads"), e.getMessage());
    }

    static Path onlyFolder(Path root) {
        try (Stream<Path> s = Files.list(root)) {
            List<Path> dirs = s.toList();
            assertEquals(1, dirs.size(), "run folders: " + dirs);
            return dirs.get(0);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
