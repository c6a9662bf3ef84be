package flatbench.compare;

import flatbench.record.Direction;

/**
 * One benchmark compared across two sets. {@code ratio} is new median / base median; medians,
 * ratio and p-value are NaN where the benchmark is missing on one side or incomparable.
 */
public record BenchmarkComparison(String name, String unit, Direction better, double baseMedian, double nextMedian,
                                  double ratio, double pValue, boolean exactP, int baseSamples, int nextSamples,
                                  Verdict verdict, String reason) {
}
