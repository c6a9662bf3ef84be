package flatbench.measure;

import flatbench.engine.Batch;

/**
 * Samples addressed by index (a training set, or one batch), so that work over many of them can
 * take them a chunk at a time and split them into disjoint parts.
 *
 * @param label  names the set in results ("train", "noise batch", …)
 * @param size   number of samples
 * @param picker builds a batch of the samples at the given indices (a copy)
 */
public record SampleSet(String label, int size, Picker picker) {
    @FunctionalInterface
    public interface Picker { Batch batch(int[] indices); }

    public SampleSet {
        if (size < 1) throw new IllegalArgumentException("a sample set needs at least one sample");
    }

    /** The samples of one batch. */
    public static SampleSet of(String label, Batch b) {
        return new SampleSet(label, b.size(), idx -> pick(b, idx));
    }

    public Batch batch(int[] indices) { return picker.batch(indices); }

    /** 0 … size−1. */
    public int[] allIndices() {
        int[] idx = new int[size];
        for (int i = 0; i < size; i++) idx[i] = i;
        return idx;
    }

    /** The samples of a batch at the given indices, in that order (a copy). */
    public static Batch pick(Batch b, int[] indices) {
        int d = b.shape().size();
        float[] x = new float[indices.length * d];
        int[] y = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(b.inputs(), indices[i] * d, x, i * d, d);
            y[i] = b.labels()[indices[i]];
        }
        return new Batch(b.shape(), indices.length, x, y);
    }
}
