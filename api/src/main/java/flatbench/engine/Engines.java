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

    /** Environment variable that sets how many threads the CPU engines (and the PyTorch peer) use. */
    public static final String THREADS_VARIABLE = "FLATBENCH_THREADS";

    /** Threads for CPU work: {@value #THREADS_VARIABLE} when set, else every processor the JVM sees. */
    public static int cpuThreads() {
        String s = System.getenv(THREADS_VARIABLE);
        if (s == null || s.isBlank()) return Runtime.getRuntime().availableProcessors();
        try {
            int n = Integer.parseInt(s.trim());
            if (n >= 1) return n;
        } catch (NumberFormatException e) {
            // the message below says what is wrong
        }
        throw new IllegalArgumentException(THREADS_VARIABLE + " must be a positive whole number, not '" + s + "'");
    }

    public static Optional<EngineProvider> find(String name) {
        return providers().stream().filter(p -> p.name().equalsIgnoreCase(name)).findFirst();
    }
}
