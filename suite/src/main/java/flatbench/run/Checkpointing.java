package flatbench.run;

import java.time.Duration;

/**
 * Whether a run saves checkpoints, and how often while training (besides each measurement point).
 *
 * @param enabled whether to write checkpoints at all
 * @param every   the wall time between checkpoints while training; null: only at measurement points
 */
public record Checkpointing(boolean enabled, Duration every) {
    /** No checkpoints (tests, sweeps: a sweep's attempt is not resumed). */
    public static final Checkpointing OFF = new Checkpointing(false, null);

    public Checkpointing {
        if (every != null && (every.isNegative() || every.isZero())) throw new IllegalArgumentException("the checkpoint interval must be positive, not " + every);
    }

    public static Checkpointing every(Duration every) { return new Checkpointing(true, every); }
}
