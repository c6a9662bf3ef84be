package flatbench.data;

import java.util.Arrays;
import java.util.Objects;

import flatbench.engine.Batch;
import flatbench.model.Loss;
import flatbench.model.Shape;

/**
 * An immutable, fully loaded set of labelled samples. Images are row-major [sample][c][h][w];
 * real images are scaled to [0, 1], synthetic inputs are whatever their generator draws.
 * {@code source} says where the samples came from (files or generator settings) and
 * {@code checksum} is the SHA-256 (hex) of the decoded bytes of the files read, or of the
 * generator settings and seed, so two runs can tell whether they saw the same data. Subsets
 * keep the checksum of what was read and say in {@code source} which samples they hold.
 *
 * <p>Labels are class indices 0..numClasses−1, or ±1 when numClasses is 1: a two-class problem
 * for a model with a scalar output ({@link flatbench.model.Loss#validLabel}), such as
 * {@link #parity()}.
 */
public final class Dataset {
    private final String name;
    private final Shape shape;
    private final int numClasses;
    private final float[] images;
    private final int[] labels;
    private final String source;
    private final String checksum;

    /** Checks and copies the arrays. */
    public Dataset(String name, Shape shape, int numClasses, float[] images, int[] labels, String source, String checksum) {
        this(name, shape, numClasses, images.clone(), labels.clone(), source, checksum, true);
    }

    /** Takes ownership of the arrays: for readers and generators that built them just now. */
    static Dataset owning(String name, Shape shape, int numClasses, float[] images, int[] labels, String source, String checksum) {
        return new Dataset(name, shape, numClasses, images, labels, source, checksum, true);
    }

    /** Uses the arrays as given; {@code owned} only tells this constructor apart from the public one. */
    private Dataset(String name, Shape shape, int numClasses, float[] images, int[] labels, String source, String checksum,
                    boolean owned) {
        this.name = Objects.requireNonNull(name, "name");
        this.shape = Objects.requireNonNull(shape, "shape");
        this.source = Objects.requireNonNull(source, "source");
        this.checksum = Objects.requireNonNull(checksum, "checksum");
        if (numClasses < 1) throw new IllegalArgumentException("data set " + name + " needs at least one class, got " + numClasses);
        if (labels.length == 0) throw new IllegalArgumentException("data set " + name + " has no samples");
        if (images.length != (long) labels.length * shape.size()) {
            throw new IllegalArgumentException("data set " + name + " has " + images.length + " input values for "
                    + labels.length + " samples of shape " + shape);
        }
        for (int i = 0; i < labels.length; i++) {
            if (!Loss.validLabel(labels[i], numClasses)) {
                throw new IllegalArgumentException("data set " + name + ": sample " + i + " has label " + labels[i]
                        + ", not one of " + Loss.labelRange(numClasses));
            }
        }
        this.numClasses = numClasses;
        this.images = images;
        this.labels = labels;
    }

    public String name() { return name; }

    public Shape shape() { return shape; }

    public int numClasses() { return numClasses; }

    public String source() { return source; }

    public String checksum() { return checksum; }

    public int size() { return labels.length; }

    public int label(int i) { return labels[Objects.checkIndex(i, labels.length)]; }

    /** A copy of all labels. */
    public int[] labels() { return labels.clone(); }

    /** A copy of sample {@code i}'s input values. */
    public float[] image(int i) {
        int d = shape.size();
        int from = Objects.checkIndex(i, labels.length) * d;
        return Arrays.copyOfRange(images, from, from + d);
    }

    /** Samples per class, indexed by label (for ±1 labels: −1 at 0, +1 at 1). */
    public int[] classCounts() {
        int[] counts = new int[Math.max(2, numClasses)];
        for (int y : labels) counts[numClasses == 1 ? (y + 1) / 2 : y]++;
        return counts;
    }

    /**
     * The two-class problem of a scalar-output model: label +1 for an even class index, −1 for an
     * odd one (the parity of the digit on MNIST, as in Geiger et al.'s jamming experiments). The
     * checksum stays that of what was read; the source says the labels are mapped.
     */
    public Dataset parity() {
        if (numClasses == 1) return this;
        int[] y = new int[labels.length];
        for (int i = 0; i < y.length; i++) y[i] = labels[i] % 2 == 0 ? 1 : -1;
        return new Dataset(name, shape, 1, images, y, source + " (labels: parity, even +1, odd −1)", checksum, true);
    }

    /** The given samples, in the given order (repeats allowed), as a new batch. */
    public Batch batch(int[] indices) {
        int d = shape.size();
        float[] x = new float[indices.length * d];
        int[] y = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            int i = indices[k];
            if (i < 0 || i >= labels.length) {
                throw new IndexOutOfBoundsException("sample index " + i + " outside 0.." + (labels.length - 1) + " of " + name);
            }
            System.arraycopy(images, i * d, x, k * d, d);
            y[k] = labels[i];
        }
        return new Batch(shape, indices.length, x, y);
    }

    /** Samples [from, to) as a new batch. */
    public Batch batch(int from, int to) {
        checkRange(from, to);
        int d = shape.size();
        return new Batch(shape, to - from, Arrays.copyOfRange(images, from * d, to * d), Arrays.copyOfRange(labels, from, to));
    }

    /** Every sample as one batch (a copy), e.g. for full-batch gradients. */
    public Batch all() { return batch(0, size()); }

    /** The first {@code n} samples; this data set itself when it has no more than {@code n}. */
    public Dataset head(int n) {
        if (n <= 0) throw new IllegalArgumentException("head needs a positive sample count, got " + n);
        if (n >= size()) return this;
        return range(0, n, "first " + n);
    }

    /** Splits into samples [0, n) and [n, size), e.g. to hold out a validation part. */
    public Split split(int n) {
        if (n <= 0 || n >= size()) {
            throw new IllegalArgumentException("cannot split " + size() + " samples of " + name + " at " + n);
        }
        return new Split(range(0, n, "samples 0.." + n), range(n, size(), "samples " + n + ".." + size()));
    }

    /** The two parts of {@link #split(int)}. */
    public record Split(Dataset first, Dataset second) {}

    /** The given samples, in the given order, as a data set. */
    public Dataset subset(int[] indices, String description) {
        Batch b = batch(indices);
        return new Dataset(name, shape, numClasses, b.inputs(), b.labels(), source + " (" + description + ")", checksum, true);
    }

    private Dataset range(int from, int to, String description) {
        Batch b = batch(from, to);
        return new Dataset(name, shape, numClasses, b.inputs(), b.labels(), source + " (" + description + ")", checksum, true);
    }

    private void checkRange(int from, int to) {
        if (from < 0 || to > size() || from >= to) {
            throw new IndexOutOfBoundsException("sample range " + from + ".." + to + " outside 0.." + size() + " of " + name);
        }
    }

    @Override public String toString() {
        return name + ": " + size() + " samples of " + shape + ", " + numClasses + " classes, from " + source;
    }
}
