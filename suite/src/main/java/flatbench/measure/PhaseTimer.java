package flatbench.measure;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** Wall-clock seconds per named phase, in the order the phases ran. */
public final class PhaseTimer {
    private final Map<String, Double> seconds = new LinkedHashMap<>();

    public <T> T time(String phase, Supplier<T> work) {
        long t0 = System.nanoTime();
        try {
            return work.get();
        } finally {
            seconds.merge(phase, (System.nanoTime() - t0) / 1e9, Double::sum);
        }
    }

    public Map<String, Double> seconds() { return Collections.unmodifiableMap(new LinkedHashMap<>(seconds)); }
}
