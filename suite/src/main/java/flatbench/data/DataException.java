package flatbench.data;

/**
 * A data set could not be read or built. The message is one sentence naming the file (or data
 * set) and the problem, fit to show a user as is.
 */
public final class DataException extends RuntimeException {
    public DataException(String message) { super(message); }

    public DataException(String message, Throwable cause) { super(message, cause); }
}
