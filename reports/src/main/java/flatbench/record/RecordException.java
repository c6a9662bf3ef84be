package flatbench.record;

/** A run record that cannot be read, written or compared; the message is one sentence a user can act on. */
public final class RecordException extends RuntimeException {
    public RecordException(String message) { super(message); }

    public RecordException(String message, Throwable cause) { super(message, cause); }
}
