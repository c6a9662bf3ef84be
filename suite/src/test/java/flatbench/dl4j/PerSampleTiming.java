package flatbench.dl4j;

import flatbench.engine.Batch;
import flatbench.engine.Precision;
import flatbench.model.Models;

/** A manual timing, not a test: per-sample gradients of LeNet for n = 512 (run with exec:java or a main launcher). */
final class PerSampleTiming {
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 512;
        Precision p = args.length > 1 ? Precision.parse(args[1]) : Precision.FLOAT32;
        var spec = Models.lenet();
        try (Dl4jEngine e = new Dl4jEngine(spec, p, 1)) {
            Batch b = Dl4jEngineTest.randomBatch(spec, n, 2);
            double[] sink = new double[1];
            for (int rep = 0; rep < 3; rep++) {
                long t0 = System.nanoTime();
                e.perSampleGradients(b, (row, g) -> sink[0] += g[row % g.length]);
                long t1 = System.nanoTime();
                e.gram(b, true);
                long t2 = System.nanoTime();
                var v = e.vectors().zeros();
                e.lossAndGradient(b, v);
                long t3 = System.nanoTime();
                System.out.printf("n=%d %s per-sample %.2f s, gram %.2f s, batch gradient %.2f s%n", n, p.label(),
                        (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9);
            }
        }
    }
}
