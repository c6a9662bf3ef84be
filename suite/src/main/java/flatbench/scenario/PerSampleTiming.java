package flatbench.scenario;

import java.util.LinkedHashMap;
import java.util.Map;

import flatbench.engine.Batch;

/** Times the engine's per-sample gradients on one batch and keeps each gradient's norm. */
final class PerSampleTiming {
    private PerSampleTiming() {}

    /** Returns seconds, samples, mean/max norm, and "norms" (double[], for an array file). */
    static Map<String, Object> measure(RunContext ctx, Batch batch) {
        double[] norms = new double[batch.size()];
        long t0 = System.nanoTime();
        ctx.timings().time("per-sample-gradients", () -> ctx.engine().perSampleGradients(batch, (row, g) -> {
            double s = 0;
            for (double x : g) s += x * x;
            norms[row] = Math.sqrt(s);
            ctx.listener().update("per-sample gradients", row + 1, batch.size());
        }));
        double seconds = (System.nanoTime() - t0) / 1e9;
        double mean = 0, max = 0;
        for (double x : norms) {
            mean += x;
            max = Math.max(max, x);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("samples", batch.size());
        m.put("seconds", seconds);
        m.put("meanNorm", mean / norms.length);
        m.put("maxNorm", max);
        m.put("norms", norms);
        return m;
    }
}
