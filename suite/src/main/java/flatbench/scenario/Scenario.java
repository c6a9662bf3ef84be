package flatbench.scenario;

/**
 * One kind of run: what to train, when to measure, what to report. A scenario never touches a
 * backend directly, only the engine contract.
 */
public interface Scenario {
    String name();

    /** One line for {@code flatbench list}. */
    String description();

    /** The scenario's defaults ({@link RunConfig#defaultsOf}); the CLI overrides what the user sets. */
    RunConfig defaults();

    /** Settings of this scenario alone, beside the core {@link RunSettings}; none by default. */
    default java.util.List<Setting<?>> settings() { return java.util.List.of(); }

    /**
     * Whether the run needs a model, an engine and a data set. An analytic landscape (its data are
     * its own samples) says no: the run then loads nothing, and its context's engine and
     * training set are null.
     */
    default boolean needsNetwork() { return true; }

    /** Runs it. Phase times go through the context's timings. */
    ScenarioResult run(RunContext context);
}
