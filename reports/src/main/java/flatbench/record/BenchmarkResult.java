package flatbench.record;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

import flatbench.benchmark.BenchHarness;
import flatbench.benchmark.WarmUp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One named benchmark with its raw samples, kept per fork (one fresh JVM each). {@code version}
 * is a hash of the benchmark's definition, so a changed benchmark is never compared against its
 * old baseline; {@code machine} and {@code precision} say where and how it ran; {@code median}
 * is the median of all samples.
 */
public record BenchmarkResult(String name, String version, String unit, Direction better, String machine,
                              String precision, List<Fork> forks, double median) {
    /**
     * The samples one JVM took, after its warm-up.
     *
     * @param warmup how the work was warmed up in this JVM; null where not recorded (records of schema 1)
     * @param round  in an interleaved comparison, the round this fork ran in; the other side's fork of the
     *               same round ran right beside it, under the same load. Null when the fork was not interleaved
     */
    public record Fork(double[] samples, WarmUp warmup, Integer round) {
        public Fork {
            samples = samples == null ? new double[0] : samples.clone();
        }

        /** A fork that was not part of an interleaved comparison. */
        public Fork(double[] samples, WarmUp warmup) { this(samples, warmup, null); }

        public Fork withRound(int r) { return new Fork(samples, warmup, r); }

        @Override public double[] samples() { return samples.clone(); }

        public double median() { return BenchmarkResult.median(samples); }

        @Override public boolean equals(Object o) {
            return o instanceof Fork f && Arrays.equals(samples, f.samples) && Objects.equals(warmup, f.warmup) && Objects.equals(round, f.round);
        }

        @Override public int hashCode() { return Objects.hash(Arrays.hashCode(samples), warmup, round); }

        @Override public String toString() { return "Fork" + Arrays.toString(samples) + " " + warmup + (round == null ? "" : " round " + round); }
    }

    public BenchmarkResult {
        Objects.requireNonNull(name, "benchmark name");
        if (name.isBlank()) throw new IllegalArgumentException("a benchmark needs a non-blank name");
        version = GpuInfo.orUnknown(version);
        unit = unit == null ? "" : unit;
        better = Objects.requireNonNullElse(better, Direction.LOWER);
        machine = GpuInfo.orUnknown(machine);
        precision = GpuInfo.orUnknown(precision);
        forks = forks == null ? List.of() : List.copyOf(forks);
    }

    /**
     * Reads both schemas: version 2 keeps samples per fork; version 1 had one flat {@code samples}
     * array from one JVM, read here as a single fork whose warm-up was not recorded.
     */
    @JsonCreator
    static BenchmarkResult fromJson(@JsonProperty("name") String name, @JsonProperty("version") String version,
                                    @JsonProperty("unit") String unit, @JsonProperty("better") Direction better,
                                    @JsonProperty("machine") String machine, @JsonProperty("precision") String precision,
                                    @JsonProperty("forks") List<Fork> forks, @JsonProperty("samples") double[] samples,
                                    @JsonProperty("median") Double median) {
        List<Fork> f = forks != null ? forks : samples != null ? List.of(new Fork(samples, null)) : List.of();
        return new BenchmarkResult(name, version, unit, better, machine, precision, f,
                median != null ? median : median(concat(f)));
    }

    /** A benchmark of one fork whose warm-up is not recorded; {@code better} is LOWER, as for times. */
    public static BenchmarkResult of(String name, String version, String unit, String machine, String precision,
                                     double... samples) {
        return of(name, version, unit, machine, precision, List.of(new Fork(samples, null)));
    }

    /** A benchmark whose median is computed from the samples of all its forks; {@code better} is LOWER. */
    public static BenchmarkResult of(String name, String version, String unit, String machine, String precision, List<Fork> forks) {
        return new BenchmarkResult(name, version, unit, Direction.LOWER, machine, precision, forks, median(concat(forks)));
    }

    /**
     * The same benchmark measured in several runs (or stored several times), as one result with
     * all their forks. Throws when the parts are not the same benchmark (name, version, unit,
     * direction, machine, precision): their samples would measure different things.
     */
    public static BenchmarkResult pool(List<BenchmarkResult> parts) {
        if (parts.isEmpty()) throw new IllegalArgumentException("nothing to pool");
        BenchmarkResult first = parts.get(0);
        List<Fork> forks = new ArrayList<>();
        for (BenchmarkResult p : parts) {
            if (!p.sameBenchmarkAs(first)) {
                throw new RecordException("benchmark '" + first.name() + "' was measured as two different things (version "
                        + first.version() + " on " + first.machine() + " in " + first.precision() + ", and version " + p.version()
                        + " on " + p.machine() + " in " + p.precision() + "), so their samples cannot be pooled.");
            }
            forks.addAll(p.forks());
        }
        return new BenchmarkResult(first.name, first.version, first.unit, first.better, first.machine, first.precision, forks,
                median(concat(forks)));
    }

    /** The benchmarks of several runs (or forks) of the same code, each name's parts pooled into one, in first-seen order. */
    public static List<BenchmarkResult> poolByName(List<List<BenchmarkResult>> runs) {
        java.util.Map<String, List<BenchmarkResult>> byName = new java.util.LinkedHashMap<>();
        for (List<BenchmarkResult> run : runs) {
            for (BenchmarkResult b : run) byName.computeIfAbsent(b.name(), k -> new ArrayList<>()).add(b);
        }
        return byName.values().stream().map(BenchmarkResult::pool).toList();
    }

    private boolean sameBenchmarkAs(BenchmarkResult o) {
        return name.equals(o.name) && version.equals(o.version) && unit.equals(o.unit) && better == o.better
                && machine.equals(o.machine) && precision.equals(o.precision);
    }

    /**
     * Fork medians by interleaving round, when every fork with samples has a round and no round
     * occurs twice; empty otherwise (e.g. forks of separate runs pooled together).
     */
    public java.util.Optional<java.util.SortedMap<Integer, Double>> mediansByRound() {
        java.util.SortedMap<Integer, Double> m = new java.util.TreeMap<>();
        for (Fork f : forks) {
            if (f.samples.length == 0) continue;
            if (f.round == null || m.put(f.round, f.median()) != null) return java.util.Optional.empty();
        }
        return m.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(m);
    }

    /** The same benchmark with every fork tagged with {@code round}. */
    public BenchmarkResult inRound(int round) {
        return new BenchmarkResult(name, version, unit, better, machine, precision, forks.stream().map(f -> f.withRound(round)).toList(), median);
    }

    /** Every sample of every fork, in fork order. */
    public double[] samples() { return concat(forks); }

    /** The median of each fork's samples, skipping forks without samples. */
    public double[] forkMedians() {
        return forks.stream().filter(f -> f.samples.length > 0).mapToDouble(Fork::median).toArray();
    }

    /** Median of the samples, the summary every benchmark reports ({@link BenchHarness#median}). */
    public static double median(double[] samples) { return BenchHarness.median(samples); }

    private static double[] concat(List<Fork> forks) {
        return forks.stream().flatMapToDouble(f -> Arrays.stream(f.samples)).toArray();
    }
}
