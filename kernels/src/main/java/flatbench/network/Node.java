package flatbench.network;

import flatbench.model.ChannelShape;
import flatbench.model.ConvShape;
import flatbench.model.DenseShape;
import flatbench.model.Layer;
import flatbench.model.PoolShape;
import flatbench.model.Shape;

/**
 * One layer of a {@link Graph}, the single home of its math (docs/MATH.md): the forward pass, the
 * backward pass (input gradient, and each parameter tensor's gradient as a {@link ParamForm}),
 * and Pearlmutter's R-operator passes for exact Hessian- and Gauss–Newton-vector products,
 * stated once against {@link Ops} so every backend runs the same definition.
 *
 * <p>Slots: {@code src}/{@code dst} index the tape's activation buffers; parameters sit at flat
 * offsets ({@code −1} = none). The network input (slot 0) gets no gradient and has R{x} = 0.
 */
public sealed interface Node {
    int dst();

    /** Slots read by the forward pass. */
    int[] sources();

    <B> void forward(Tape<B> t);

    /** Input gradient from t.grad(dst), and every parameter tensor's gradient form into the sink. */
    <B> void backward(Tape<B> t, ParamSink<B> sink);

    /** R{output} from R{input} along the tape's direction v. */
    <B> void rForward(Tape<B> t);

    /**
     * R{input gradient} from R{output gradient}, and (Hv) for this node's parameters into the
     * tape's curvature output; with gaussNewton the terms that carry δ are dropped (Gv).
     */
    <B> void rBackward(Tape<B> t, boolean gaussNewton);

    /** Fully connected: z = W a + b, W [out][in]. */
    record Dense(int src, int dst, int in, int out, long weight, long bias) implements Node {
        public int[] sources() { return new int[] {src}; }

        private DenseShape shape(Tape<?> t) { return new DenseShape(t.batch(), in, out); }

        public <B> void forward(Tape<B> t) {
            t.ops().denseForward(shape(t), t.act(src), t.param(weight), t.param(bias), t.act(dst), false);
        }

        public <B> void backward(Tape<B> t, ParamSink<B> sink) {
            B dy = t.grad(dst), x = t.act(src);
            sink.accept(weight, new ParamForm.Outer<>(dy, x, t.batch(), in, out));
            sink.accept(bias, new ParamForm.ChannelSum<>(dy, null, 1, t.batch(), out, 1));
            if (t.needsGradient(src)) t.ops().denseBackwardData(shape(t), dy, t.param(weight), t.grad(src), t.claimGradient(src));
        }

        /** R{z} = V a + c + W R{a}. */
        public <B> void rForward(Tape<B> t) {
            t.ops().denseForward(shape(t), t.act(src), t.direction(weight), t.direction(bias), t.ract(dst), false);
            if (t.hasR(src)) t.ops().denseForward(shape(t), t.ract(src), t.param(weight), null, t.ract(dst), true);
        }

        /** (Hv)_W = Σ R{δ} aᵀ + δ R{a}ᵀ, (Hv)_b = Σ R{δ}; R{ε} = Wᵀ R{δ} + Vᵀ δ. */
        public <B> void rBackward(Tape<B> t, boolean gaussNewton) {
            B dy = t.grad(dst), rdy = t.rgrad(dst), x = t.act(src);
            t.curvature(weight, new ParamForm.Outer<>(rdy, x, t.batch(), in, out), false);
            if (!gaussNewton && t.hasR(src)) t.curvature(weight, new ParamForm.Outer<>(dy, t.ract(src), t.batch(), in, out), true);
            t.curvature(bias, new ParamForm.ChannelSum<>(rdy, null, 1, t.batch(), out, 1), false);
            if (!t.needsGradient(src)) return;
            t.ops().denseBackwardData(shape(t), rdy, t.param(weight), t.rgrad(src), t.claimRGradient(src));
            if (!gaussNewton) t.ops().denseBackwardData(shape(t), dy, t.direction(weight), t.rgrad(src), true);
        }
    }

    /** 2-D convolution; bias = −1 when it has none. */
    record Conv(int src, int dst, Shape input, Layer.Conv2d layer, long weight, long bias) implements Node {
        public int[] sources() { return new int[] {src}; }

        public ConvShape shape(int batch) { return ConvShape.of(batch, input, layer); }

        public <B> void forward(Tape<B> t) {
            t.ops().convForward(shape(t.batch()), t.act(src), t.param(weight), t.param(bias), t.act(dst), false);
        }

        public <B> void backward(Tape<B> t, ParamSink<B> sink) {
            ConvShape s = shape(t.batch());
            B dy = t.grad(dst), x = t.act(src);
            sink.accept(weight, new ParamForm.ConvOuter<>(s, dy, x));
            if (bias >= 0) sink.accept(bias, new ParamForm.ChannelSum<>(dy, null, 1, t.batch(), s.cout(), s.ho() * s.wo()));
            if (t.needsGradient(src)) t.ops().convBackwardData(s, dy, t.param(weight), t.grad(src), t.claimGradient(src));
        }

        public <B> void rForward(Tape<B> t) {
            ConvShape s = shape(t.batch());
            t.ops().convForward(s, t.act(src), t.direction(weight), t.direction(bias), t.ract(dst), false);
            if (t.hasR(src)) t.ops().convForward(s, t.ract(src), t.param(weight), null, t.ract(dst), true);
        }

        public <B> void rBackward(Tape<B> t, boolean gaussNewton) {
            ConvShape s = shape(t.batch());
            B dy = t.grad(dst), rdy = t.rgrad(dst), x = t.act(src);
            t.curvature(weight, new ParamForm.ConvOuter<>(s, rdy, x), false);
            if (!gaussNewton && t.hasR(src)) t.curvature(weight, new ParamForm.ConvOuter<>(s, dy, t.ract(src)), true);
            if (bias >= 0) t.curvature(bias, new ParamForm.ChannelSum<>(rdy, null, 1, t.batch(), s.cout(), s.ho() * s.wo()), false);
            if (!t.needsGradient(src)) return;
            t.ops().convBackwardData(s, rdy, t.param(weight), t.rgrad(src), t.claimRGradient(src));
            if (!gaussNewton) t.ops().convBackwardData(s, dy, t.direction(weight), t.rgrad(src), true);
        }
    }

    /** max(0, x) over {@code size} values per sample; φ″ = 0, so its R-passes are its derivative. */
    record Relu(int src, int dst, int size) implements Node {
        public int[] sources() { return new int[] {src}; }

        private long n(Tape<?> t) { return (long) t.batch() * size; }

        public <B> void forward(Tape<B> t) { t.ops().reluForward(t.act(src), t.act(dst), n(t)); }

        public <B> void backward(Tape<B> t, ParamSink<B> sink) {
            if (t.needsGradient(src)) t.ops().reluBackward(t.act(dst), t.grad(dst), t.grad(src), n(t), t.claimGradient(src));
        }

        public <B> void rForward(Tape<B> t) { t.ops().reluBackward(t.act(dst), t.ract(src), t.ract(dst), n(t), false); }

        public <B> void rBackward(Tape<B> t, boolean gaussNewton) {
            if (t.needsGradient(src)) t.ops().reluBackward(t.act(dst), t.rgrad(dst), t.rgrad(src), n(t), t.claimRGradient(src));
        }
    }

    /** Max pooling: every pass routes through the forward pass's choices (argmax buffer {@code argmax}). */
    record MaxPool(int src, int dst, Shape input, int kernel, int stride, int argmax) implements Node {
        public int[] sources() { return new int[] {src}; }

        private PoolShape shape(Tape<?> t) { return PoolShape.of(t.batch(), input, kernel, stride); }

        public <B> void forward(Tape<B> t) { t.ops().maxPoolForward(shape(t), t.act(src), t.act(dst), t.argmax(argmax)); }

        public <B> void backward(Tape<B> t, ParamSink<B> sink) {
            if (t.needsGradient(src)) t.ops().maxPoolBackward(shape(t), t.grad(dst), t.argmax(argmax), t.grad(src), t.claimGradient(src));
        }

        public <B> void rForward(Tape<B> t) { t.ops().maxPoolGather(shape(t), t.ract(src), t.argmax(argmax), t.ract(dst)); }

        public <B> void rBackward(Tape<B> t, boolean gaussNewton) {
            if (t.needsGradient(src)) t.ops().maxPoolBackward(shape(t), t.rgrad(dst), t.argmax(argmax), t.rgrad(src), t.claimRGradient(src));
        }
    }

    /** Average pooling: linear, so its R-passes are its own passes. */
    record AvgPool(int src, int dst, Shape input, int kernel, int stride) implements Node {
        public int[] sources() { return new int[] {src}; }

        private PoolShape shape(Tape<?> t) { return PoolShape.of(t.batch(), input, kernel, stride); }

        public <B> void forward(Tape<B> t) { t.ops().avgPoolForward(shape(t), t.act(src), t.act(dst)); }

        public <B> void backward(Tape<B> t, ParamSink<B> sink) {
            if (t.needsGradient(src)) t.ops().avgPoolBackward(shape(t), t.grad(dst), t.grad(src), t.claimGradient(src));
        }

        public <B> void rForward(Tape<B> t) { t.ops().avgPoolForward(shape(t), t.ract(src), t.ract(dst)); }

        public <B> void rBackward(Tape<B> t, boolean gaussNewton) {
            if (t.needsGradient(src)) t.ops().avgPoolBackward(shape(t), t.rgrad(dst), t.rgrad(src), t.claimRGradient(src));
        }
    }

    /** Mean over each channel's positions: linear. */
    record GlobalAvgPool(int src, int dst, Shape input) implements Node {
        public int[] sources() { return new int[] {src}; }

        private int planes(Tape<?> t) { return t.batch() * input.channels(); }

        private int hw() { return input.height() * input.width(); }

        public <B> void forward(Tape<B> t) { t.ops().globalAvgPoolForward(planes(t), hw(), t.act(src), t.act(dst)); }

        public <B> void backward(Tape<B> t, ParamSink<B> sink) {
            if (t.needsGradient(src)) t.ops().globalAvgPoolBackward(planes(t), hw(), t.grad(dst), t.grad(src), t.claimGradient(src));
        }

        public <B> void rForward(Tape<B> t) { t.ops().globalAvgPoolForward(planes(t), hw(), t.ract(src), t.ract(dst)); }

        public <B> void rBackward(Tape<B> t, boolean gaussNewton) {
            if (t.needsGradient(src)) t.ops().globalAvgPoolBackward(planes(t), hw(), t.rgrad(dst), t.rgrad(src), t.claimRGradient(src));
        }
    }

    /** Inference-form batch norm y = γ·s·x + β per channel (s = 1/√(1+eps)). */
    record BatchNorm(int src, int dst, Shape shape, double inverseStd, long scale, long shift) implements Node {
        public int[] sources() { return new int[] {src}; }

        private int hw() { return shape.height() * shape.width(); }

        private ChannelShape channels(Tape<?> t) { return new ChannelShape(t.batch(), shape.channels(), hw()); }

        public <B> void forward(Tape<B> t) {
            t.ops().channelAffine(channels(t), t.act(src), t.param(scale), t.param(shift), inverseStd, t.act(dst), false);
        }

        public <B> void backward(Tape<B> t, ParamSink<B> sink) {
            B dy = t.grad(dst);
            sink.accept(scale, new ParamForm.ChannelSum<>(dy, t.act(src), inverseStd, t.batch(), shape.channels(), hw()));
            sink.accept(shift, new ParamForm.ChannelSum<>(dy, null, 1, t.batch(), shape.channels(), hw()));
            if (t.needsGradient(src)) {
                t.ops().channelAffine(channels(t), dy, t.param(scale), null, inverseStd, t.grad(src), t.claimGradient(src));
            }
        }

        /** R{y} = γ s R{x} + vγ s x + vβ. */
        public <B> void rForward(Tape<B> t) {
            t.ops().channelAffine(channels(t), t.ract(src), t.param(scale), null, inverseStd, t.ract(dst), false);
            t.ops().channelAffine(channels(t), t.act(src), t.direction(scale), t.direction(shift), inverseStd, t.ract(dst), true);
        }

        /** (Hv)_γ = s Σ (R{δ} x + δ R{x}), (Hv)_β = Σ R{δ}; R{ε} = γ s R{δ} + vγ s δ. */
        public <B> void rBackward(Tape<B> t, boolean gaussNewton) {
            B dy = t.grad(dst), rdy = t.rgrad(dst);
            int c = shape.channels();
            t.curvature(scale, new ParamForm.ChannelSum<>(rdy, t.act(src), inverseStd, t.batch(), c, hw()), false);
            if (!gaussNewton && t.hasR(src)) t.curvature(scale, new ParamForm.ChannelSum<>(dy, t.ract(src), inverseStd, t.batch(), c, hw()), true);
            t.curvature(shift, new ParamForm.ChannelSum<>(rdy, null, 1, t.batch(), c, hw()), false);
            if (!t.needsGradient(src)) return;
            t.ops().channelAffine(channels(t), rdy, t.param(scale), null, inverseStd, t.rgrad(src), t.claimRGradient(src));
            if (!gaussNewton) t.ops().channelAffine(channels(t), dy, t.direction(scale), null, inverseStd, t.rgrad(src), true);
        }
    }

    /** The join of a residual block, y = a + b: gradients pass to both sides unchanged. */
    record Add(int a, int b, int dst, int size) implements Node {
        public int[] sources() { return new int[] {a, b}; }

        private long n(Tape<?> t) { return (long) t.batch() * size; }

        public <B> void forward(Tape<B> t) { t.ops().add(t.act(a), t.act(b), t.act(dst), n(t)); }

        public <B> void backward(Tape<B> t, ParamSink<B> sink) {
            for (int s : sources()) {
                if (!t.needsGradient(s)) continue;
                if (t.claimGradient(s)) t.ops().axpy(1, t.grad(dst), t.grad(s), n(t));
                else t.ops().copy(t.grad(dst), t.grad(s), n(t));
            }
        }

        public <B> void rForward(Tape<B> t) { t.ops().add(t.ract(a), t.ract(b), t.ract(dst), n(t)); }

        public <B> void rBackward(Tape<B> t, boolean gaussNewton) {
            for (int s : sources()) {
                if (!t.needsGradient(s)) continue;
                if (t.claimRGradient(s)) t.ops().axpy(1, t.rgrad(dst), t.rgrad(s), n(t));
                else t.ops().copy(t.rgrad(dst), t.rgrad(s), n(t));
            }
        }
    }
}
