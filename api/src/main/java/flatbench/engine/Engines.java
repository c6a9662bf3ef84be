package flatbench.engine;

import java.util.ArrayList;
import java.util.Comparator;
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

    /**
     * The engine used when none is named: the available provider of the lowest
     * {@link EngineProvider#defaultRank()} (cpu, then cuda, then java in this project), or, when
     * none is available, the lowest-ranked present one, whose error then says why it cannot run.
     * Providers are asked in rank order, so a lower-ranked engine is never probed needlessly.
     */
    public static String defaultName() {
        List<EngineProvider> ranked = providers().stream().sorted(Comparator.comparingInt(EngineProvider::defaultRank)).toList();
        if (ranked.isEmpty()) throw new IllegalStateException("no engine on the class path (META-INF/services/flatbench.engine.EngineProvider)");
        return ranked.stream().filter(p -> p.unavailableReason() == null).findFirst().orElse(ranked.get(0)).name();
    }

    public static Optional<EngineProvider> find(String name) {
        return providers().stream().filter(p -> p.name().equalsIgnoreCase(name)).findFirst();
    }
}
