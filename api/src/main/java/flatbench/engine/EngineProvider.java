package flatbench.engine;

import flatbench.model.ModelSpec;

/**
 * Creates engines of one kind; found through {@link java.util.ServiceLoader} (listed in
 * {@code META-INF/services/flatbench.engine.EngineProvider}) so the CLI works whether or not a
 * given engine's jars are on the class path.
 */
public interface EngineProvider {
    String name();

    /** One line for {@code flatbench list}. */
    String description();

    /** Null when usable here; otherwise why not (no GPU, no driver, …) in one sentence. */
    String unavailableReason();

    Engine create(ModelSpec spec, Precision precision, long seed);
}
