package flatbench.cuda.engine;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import flatbench.benchmark.BenchConfig;
import flatbench.benchmark.BenchHarness;
import flatbench.benchmark.WarmUp;
import flatbench.benchmark.Work;
import flatbench.cuda.CudaContext;
import flatbench.engine.Batch;
import flatbench.engine.Precision;
import flatbench.engine.Vec;
import flatbench.model.ModelSpec;

/**
 * The CUDA engine's benchmark harness, its {@link CudaEngineProvider#benchHarness()} (the PyTorch
 * numbers it is set against: docs/GPU.md): the
 * {@link Work} items of a {@link BenchConfig} on the
 * config's inputs, timed with CUDA events (launches are asynchronous, so wall clock would miss
 * queued work) after a warm-up until steady ({@link WarmUp}, on event times), raw samples kept,
 * and the pool's peak memory per work item. Times one fork (this JVM).
 *
 * <p>How this engine does each item: forward-backward includes the host-to-device copy of the
 * batch; per-sample gradients are materialised as B × P fp32 on the device; the noise Gram is
 * built per layer (ghost form for dense weights, explicit blocks otherwise) without G whole;
 * projection includes the forward and per-sample backward passes; hvp is forward, backward,
 * R-forward and R-backward. The Lanczos solve is left to the host's wall-clock harness ({@link #works()}).
 */
public final class CudaEventHarness implements BenchHarness {
    @Override public Set<Work> works() { return EnumSet.complementOf(EnumSet.of(Work.LANCZOS_TOP_K)); }

    @Override public Timings time(List<ModelSpec> specs, BenchConfig c) {
        // Checked before any work: the record would otherwise say float64 for float32 timings.
        if (c.precision() != Precision.FLOAT32) throw new IllegalArgumentException("the cuda engine computes in float32 only; use --precision float32");
        try (CudaContext cuda = CudaContext.create()) {
            return time(cuda, specs, c);
        }
    }

    /**
     * Times on an open context. Metrics: {@code gpu.device}, and {@code gpu.peakDeviceBytes.<model>.<work>},
     * the most memory flatbench's pool held during the item (parameters and activations included).
     */
    public static Timings time(CudaContext cuda, List<ModelSpec> specs, BenchConfig c) {
        List<Timed> items = new ArrayList<>();
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("gpu.device", cuda.deviceName());
        for (ModelSpec spec : specs) {
            try (CudaEngine engine = CudaEngine.on(cuda, spec, spec.initialParameters(c.seed()))) {
                for (Measured m : runModel(cuda, engine, c.inputs(spec), c)) {
                    items.add(m.timed());
                    metrics.put("gpu.peakDeviceBytes." + spec.name() + "." + m.timed().work().label(), m.peakDeviceBytes());
                }
            }
        }
        return new Timings(items, metrics);
    }

    private record Measured(Timed timed, long peakDeviceBytes) {}

    private static List<Measured> runModel(CudaContext cuda, CudaEngine e, Batch b, BenchConfig c) {
        List<Measured> out = new ArrayList<>();
        var space = e.vectors();
        try (Vec grad = space.zeros(); Vec v = space.zeros(); Vec hv = space.zeros()) {
            space.fillGaussian(v, c.seed());
            space.scale(v, 1.0 / space.norm(v));
            out.add(time(cuda, e, c, Work.FORWARD_BACKWARD, () -> e.lossAndGradient(b, grad)));
            out.add(time(cuda, e, c, Work.PER_SAMPLE_GRADIENTS, () -> e.perSampleGradientMatrix(b).close()));
            out.add(time(cuda, e, c, Work.NOISE_GRAM, () -> e.gramOnDevice(b).close()));
            List<Vec> dirs = new ArrayList<>();
            try {
                for (int j = 0; j < c.projections(); j++) {
                    Vec d = space.zeros();
                    space.fillGaussian(d, c.seed() + 1 + j);
                    dirs.add(d);
                }
                out.add(time(cuda, e, c, Work.PROJECTION, () -> e.projectOnDevice(b, dirs).close()));
            } finally {
                for (Vec d : dirs) d.close();
            }
            out.add(time(cuda, e, c, Work.HVP, () -> e.hessianVector(b, v, hv)));
        }
        return out;
    }

    private static Measured time(CudaContext cuda, CudaEngine e, BenchConfig c, Work work, Runnable body) {
        WarmUp warmUp = WarmUp.run(c, () -> cuda.time(body) / 1000);
        cuda.synchronize();
        cuda.resetPeak();
        double[] seconds = new double[c.iterations()];
        for (int i = 0; i < seconds.length; i++) seconds[i] = cuda.time(body) / 1000;
        return new Measured(new Timed(e.spec().name(), work, seconds, warmUp), cuda.peakBytes());
    }
}
