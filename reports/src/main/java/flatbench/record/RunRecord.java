package flatbench.record;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * Everything one run produced, versioned so that a reader never misreads an older or newer file.
 *
 * <ul>
 *   <li>{@code status}: completed, or failed with the reason (a failed run keeps what it measured until then).</li>
 *   <li>{@code config}: the full configuration, as a JSON-friendly tree (see {@link MetricTree}).</li>
 *   <li>{@code metrics}: measured quantities, e.g. {@code hessian.topEigenvalues} → double[].</li>
 *   <li>{@code metricInfo}: unit and better-direction per dotted metric path, where known.</li>
 *   <li>{@code timings}: per phase wall time with raw samples (see {@code flatbench.timing.Timings#snapshot()}).</li>
 *   <li>{@code benchmarks}: named benchmarks with raw samples per fork, the input of compare and history.</li>
 *   <li>{@code arrays}: file names of .npy arrays stored beside the record.</li>
 * </ul>
 * Build one with {@link #builder(String, Provenance)}; write it with {@link RunRecordStore#write}.
 */
@JsonPropertyOrder({"schemaVersion", "runId", "status", "provenance", "config", "metrics", "metricInfo", "timings", "benchmarks", "arrays"})
public record RunRecord(int schemaVersion, String runId, RunStatus status, Provenance provenance, Map<String, Object> config,
                        Map<String, Object> metrics, Map<String, MetricInfo> metricInfo,
                        Map<String, PhaseTiming> timings, List<BenchmarkResult> benchmarks, List<String> arrays) {

    /**
     * The schema this code writes; bump it on any change an old reader would misread. Version 2
     * added {@code status} (a failed run must not read as a finished one) and moved benchmark
     * samples into forks; version 3 writes every metric with an uncertainty as a
     * {value, ci95, splitHalves} object ({@link Estimate}), where 1 and 2 held plain numbers.
     */
    public static final int CURRENT_SCHEMA_VERSION = 3;
    /**
     * The oldest schema this code still reads: version 1 records read as completed runs with one
     * fork per benchmark; metric readers take a plain number as an estimate without interval.
     */
    public static final int OLDEST_READABLE_SCHEMA_VERSION = 1;

    public RunRecord {
        Objects.requireNonNull(runId, "runId");
        if (runId.isBlank()) throw new IllegalArgumentException("a run record needs a non-blank runId");
        Objects.requireNonNull(provenance, "provenance");
        status = status == null ? RunStatus.completed() : status;
        config = MetricTree.normalize(config);
        metrics = MetricTree.normalize(metrics);
        metricInfo = metricInfo == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(metricInfo));
        timings = timings == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(timings));
        benchmarks = benchmarks == null ? List.of() : List.copyOf(benchmarks);
        arrays = arrays == null ? List.of() : List.copyOf(arrays);
    }

    /** The metric at a dotted path such as "alignment.sigma2VsLambdaSlope". */
    public Optional<Object> metric(String path) { return MetricTree.get(metrics, path); }

    public OptionalDouble metricNumber(String path) { return MetricTree.number(metrics, path); }

    public Optional<double[]> metricArray(String path) { return MetricTree.array(metrics, path); }

    /** The metric at a path with its interval and split halves, where it has them. */
    public Optional<Estimate> metricEstimate(String path) { return MetricTree.estimate(metrics, path); }

    public static Builder builder(String runId, Provenance provenance) { return new Builder(runId, provenance); }

    /** Collects the parts of a record during a run; {@link #build()} makes the immutable record. */
    public static final class Builder {
        private final String runId;
        private final Provenance provenance;
        private RunStatus status = RunStatus.completed();
        private final Map<String, Object> config = new LinkedHashMap<>();
        private final Map<String, Object> metrics = new LinkedHashMap<>();
        private final Map<String, MetricInfo> metricInfo = new LinkedHashMap<>();
        private final Map<String, PhaseTiming> timings = new LinkedHashMap<>();
        private final List<BenchmarkResult> benchmarks = new ArrayList<>();
        private final List<String> arrays = new ArrayList<>();

        private Builder(String runId, Provenance provenance) {
            this.runId = runId;
            this.provenance = provenance;
        }

        /** Marks the run failed (it keeps what was measured until then). */
        public Builder status(RunStatus status) {
            this.status = Objects.requireNonNull(status, "status");
            return this;
        }

        public Builder config(Map<String, ?> config) {
            this.config.putAll(config);
            return this;
        }

        /** Adds every entry of a metric tree at the top level (merging is shallow). */
        public Builder metrics(Map<String, ?> metrics) {
            this.metrics.putAll(metrics);
            return this;
        }

        /** Puts one value at a dotted path, creating the maps on the way: {@code metric("hessian.trace", 12.5)}. */
        @SuppressWarnings("unchecked")
        public Builder metric(String path, Object value) {
            String[] keys = path.split("\\.");
            Map<String, Object> node = metrics;
            for (int i = 0; i < keys.length - 1; i++) {
                Object child = node.get(keys[i]);
                if (child != null && !(child instanceof Map<?, ?>)) {
                    throw new IllegalArgumentException("metric '" + path + "' would replace the value at '"
                            + String.join(".", List.of(keys).subList(0, i + 1)) + "' with a map");
                }
                // Copy on the way down: maps handed in by callers may be immutable or shared.
                LinkedHashMap<String, Object> fresh = new LinkedHashMap<>();
                if (child != null) ((Map<?, ?>) child).forEach((k, v) -> fresh.put(String.valueOf(k), v));
                node.put(keys[i], fresh);
                child = fresh;
                node = (Map<String, Object>) child;
            }
            node.put(keys[keys.length - 1], value);
            return this;
        }

        /** Puts a value and records its unit and which direction is better. */
        public Builder metric(String path, Object value, String unit, Direction better) {
            metric(path, value);
            metricInfo.put(path, new MetricInfo(unit, better));
            return this;
        }

        /** Records the unit and better-direction of a metric put (or to be put) at {@code path}. */
        public Builder metricInfo(String path, String unit, Direction better) {
            metricInfo.put(path, new MetricInfo(unit, better));
            return this;
        }

        public Builder timings(Map<String, PhaseTiming> timings) {
            this.timings.putAll(timings);
            return this;
        }

        public Builder benchmark(BenchmarkResult benchmark) {
            benchmarks.add(benchmark);
            return this;
        }

        /** Names a .npy file written beside the record (just the file name, e.g. "hessian_top.npy"). */
        public Builder array(String fileName) {
            arrays.add(fileName);
            return this;
        }

        public RunRecord build() {
            return new RunRecord(CURRENT_SCHEMA_VERSION, runId, status, provenance, config, metrics, metricInfo, timings,
                    benchmarks, arrays);
        }
    }
}
