package flatbench.timing;

import flatbench.record.PhaseTiming;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Wall time per phase of a run, recorded through Micrometer {@link Timer}s (so the meters can be
 * exported) while also keeping every raw sample (which a Timer does not), because compare and the
 * report need the distribution. Thread-safe.
 *
 * <pre>{@code
 * Timings t = new Timings();
 * double loss = t.time("forward", () -> engine.loss(batch));
 * try (Timings.Stopwatch s = t.start("lanczos")) { ... }
 * builder.timings(t.snapshot());
 * }</pre>
 */
public final class Timings {
    /** Meter name of every phase timer; the phase is its {@value #PHASE_TAG} tag. */
    public static final String METER_NAME = "flatbench.phase";
    public static final String PHASE_TAG = "phase";

    private final MeterRegistry registry;
    private final Map<String, List<Double>> samples = new ConcurrentHashMap<>();

    public Timings() { this(new SimpleMeterRegistry()); }

    /** Records into a given registry, e.g. one the CLI also exports. */
    public Timings(MeterRegistry registry) { this.registry = registry; }

    public MeterRegistry registry() { return registry; }

    public <T> T time(String phase, Supplier<T> work) {
        long t0 = System.nanoTime();
        try {
            return work.get();
        } finally {
            record(phase, System.nanoTime() - t0);
        }
    }

    public void time(String phase, Runnable work) {
        long t0 = System.nanoTime();
        try {
            work.run();
        } finally {
            record(phase, System.nanoTime() - t0);
        }
    }

    /** Starts timing a phase; closing the stopwatch records it once. */
    public Stopwatch start(String phase) { return new Stopwatch(phase, System.nanoTime()); }

    public void record(String phase, long nanos) {
        if (nanos < 0) throw new IllegalArgumentException("phase '" + phase + "' has a negative duration of " + nanos + " ns");
        Timer.builder(METER_NAME).tag(PHASE_TAG, phase).register(registry).record(nanos, TimeUnit.NANOSECONDS);
        List<Double> list = samples.computeIfAbsent(phase, k -> Collections.synchronizedList(new ArrayList<>()));
        list.add(nanos * 1e-9);
    }

    /** Count, total and mean from the Micrometer timers; max and raw samples from this object; keys sorted by phase. */
    public Map<String, PhaseTiming> snapshot() {
        Map<String, PhaseTiming> out = new TreeMap<>();
        for (Map.Entry<String, List<Double>> e : samples.entrySet()) {
            Timer timer = registry.find(METER_NAME).tag(PHASE_TAG, e.getKey()).timer();
            double[] raw;
            synchronized (e.getValue()) {
                raw = e.getValue().stream().mapToDouble(Double::doubleValue).toArray();
            }
            if (timer == null) {
                out.put(e.getKey(), PhaseTiming.ofSamples(raw));
            } else {
                // A Timer's max decays over a time window; the raw samples hold the run's true maximum.
                double max = java.util.Arrays.stream(raw).max().orElse(0.0);
                out.put(e.getKey(), new PhaseTiming(timer.count(), timer.totalTime(TimeUnit.SECONDS),
                        timer.mean(TimeUnit.SECONDS), max, raw));
            }
        }
        return out;
    }

    /** Every meter of the registry in the Prometheus text exposition format. */
    public String prometheusText() { return PrometheusText.format(registry); }

    /** A running measurement of one phase. */
    public final class Stopwatch implements AutoCloseable {
        private final String phase;
        private final long startNanos;
        private boolean closed;

        private Stopwatch(String phase, long startNanos) {
            this.phase = phase;
            this.startNanos = startNanos;
        }

        @Override
        public void close() {
            if (closed) return;
            closed = true;
            record(phase, System.nanoTime() - startNanos);
        }
    }
}
