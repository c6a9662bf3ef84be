package flatbench.cuda.check;

import java.util.List;

import flatbench.benchmark.BenchConfig;
import flatbench.benchmark.BenchHarness;
import flatbench.cuda.CudaContext;
import flatbench.cuda.CudaDriver;
import flatbench.cuda.engine.CudaEventHarness;
import flatbench.engine.Precision;
import flatbench.model.Layer;
import flatbench.model.ModelSpec;
import flatbench.model.Models;
import flatbench.model.Shape;

/** Runs a miniature {@link CudaEventHarness} and prints its records; started by {@link EmulatedKernelsTest}. */
public final class EmulatedBenchmarkMain {
    public static void main(String[] args) {
        try (CudaContext cuda = CudaContext.create()) {
            System.out.println("probe\t" + CudaDriver.probe());
            var config = new BenchConfig("cuda", Precision.FLOAT32, List.of("tiny"), 4, 1, 0.0, 2, 0, 3, 4, 2, 1, 5);
            var tinyCnn = new ModelSpec("tiny-cnn", new Shape(1, 8, 8), 3, List.of(
                    Layer.Conv2d.of(1, 3, 3), new Layer.Relu(), new Layer.MaxPool(2, 2), new Layer.Dense(27, 3)));
            BenchHarness.Timings t = CudaEventHarness.time(cuda, List.of(Models.mlp(new Shape(1, 5, 5), 3, 6), tinyCnn), config);
            for (BenchHarness.Timed r : t.items()) {
                Object peak = t.metrics().get("gpu.peakDeviceBytes." + r.model() + "." + r.work().label());
                System.out.println("RESULT\t" + r.model() + "\t" + r.work().label() + "\t" + r.median() + "\t" + r.seconds().length + "\t" + peak);
            }
        }
    }
}
