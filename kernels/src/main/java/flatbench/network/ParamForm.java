package flatbench.network;

import flatbench.model.ChannelShape;
import flatbench.model.ConvShape;
import flatbench.model.DenseShape;

/**
 * The shape of one parameter tensor's gradient, as a layer states it once: a sum over the batch
 * of per-sample terms built from the layer's input x and output gradient dy. Backends turn a
 * form into the batch sum ({@link Ops#reduce}), per-sample rows ({@link Ops#perSample}), or use
 * its factors directly (the ghost Gram form). The R-operator's parameter products are the same
 * forms with R{dy} or R{x} in place of dy or x.
 */
public sealed interface ParamForm<B> {
    /** Elements of the tensor. */
    long size();

    int batch();

    /** Σ_n dy_n x_nᵀ: a dense weight [out][in] (dy is batch × out, x batch × in). */
    record Outer<B>(B dy, B x, int batch, int in, int out) implements ParamForm<B> {
        public long size() { return (long) in * out; }
        public DenseShape shape() { return new DenseShape(batch, in, out); }
    }

    /** Σ_n Σ_t dy_{n,·,t} u_{n,t}ᵀ, u the input patches: a convolution weight [cout][cin][k][k]. */
    record ConvOuter<B>(ConvShape shape, B dy, B x) implements ParamForm<B> {
        public long size() { return shape.weightSize(); }
        public int batch() { return shape.batch(); }
    }

    /**
     * Per channel c: scale·Σ_{n,t} dy_{n,c,t}·x_{n,c,t}, or Σ dy when x is null — biases (hw = 1
     * for a dense layer), batch-norm scale (x, scale = 1/√(1+eps)) and shift.
     */
    record ChannelSum<B>(B dy, B x, double scale, int batch, int channels, int hw) implements ParamForm<B> {
        public long size() { return channels; }
        public ChannelShape shape() { return new ChannelShape(batch, channels, hw); }
    }
}
