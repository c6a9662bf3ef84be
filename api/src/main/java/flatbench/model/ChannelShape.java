package flatbench.model;

/**
 * NCHW activations seen per channel: batch × channels planes of hw positions each. The geometry of
 * every per-channel map and sum: batch norm, a bias's gradient (hw = 1 after a dense layer), global
 * average pooling.
 */
public record ChannelShape(int batch, int channels, int hw) {
    public ChannelShape {
        if (batch <= 0 || channels <= 0 || hw <= 0) throw new IllegalArgumentException("bad channel geometry " + batch + "×" + channels + "×" + hw);
    }
    /** Planes of hw values, one per sample and channel. */
    public int planes() { return batch * channels; }
    public long size() { return (long) batch * channels * hw; }
}
