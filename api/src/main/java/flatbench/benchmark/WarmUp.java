package flatbench.benchmark;

import java.util.function.DoubleSupplier;

/**
 * How one work item was warmed up in one fork, and the rule that ends a warm-up: run the work
 * untimed at least {@link BenchConfig#warmup()} times, then until the last {@value #WINDOW} run
 * times agree within {@value #TOLERANCE} of each other (max/min − 1), the sign that the JIT,
 * caches and allocator have settled; stop at the time budget {@link BenchConfig#warmupSeconds()}
 * whether or not they have, and record that they had not. Both timing harnesses (wall clock on
 * the CPU, CUDA events on the GPU) use this rule.
 *
 * @param runs    untimed runs done
 * @param seconds time they took, as the harness measured it
 * @param steady  whether the last {@value #WINDOW} runs agreed within the tolerance
 */
public record WarmUp(int runs, double seconds, boolean steady) {
    /** Run times compared to call the work item steady. */
    public static final int WINDOW = 3;
    /** Largest relative spread (max/min − 1) of the last {@link #WINDOW} run times that counts as steady. */
    public static final double TOLERANCE = 0.10;

    /**
     * Warms up one work item.
     *
     * @param timedRun runs the work once and returns how long it took, in seconds
     */
    public static WarmUp run(BenchConfig c, DoubleSupplier timedRun) {
        double[] last = new double[WINDOW];
        double total = 0;
        int runs = 0;
        boolean steady = false;
        while (runs < c.warmup() || (!steady && total < c.warmupSeconds())) {
            double t = timedRun.getAsDouble();
            last[runs % WINDOW] = t;
            total += t;
            runs++;
            steady = runs >= WINDOW && settled(last);
        }
        return new WarmUp(runs, total, steady);
    }

    static boolean settled(double[] times) {
        double min = Double.POSITIVE_INFINITY, max = 0;
        for (double t : times) {
            min = Math.min(min, t);
            max = Math.max(max, t);
        }
        return min > 0 && max / min - 1 <= TOLERANCE;
    }
}
