package flatbench.model;

/** Geometry of one pooling pass: planes (batch × channels) of h × w, square window k, stride, no padding, output rounded down. */
public record PoolShape(int planes, int h, int w, int k, int stride) {
    public PoolShape {
        if (planes <= 0 || k <= 0 || stride <= 0 || h < k || w < k) throw new IllegalArgumentException("bad pooling geometry " + planes + "×" + h + "×" + w + " k" + k);
    }
    /** A window of k at stride over a batch of inputs of the given shape (max and average pooling alike). */
    public static PoolShape of(int batch, Shape input, int kernel, int stride) {
        return new PoolShape(batch * input.channels(), input.height(), input.width(), kernel, stride);
    }
    public int ho() { return Layer.windowCount(h, k, stride, 0); }
    public int wo() { return Layer.windowCount(w, k, stride, 0); }
    public long outputSize() { return (long) planes * ho() * wo(); }
    public long inputSize() { return (long) planes * h * w; }
}
