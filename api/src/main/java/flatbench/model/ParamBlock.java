package flatbench.model;

import java.util.Arrays;

/**
 * One parameter tensor inside the flat parameter vector.
 *
 * @param name       a stable path such as {@code "layers.3.main.0.weight"}: the layer's position in
 *                   {@link ModelSpec#layers()} (and inside a residual block) and the tensor's role
 * @param kind       what the tensor is
 * @param shape      tensor shape, row-major: dense weights {@code [out, in]}, conv weights
 *                   {@code [out, in, kh, kw]}, biases and batch-norm scale/shift {@code [c]}
 * @param offset     first element in the flat vector
 */
public record ParamBlock(String name, Kind kind, int[] shape, long offset) {
    public enum Kind { WEIGHT, BIAS, SCALE, SHIFT }

    public ParamBlock {
        shape = shape.clone();
    }

    public long size() {
        long n = 1;
        for (int d : shape) n *= d;
        return n;
    }

    @Override public int[] shape() { return shape.clone(); }

    @Override public boolean equals(Object o) {
        return o instanceof ParamBlock p && p.name.equals(name)
                && p.kind == kind && Arrays.equals(p.shape, shape) && p.offset == offset;
    }

    @Override public int hashCode() { return name.hashCode() * 31 + Long.hashCode(offset); }

    @Override public String toString() { return name + Arrays.toString(shape) + "@" + offset; }
}
