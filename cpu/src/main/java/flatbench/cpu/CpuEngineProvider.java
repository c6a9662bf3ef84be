package flatbench.cpu;

import flatbench.engine.Engine;
import flatbench.engine.EngineProvider;
import flatbench.engine.Precision;
import flatbench.model.ModelSpec;

/**
 * Provider of the "cpu" engine. Threads: {@code FLATBENCH_THREADS} when set, else every
 * processor the JVM sees.
 */
public final class CpuEngineProvider implements EngineProvider {
    /** Environment variable that sets the engine's thread count (and the PyTorch peer's). */
    public static final String THREADS_VARIABLE = "FLATBENCH_THREADS";

    @Override public String name() { return CpuEngine.NAME; }

    @Override public String description() {
        return "fast CPU engine on OpenBLAS, float32 or float64, " + threads() + " threads: exact R-operator Hessian-vector products, ghost Gram";
    }

    @Override public String unavailableReason() { return Blas.unavailableReason(); }

    @Override public Engine create(ModelSpec spec, Precision precision, long seed) {
        return new CpuEngine(spec, precision, seed, threads());
    }

    /** The thread count engines from this provider use. */
    public static int threads() {
        String s = System.getenv(THREADS_VARIABLE);
        if (s != null && !s.isBlank()) {
            try {
                int n = Integer.parseInt(s.trim());
                if (n >= 1) return n;
            } catch (NumberFormatException e) {
                // fall through to the message below
            }
            throw new IllegalArgumentException(THREADS_VARIABLE + " must be a positive whole number, not '" + s + "'");
        }
        return Runtime.getRuntime().availableProcessors();
    }
}
