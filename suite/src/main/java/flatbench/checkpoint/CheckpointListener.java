package flatbench.checkpoint;

import java.nio.file.Path;

/** Told when a checkpoint has been written; the CLI mentions it in its progress output. */
public interface CheckpointListener {
    /** @param step the training step the checkpoint continues from */
    default void checkpointed(Path file, int step) {}
}
