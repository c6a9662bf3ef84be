package flatbench.cuda.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import flatbench.cuda.CudaContext;
import flatbench.cuda.DeviceBuffer;
import flatbench.cuda.engine.CudaEngine;
import flatbench.benchmark.BenchConfig;
import flatbench.benchmark.WarmUp;
import flatbench.engine.Batch;
import flatbench.engine.Vec;
import flatbench.model.ModelSpec;
import flatbench.model.Models;

/**
 * Times the CUDA engine's primitives on the shapes of GPU.md's PyTorch table (LeNet-like CNN and
 * ResNet-18 at B = 128, fp32): medians of CUDA-event timings after a warm-up until steady
 * ({@link WarmUp}, the same rule as the CPU harness, on event times), raw samples kept, peak pool
 * memory per work item. Times one fork (this JVM). Returns records; writing them is the caller's business.
 */
public final class GpuBenchmark {
    private GpuBenchmark() {}

    /**
     * One timed work item. peakDeviceBytes is the most memory flatbench's pool held during the
     * item (model parameters and activations included); samplesMs are the raw timings; warmUp
     * says how the item was warmed up.
     */
    public record Result(String model, long parameters, int batch, String work, double medianMs, List<Double> samplesMs,
                         WarmUp warmUp, long peakDeviceBytes, String device, String note) {}

    /** Runs the catalogue models named in the config. */
    public static List<Result> run(CudaContext cuda, BenchConfig config) {
        List<ModelSpec> specs = new ArrayList<>();
        for (String name : config.models()) {
            specs.add(Models.byName(name).orElseThrow(() -> new IllegalArgumentException("unknown model '" + name + "' (see flatbench list)")));
        }
        return run(cuda, specs, config);
    }

    /** Runs the given models (the config's model names are ignored). */
    public static List<Result> run(CudaContext cuda, List<ModelSpec> specs, BenchConfig config) {
        List<Result> out = new ArrayList<>();
        for (ModelSpec spec : specs) {
            try (CudaEngine engine = CudaEngine.on(cuda, spec, spec.initialParameters(config.seed()))) {
                out.addAll(runModel(cuda, engine, batch(spec, config), config));
            }
        }
        return out;
    }

    private static Batch batch(ModelSpec spec, BenchConfig c) {
        SplittableRandom rng = new SplittableRandom(c.seed());
        float[] x = new float[c.batch() * spec.input().size()];
        for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextGaussian();
        int[] y = new int[c.batch()];
        for (int i = 0; i < y.length; i++) y[i] = rng.nextInt(spec.numClasses());
        return new Batch(spec.input(), c.batch(), x, y);
    }

    private static List<Result> runModel(CudaContext cuda, CudaEngine e, Batch b, BenchConfig c) {
        List<Result> out = new ArrayList<>();
        var space = e.vectors();
        try (Vec grad = space.zeros(); Vec v = space.zeros(); Vec hv = space.zeros()) {
            space.fillGaussian(v, c.seed());
            out.add(time(cuda, e, b, c, "forward+backward", "includes the host-to-device copy of the batch",
                    () -> e.lossAndGradient(b, grad)));
            out.add(time(cuda, e, b, c, "per-sample gradients (materialised G)", "B × P fp32 on the device",
                    () -> e.perSampleGradientMatrix(b).close()));
            out.add(time(cuda, e, b, c, "noise Gram (per layer, G never whole)", "ghost for dense weights, explicit per block otherwise",
                    () -> e.gramOnDevice(b).close()));
            List<Vec> dirs = new ArrayList<>();
            try {
                for (int j = 0; j < c.projections(); j++) {
                    Vec d = space.zeros();
                    space.fillGaussian(d, c.seed() + 1 + j);
                    dirs.add(d);
                }
                out.add(time(cuda, e, b, c, "projection k=" + c.projections(), "includes forward and per-sample backward",
                        () -> e.projectOnDevice(b, dirs).close()));
            } finally {
                for (Vec d : dirs) d.close();
            }
            out.add(time(cuda, e, b, c, "Hessian-vector product (R-operator)", "forward, backward, R-forward, R-backward",
                    () -> e.hessianVector(b, v, hv)));
            BenchConfig once = c.forLanczos();
            out.add(time(cuda, e, b, once, "top-" + c.topK() + " Lanczos, " + c.lanczosSteps() + " steps, full re-orthogonalisation",
                    "DeviceLanczos on CudaVectorSpace; includes host round trips of dot products",
                    () -> DeviceLanczos.topEigenvalues(space, (in, res) -> e.hessianVector(b, in, res), c.lanczosSteps(), c.topK(), c.seed())));
        }
        return out;
    }

    private static Result time(CudaContext cuda, CudaEngine e, Batch b, BenchConfig c, String work, String note, Runnable body) {
        WarmUp warmUp = WarmUp.run(c, () -> cuda.time(body) / 1000);
        cuda.synchronize();
        cuda.resetPeak();
        double[] ms = new double[c.iterations()];
        for (int i = 0; i < ms.length; i++) ms[i] = cuda.time(body);
        List<Double> samples = new ArrayList<>();
        for (double m : ms) samples.add(m);
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2] : 0.5 * (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]);
        return new Result(e.spec().name(), e.parameterCount(), b.size(), work, median, List.copyOf(samples), warmUp, cuda.peakBytes(),
                cuda.deviceName(), note);
    }
}
