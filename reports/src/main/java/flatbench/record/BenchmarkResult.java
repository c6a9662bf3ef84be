package flatbench.record;

import java.util.Arrays;
import java.util.Objects;

/**
 * One named benchmark with its raw samples. {@code version} is a hash of the benchmark's
 * definition, so a changed benchmark is never compared against its old baseline; {@code machine}
 * and {@code precision} say where and how it ran.
 */
public record BenchmarkResult(String name, String version, String unit, Direction better, String machine,
                              String precision, double[] samples, double median) {
    public BenchmarkResult {
        Objects.requireNonNull(name, "benchmark name");
        if (name.isBlank()) throw new IllegalArgumentException("a benchmark needs a non-blank name");
        version = GpuInfo.orUnknown(version);
        unit = unit == null ? "" : unit;
        better = Objects.requireNonNullElse(better, Direction.LOWER);
        machine = GpuInfo.orUnknown(machine);
        precision = GpuInfo.orUnknown(precision);
        samples = samples == null ? new double[0] : samples.clone();
    }

    /** A benchmark whose median is computed from its samples; {@code better} defaults to LOWER, as for times. */
    public static BenchmarkResult of(String name, String version, String unit, String machine, String precision,
                                     double... samples) {
        return new BenchmarkResult(name, version, unit, Direction.LOWER, machine, precision, samples, median(samples));
    }

    /** Median of the samples (mean of the two middle ones for an even count); NaN for none. */
    public static double median(double[] samples) {
        if (samples.length == 0) return Double.NaN;
        double[] s = samples.clone();
        Arrays.sort(s);
        int m = s.length / 2;
        return s.length % 2 == 1 ? s[m] : 0.5 * (s[m - 1] + s[m]);
    }

    @Override
    public double[] samples() { return samples.clone(); }
}
