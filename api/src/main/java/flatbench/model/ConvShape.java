package flatbench.model;

/**
 * Geometry of one convolution over a batch: NCHW input, W [cout][cin][k][k], stride, zero padding.
 * Every convolution pass (the reference loops, the CPU engine, the CUDA bindings) takes one of
 * these instead of its eight numbers; its output size is {@link Layer#windowCount}.
 */
public record ConvShape(int batch, int cin, int h, int w, int cout, int k, int stride, int pad) {
    public ConvShape {
        if (batch <= 0 || cin <= 0 || h <= 0 || w <= 0 || cout <= 0 || k <= 0 || stride <= 0 || pad < 0) {
            throw new IllegalArgumentException("bad convolution geometry " + this);
        }
        if (h + 2 * pad < k || w + 2 * pad < k) throw new IllegalArgumentException("convolution kernel larger than padded input");
    }

    /** The layer applied to a batch of inputs of the given shape. */
    public static ConvShape of(int batch, Shape input, Layer.Conv2d layer) {
        return new ConvShape(batch, input.channels(), input.height(), input.width(), layer.outChannels(),
                layer.kernel(), layer.stride(), layer.padding());
    }

    public int ho() { return Layer.windowCount(h, k, stride, pad); }

    public int wo() { return Layer.windowCount(w, k, stride, pad); }

    /** Output positions of one sample's output channel. */
    public int positions() { return ho() * wo(); }

    /** Elements of one sample's patch, the GEMM reduction of the forward pass. */
    public int patch() { return cin * k * k; }

    public long weightSize() { return (long) cout * patch(); }

    public long inputSize() { return (long) batch * cin * h * w; }

    public long outputSize() { return (long) batch * cout * ho() * wo(); }

    /** Multiply-adds ×2 of one pass (forward, data or weight: all three are the same GEMM volume). */
    public double flops() { return 2.0 * batch * ho() * wo() * (double) cout * patch(); }
}
