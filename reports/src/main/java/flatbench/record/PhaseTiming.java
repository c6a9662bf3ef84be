package flatbench.record;

import java.util.Arrays;

/**
 * Wall time of one phase of a run: summary statistics plus every raw sample, in seconds,
 * because a comparison needs the distribution and not only the mean.
 */
public record PhaseTiming(long count, double totalSeconds, double meanSeconds, double maxSeconds, double[] samplesSeconds) {
    public PhaseTiming {
        samplesSeconds = samplesSeconds == null ? new double[0] : samplesSeconds.clone();
    }

    /** Summary computed from the raw samples alone. */
    public static PhaseTiming ofSamples(double... samplesSeconds) {
        double total = Arrays.stream(samplesSeconds).sum();
        double max = Arrays.stream(samplesSeconds).max().orElse(0.0);
        int n = samplesSeconds.length;
        return new PhaseTiming(n, total, n == 0 ? 0.0 : total / n, max, samplesSeconds);
    }

    @Override
    public double[] samplesSeconds() { return samplesSeconds.clone(); }
}
