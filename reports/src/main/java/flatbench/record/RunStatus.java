package flatbench.record;

/**
 * Whether a run finished. A failed run keeps what it measured before it stopped, so the record
 * says so before anything reads its numbers.
 *
 * @param state  {@value #COMPLETED} or {@value #FAILED}
 * @param reason for a failed run, one sentence saying what went wrong and where; null otherwise
 */
public record RunStatus(String state, String reason) {
    public static final String COMPLETED = "completed";
    public static final String FAILED = "failed";

    public RunStatus {
        if (state == null) state = COMPLETED;
        if (!state.equals(COMPLETED) && !state.equals(FAILED)) {
            throw new IllegalArgumentException("a run's state is " + COMPLETED + " or " + FAILED + ", not '" + state + "'");
        }
        if (state.equals(FAILED) && (reason == null || reason.isBlank())) throw new IllegalArgumentException("a failed run needs a reason");
    }

    public static RunStatus completed() { return new RunStatus(COMPLETED, null); }

    public static RunStatus failed(String reason) { return new RunStatus(FAILED, reason); }

    public boolean isFailed() { return state.equals(FAILED); }
}
