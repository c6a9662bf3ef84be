package flatbench.engine;

/**
 * An engine's backend failed. The CLI reads {@link #isEnvironmentProblem()} to tell the user's
 * machine (no driver, no device, out of memory: one sentence, exit code 2) from flatbench's bug.
 */
public abstract class EngineException extends RuntimeException {
    protected EngineException(String message) { super(message); }

    protected EngineException(String message, Throwable cause) { super(message, cause); }

    /** True when the machine, not flatbench, is at fault and the user can act on the message. */
    public abstract boolean isEnvironmentProblem();
}
