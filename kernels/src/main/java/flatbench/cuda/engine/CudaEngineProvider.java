package flatbench.cuda.engine;

import flatbench.cuda.CudaContext;
import flatbench.engine.Engine;
import flatbench.engine.EngineProvider;
import flatbench.engine.Precision;
import flatbench.model.ModelSpec;

/** Provider of the "cuda" engine; usable only where {@link CudaContext#probe()} finds a GPU. */
public final class CudaEngineProvider implements EngineProvider {
    public String name() { return "cuda"; }

    public String description() { return "fp32 on one NVIDIA GPU with flatbench's own kernels (JCuda driver API; no cuBLAS/cuDNN)"; }

    public String unavailableReason() { return CudaContext.probe(); }

    public Engine create(ModelSpec spec, Precision precision, long seed) {
        if (precision != Precision.FLOAT32) throw new IllegalArgumentException("the cuda engine computes in float32 only; use --precision float32 or the java engine for float64");
        String why = CudaContext.probe();
        if (why != null) throw new IllegalStateException("the cuda engine is unavailable: " + why);
        return CudaEngine.create(spec, seed);
    }
}
