package flatbench.network;

import flatbench.model.Layer;

/** Geometry of one pooling pass: planes (batch × channels) of h × w, square window k, stride, no padding, output rounded down. */
public record PoolShape(int planes, int h, int w, int k, int stride) {
    public PoolShape {
        if (planes <= 0 || k <= 0 || stride <= 0 || h < k || w < k) throw new IllegalArgumentException("bad pooling geometry " + planes + "×" + h + "×" + w + " k" + k);
    }
    public int ho() { return Layer.windowCount(h, k, stride, 0); }
    public int wo() { return Layer.windowCount(w, k, stride, 0); }
    public long outputSize() { return (long) planes * ho() * wo(); }
    public long inputSize() { return (long) planes * h * w; }
}
