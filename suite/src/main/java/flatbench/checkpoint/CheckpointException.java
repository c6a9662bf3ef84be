package flatbench.checkpoint;

/** A checkpoint that cannot be used (missing, damaged, or from another run definition or build); the message is one sentence naming the file. */
public final class CheckpointException extends RuntimeException {
    public CheckpointException(String message) { super(message); }

    public CheckpointException(String message, Throwable cause) { super(message, cause); }
}
