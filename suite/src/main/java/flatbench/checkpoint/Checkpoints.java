package flatbench.checkpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import flatbench.record.AtomicFiles;
import flatbench.train.TrainingState;

/**
 * One run's checkpoints: where they go ({@value #FILE} in the run folder), how often a scenario
 * saves one while training (each {@link Duration} of wall time, besides the measurement points
 * where the scenario saves anyway), and the checkpoint a resumed run continues from. The clock
 * decides only when a copy of the state is written, never what the steps compute.
 */
public final class Checkpoints {
    public static final String FILE = "checkpoint.bin";

    private final Path dir;
    private final Path file;
    private final RunIdentity identity;
    private final long everyNanos;
    private final Checkpoint resumed;
    private final CheckpointListener listener;
    private long lastSave = System.nanoTime();

    private Checkpoints(Path dir, boolean write, RunIdentity identity, Duration every, Checkpoint resumed, CheckpointListener listener) {
        this.dir = dir;
        this.file = dir != null && write ? dir.resolve(FILE) : null;
        this.identity = identity;
        this.everyNanos = every == null ? Long.MAX_VALUE : every.toNanos();
        this.resumed = resumed;
        this.listener = listener;
    }

    /** No checkpoints: nothing is written, nothing resumed. */
    public static Checkpoints off() { return new Checkpoints(null, false, null, null, null, new CheckpointListener() {}); }

    /**
     * Checkpoints in {@code runDir}: every {@code every} while training (null: only at measurement
     * points), continuing from {@code resumed} when it is not null.
     */
    public static Checkpoints in(Path runDir, RunIdentity identity, Duration every, Checkpoint resumed, CheckpointListener listener) {
        return new Checkpoints(runDir, true, identity, every, resumed, listener);
    }

    /** A resumed run that saves no more checkpoints; the one it continues from goes once the result is written. */
    public static Checkpoints resumedOnly(Path runDir, Checkpoint resumed) {
        return new Checkpoints(runDir, false, null, null, resumed, new CheckpointListener() {});
    }

    /** The checkpoint this run continues from, if it is a resumed one. */
    public Optional<Checkpoint> resumed() { return Optional.ofNullable(resumed); }

    /** Saves now (a measurement point). */
    public void save(TrainingState training, Map<String, Object> measurements) {
        if (file == null) return;
        CheckpointFile.write(file, new Checkpoint(identity, training, measurements));
        lastSave = System.nanoTime();
        listener.checkpointed(file, training.steps());
    }

    /** Saves when the interval has passed since the last save; the state is taken only then. */
    public void saveIfDue(Supplier<TrainingState> training, Map<String, Object> measurements) {
        if (file != null && System.nanoTime() - lastSave >= everyNanos) save(training.get(), measurements);
    }

    /** The run's result is written: its checkpoint has served, and goes with the temporary files of writes a kill interrupted. */
    public void finished() {
        if (dir != null) removeCheckpoints(dir);
    }

    /** Deletes a finished run folder's checkpoint and any temporary file a killed write left (a checkpoint, an array, the report). */
    public static void removeCheckpoints(Path runDir) {
        try {
            Files.deleteIfExists(runDir.resolve(FILE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the checkpoint in " + runDir + ": " + e.getMessage(), e);
        }
        AtomicFiles.removeTemporaries(runDir);
    }
}
