package flatbench.reference;

import flatbench.engine.Engine;
import flatbench.engine.EngineProvider;
import flatbench.engine.Precision;
import flatbench.model.ModelSpec;

/** Finds the plain-Java reference engine ("java"); it runs wherever Java does. */
public final class ReferenceEngineProvider implements EngineProvider {
    @Override public String name() { return ReferenceEngine.NAME; }

    @Override public String description() {
        return "plain-Java float64 reference on the CPU: exact R-operator Hessian-vector products, slow, for small models and checks";
    }

    @Override public String unavailableReason() { return null; }

    /** Runs everywhere, slowly: the default only where neither the cpu nor a usable cuda engine is present. */
    @Override public int defaultRank() { return 2; }

    @Override public Engine create(ModelSpec spec, Precision precision, long seed) {
        return new ReferenceEngine(spec, precision, seed);
    }
}
