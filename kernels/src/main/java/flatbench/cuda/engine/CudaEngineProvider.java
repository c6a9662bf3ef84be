package flatbench.cuda.engine;

import java.util.Optional;
import java.util.SortedMap;

import flatbench.benchmark.BenchConfig;
import flatbench.benchmark.BenchHarness;
import flatbench.cuda.CudaContext;
import flatbench.cuda.CudaDriver;
import flatbench.cuda.KernelBinaries;
import flatbench.cuda.check.SelfCheck;
import flatbench.engine.Engine;
import flatbench.engine.EngineProvider;
import flatbench.engine.Precision;
import flatbench.model.ModelSpec;

/** Provider of the "cuda" engine; usable only where {@link CudaDriver#probe()} finds a GPU. */
public final class CudaEngineProvider implements EngineProvider {
    public static final String NAME = "cuda";

    public String name() { return NAME; }

    public String description() { return "fp32 on one NVIDIA GPU with flatbench's own kernels (JCuda driver API; no cuBLAS/cuDNN)"; }

    public String unavailableReason() { return CudaDriver.probe(); }

    public Engine create(ModelSpec spec, Precision precision, long seed) {
        if (precision != Precision.FLOAT32) throw new IllegalArgumentException("the cuda engine computes in float32 only; use --precision float32 or the java engine for float64");
        String why = CudaDriver.probe();
        if (why != null) throw new IllegalStateException("the cuda engine is unavailable: " + why);
        return CudaEngine.create(spec, seed);
    }

    /** After the cpu engine (the project's measurements run in float64 on the CPU), before the slow reference. */
    @Override public int defaultRank() { return 1; }

    @Override public boolean runsOnCpu() { return false; }

    @Override public BenchConfig benchDefaults() { return BenchConfig.gpuDefaults(NAME); }

    @Override public Optional<BenchHarness> benchHarness() { return Optional.of(new CudaEventHarness()); }

    @Override public SortedMap<String, String> kernelHashes() { return KernelBinaries.hashes(); }

    @Override public boolean hasSelfCheck() { return true; }

    @Override public SelfCheckReport selfCheck(long seed) {
        String why = CudaDriver.probe();
        if (why != null) throw new IllegalArgumentException("no usable GPU: " + why);
        try (CudaContext cuda = CudaContext.create()) {
            return new SelfCheckReport(cuda.deviceName(), SelfCheck.run(cuda, seed));
        }
    }
}
