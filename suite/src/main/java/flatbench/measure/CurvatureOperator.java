package flatbench.measure;

import flatbench.engine.Batch;
import flatbench.engine.Engine;
import flatbench.engine.Vec;

/** Which curvature matrix a measurement multiplies by: the Hessian or the generalised Gauss–Newton matrix. */
public enum CurvatureOperator {
    HESSIAN("hessian"),
    GAUSS_NEWTON("gauss-newton");

    private final String label;

    CurvatureOperator(String label) { this.label = label; }

    public String label() { return label; }

    /** out ← A v with A this operator of the mean loss on the batch. */
    public void apply(Engine engine, Batch batch, Vec v, Vec out) {
        if (this == HESSIAN) engine.hessianVector(batch, v, out);
        else engine.gaussNewtonVector(batch, v, out);
    }

    /** Throws when the engine cannot supply this operator, before any expensive work starts. */
    public void requireSupportedBy(Engine engine) {
        if (this == GAUSS_NEWTON && !engine.capabilities().gaussNewton()) {
            throw new IllegalArgumentException("engine '" + engine.name() + "' has no Gauss–Newton products; use the Hessian operator");
        }
    }

    /** Parses "hessian" or "gauss-newton"/"ggn". */
    public static CurvatureOperator parse(String s) {
        return switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "hessian", "h" -> HESSIAN;
            case "gauss-newton", "gaussnewton", "ggn", "gn" -> GAUSS_NEWTON;
            default -> throw new IllegalArgumentException("unknown curvature operator '" + s + "' (use hessian or ggn)");
        };
    }
}
