package flatbench.benchmark;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import flatbench.model.ModelSpec;

/**
 * Times the {@link Work} items of a {@link BenchConfig} in this JVM (one fork). Two exist, each
 * named for its clock and kept with what it times: the host harness
 * ({@code flatbench.benchmark.run.WallClockHarness}, suite), wall clock around synchronous engine
 * calls, and the CUDA engine's ({@code flatbench.cuda.engine.CudaEventHarness}, kernels), CUDA
 * events around asynchronous launches (wall clock would miss queued work); an engine names its
 * own through {@link flatbench.engine.EngineProvider#benchHarness()} for the {@link #works()} it
 * times. Both take their inputs from
 * {@link BenchConfig#inputs} and warm up by {@link WarmUp}; writing the results is the caller's business.
 */
public interface BenchHarness {
    /**
     * One work item on one model.
     *
     * @param seconds the raw timed samples, after the warm-up
     */
    record Timed(String model, Work work, double[] seconds, WarmUp warmUp) {
        public Timed {
            seconds = seconds.clone();
        }

        @Override public double[] seconds() { return seconds.clone(); }

        public String name() { return work.nameOn(model); }

        public double median() { return BenchHarness.median(seconds); }

        @Override public boolean equals(Object o) {
            return o instanceof Timed t && model.equals(t.model) && work == t.work && Arrays.equals(seconds, t.seconds)
                    && java.util.Objects.equals(warmUp, t.warmUp);
        }

        @Override public int hashCode() { return java.util.Objects.hash(model, work, Arrays.hashCode(seconds), warmUp); }

        @Override public String toString() { return name() + Arrays.toString(seconds); }
    }

    /**
     * What one harness measured.
     *
     * @param metrics facts about where it ran, by dotted metric path (e.g. the device name and its peak memory per item); may be empty
     */
    record Timings(List<Timed> items, Map<String, Object> metrics) {
        public Timings {
            items = List.copyOf(items);
            metrics = Map.copyOf(metrics);
        }
    }

    /** Times {@link #works()} (in {@link Work} order, model by model). */
    Timings time(List<ModelSpec> specs, BenchConfig c);

    /**
     * The work items this harness times; the host harness times the others. The CUDA harness
     * leaves the Lanczos solve to the host harness: its dot products bring every step back to the
     * host, so wall clock times it correctly, and it is then the one Lanczos the measurements use.
     */
    default Set<Work> works() { return EnumSet.allOf(Work.class); }

    /** The summary every benchmark reports: the median (mean of the two middle samples for an even count); NaN for none. */
    static double median(double[] samples) {
        if (samples.length == 0) return Double.NaN;
        double[] s = samples.clone();
        Arrays.sort(s);
        int m = s.length / 2;
        return s.length % 2 == 1 ? s[m] : 0.5 * (s[m - 1] + s[m]);
    }
}
