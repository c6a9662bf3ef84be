package flatbench.measure;

import flatbench.engine.HostVectorSpace;
import flatbench.engine.Vec;
import flatbench.engine.VectorSpace;

/**
 * A symmetric operator restricted to one contiguous block of the parameters: P A P with P the
 * projection onto the block, written in the block's own coordinates, so that Lanczos works in a
 * host space of the block's size (2,500 for the mlp's central weights) while every product goes
 * through the full operator (an engine's Hessian-vector product over its curvature data). Its
 * eigenvectors are the normal modes of dynamics that move only the block with the rest of the
 * parameters held fixed; they are not the block's share of the full operator's eigenvectors.
 */
public final class BlockOperator {
    private BlockOperator() {}

    /** The host space the restricted operator acts on. */
    public static HostVectorSpace space(int length) { return new HostVectorSpace(length); }

    /**
     * @param full   the space the operator acts on
     * @param a      the full operator
     * @param offset the block's first parameter
     * @param length the block's size
     * @return out ← (A v̂) restricted to the block, v̂ = v embedded with zeros outside it; v and out are host vectors of {@code length}
     */
    public static LinearOperator restrict(VectorSpace full, LinearOperator a, long offset, int length) {
        if (offset < 0 || length < 1 || offset + length > full.dimension()) {
            throw new IllegalArgumentException("block " + offset + "+" + length + " does not lie within " + full.dimension() + " parameters");
        }
        HostVectorSpace host = space(length);
        int from = Math.toIntExact(offset), n = Math.toIntExact(full.dimension());
        return (v, out) -> {
            double[] embedded = new double[n];
            System.arraycopy(host.data(v), 0, embedded, from, length);
            try (Vec x = full.fromHost(embedded); Vec y = full.zeros()) {
                a.apply(x, y);
                System.arraycopy(full.toHost(y), from, host.data(out), 0, length);
            }
        };
    }
}
