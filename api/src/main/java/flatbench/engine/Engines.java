package flatbench.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/** The engines present on the class path. */
public final class Engines {
    private Engines() {}

    /**
     * Every provider that could be loaded. A provider whose classes are missing (e.g. the DL4J
     * engine in the GPU bundle, which leaves ND4J out) is skipped, not fatal.
     */
    public static List<EngineProvider> providers() {
        List<EngineProvider> found = new ArrayList<>();
        var it = ServiceLoader.load(EngineProvider.class).iterator();
        while (true) {
            try {
                if (!it.hasNext()) break;
                found.add(it.next());
            } catch (ServiceConfigurationError | LinkageError e) {
                // A provider whose dependencies are absent: the others still work.
            }
        }
        return found;
    }

    public static Optional<EngineProvider> find(String name) {
        return providers().stream().filter(p -> p.name().equalsIgnoreCase(name)).findFirst();
    }
}
