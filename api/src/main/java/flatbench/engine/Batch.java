package flatbench.engine;

import flatbench.model.Shape;

/**
 * A batch of samples: inputs row-major as [size][channels][height][width] and class labels.
 * Arrays are owned by the batch; engines must not modify them.
 */
public record Batch(Shape shape, int size, float[] inputs, int[] labels) {
    public Batch {
        if (size <= 0) throw new IllegalArgumentException("a batch needs at least one sample");
        if (inputs.length != (long) size * shape.size()) {
            throw new IllegalArgumentException("batch inputs hold " + inputs.length + " values, expected " + (long) size * shape.size());
        }
        if (labels.length != size) throw new IllegalArgumentException("batch has " + labels.length + " labels for " + size + " samples");
    }

    /** Samples [from, to) as a new batch (copies). */
    public Batch slice(int from, int to) {
        if (from < 0 || to > size || from >= to) throw new IllegalArgumentException("bad slice " + from + ".." + to + " of " + size);
        int d = shape.size();
        float[] x = java.util.Arrays.copyOfRange(inputs, from * d, to * d);
        int[] y = java.util.Arrays.copyOfRange(labels, from, to);
        return new Batch(shape, to - from, x, y);
    }
}
