package flatbench.scenario;

/**
 * One kind of run: what to train, when to measure, what to report. A scenario never touches a
 * backend directly, only the engine contract.
 */
public interface Scenario {
    String name();

    /** One line for {@code flatbench list}. */
    String description();

    /** The scenario's defaults; the CLI overrides what the user sets. */
    RunConfig defaults();

    /** Runs it. Phase times go through the context's timings. */
    ScenarioResult run(RunContext context);
}
