package flatbench.cpu;

import flatbench.engine.Engine;
import flatbench.engine.EngineProvider;
import flatbench.engine.Engines;
import flatbench.engine.Precision;
import flatbench.model.ModelSpec;

/**
 * Provider of the "cpu" engine; its thread count is {@link Engines#cpuThreads()}.
 */
public final class CpuEngineProvider implements EngineProvider {
    @Override public String name() { return CpuEngine.NAME; }

    @Override public String description() {
        return "fast CPU engine on OpenBLAS, float32 or float64, " + Engines.cpuThreads() + " threads: exact R-operator Hessian-vector products, ghost Gram";
    }

    @Override public String unavailableReason() { return Blas.unavailableReason(); }

    /** The default wherever it is present: the fastest correct engine on a CPU. */
    @Override public int defaultRank() { return 0; }

    @Override public Engine create(ModelSpec spec, Precision precision, long seed) {
        return new CpuEngine(spec, precision, seed, Engines.cpuThreads());
    }
}
