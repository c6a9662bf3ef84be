package flatbench.data;

/**
 * A data set could not be read or built. The message is one sentence naming the file (or data
 * set) and the problem, fit to show a user as is.
 */
public final class DataException extends RuntimeException {
    private final boolean missing;

    public DataException(String message) { this(message, null, false); }

    public DataException(String message, Throwable cause) { this(message, cause, false); }

    private DataException(String message, Throwable cause, boolean missing) {
        super(message, cause);
        this.missing = missing;
    }

    /** A file or folder that is not there, as opposed to one that is there but wrong. */
    static DataException missing(String message) { return new DataException(message, null, true); }

    /** True when the files are absent (an optional part such as a test split may be); false when they are corrupt. */
    public boolean isMissing() { return missing; }
}
