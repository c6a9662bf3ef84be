package flatbench.dl4j;

import flatbench.engine.Engine;
import flatbench.engine.EngineProvider;
import flatbench.engine.Precision;
import flatbench.model.ModelSpec;

/** Makes {@link Dl4jEngine}s; listed for {@link java.util.ServiceLoader} as an {@link EngineProvider}. */
public final class Dl4jEngineProvider implements EngineProvider {
    /**
     * Resolving an ND4J class (without initialising it, so no native code loads) makes this
     * provider fail to instantiate where ND4J is absent, e.g. in the GPU bundle; ServiceLoader
     * then reports an error that {@link flatbench.engine.Engines} skips.
     */
    public Dl4jEngineProvider() {
        org.nd4j.linalg.factory.Nd4j.class.getName();
    }

    @Override public String name() { return "dl4j"; }

    @Override public String description() {
        return "Deeplearning4j on the CPU (ND4J native, OpenBLAS), float32 or float64; Hessian products by float64 central differences";
    }

    @Override public String unavailableReason() {
        try {
            org.nd4j.linalg.factory.Nd4j.getBackend();
            return null;
        } catch (Throwable e) {
            return "ND4J's native CPU backend could not be loaded (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")";
        }
    }

    @Override public Engine create(ModelSpec spec, Precision precision, long seed) {
        return new Dl4jEngine(spec, precision, seed);
    }
}
