package flatbench.compare;

import flatbench.record.Direction;

/**
 * One benchmark compared across two sets. Medians are of all samples of a side; {@code ratio},
 * its interval, the p-value and the spreads come from the per-fork medians ({@link ForkRatio}).
 * Numbers are NaN where the benchmark is missing on one side, incomparable, or (interval and
 * p-value) has fewer than two forks on a side.
 *
 * @param baseForks  forks (fresh JVMs) of the base side; {@code nextForks} likewise
 * @param baseSpread standard deviation of the base side's log fork medians, about the relative spread between its JVMs
 * @param pValue     the p-value that decides: {@code rawPValue} adjusted (Holm) over the tested benchmarks of the comparison
 * @param rawPValue  the test's own p-value for this benchmark alone
 * @param paired     whether the test paired the forks by interleaving round
 */
public record BenchmarkComparison(String name, String unit, Direction better, double baseMedian, double nextMedian,
                                  double ratio, double ratioLow, double ratioHigh, double pValue, double rawPValue,
                                  int baseForks, int nextForks, double baseSpread, double nextSpread, boolean paired,
                                  Verdict verdict, String reason) {
}
