package flatbench.cuda.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import flatbench.model.Layer;
import flatbench.model.ModelSpec;
import flatbench.model.ParamBlock;
import flatbench.model.Shape;

/**
 * A model spec flattened into a straight list of nodes over numbered activation slots (slot 0
 * is the input), with every parameter tensor's offset in the flat vector. Residual blocks become
 * their two paths plus an {@link Add}; a slot read by two nodes gathers its gradient from both,
 * which is why every backward pass accumulates into input gradients. Pure bookkeeping, no CUDA.
 */
public final class NetworkPlan {
    /** One step of the forward pass reading slot(s) and writing {@code dst}. */
    public sealed interface Node permits Dense, Conv, Relu, MaxPool, AvgPool, GlobalAvgPool, BatchNorm, Add {
        int dst();
    }

    public record Dense(int src, int dst, int in, int out, long weight, long bias) implements Node {}

    /** bias = −1 when the convolution has none. */
    public record Conv(int src, int dst, Shape input, Layer.Conv2d layer, Shape output, long weight, long bias) implements Node {}

    public record Relu(int src, int dst) implements Node {}

    /** argmax: index of this node's argmax buffer. */
    public record MaxPool(int src, int dst, Shape input, int kernel, int stride, Shape output, int argmax) implements Node {}

    public record AvgPool(int src, int dst, Shape input, int kernel, int stride, Shape output) implements Node {}

    public record GlobalAvgPool(int src, int dst, Shape input) implements Node {}

    public record BatchNorm(int src, int dst, Shape shape, float inverseStd, long scale, long shift) implements Node {}

    public record Add(int a, int b, int dst) implements Node {}

    private final ModelSpec spec;
    private final List<Node> nodes = new ArrayList<>();
    private final List<Shape> slots = new ArrayList<>();
    private int argmaxCount;
    private long offset;

    public NetworkPlan(ModelSpec spec) {
        this.spec = spec;
        slots.add(spec.input());
        int out = compile(spec.layers(), 0);
        if (out != slots.size() - 1) throw new IllegalStateException("the logits slot must be the last slot");
        if (offset != spec.parameterCount()) {
            throw new IllegalStateException("plan covers " + offset + " parameters but " + spec.name() + " has " + spec.parameterCount());
        }
    }

    private int slot(Shape s) {
        slots.add(s);
        return slots.size() - 1;
    }

    private long take(long size) {
        long at = offset;
        offset += size;
        return at;
    }

    private int compile(List<Layer> layers, int src) {
        int cur = src;
        for (Layer l : layers) cur = compile(l, cur);
        return cur;
    }

    private int compile(Layer layer, int src) {
        Shape in = slots.get(src);
        Shape outShape = layer.outputShape(in);
        if (layer instanceof Layer.Dense d) {
            long w = take((long) d.in() * d.out());
            long b = take(d.out());
            return add(outShape, dst -> new Dense(src, dst, d.in(), d.out(), w, b));
        }
        if (layer instanceof Layer.Conv2d c) {
            long w = take((long) c.outChannels() * c.inChannels() * c.kernel() * c.kernel());
            long b = c.bias() ? take(c.outChannels()) : -1;
            return add(outShape, dst -> new Conv(src, dst, in, c, outShape, w, b));
        }
        if (layer instanceof Layer.Relu) return add(outShape, dst -> new Relu(src, dst));
        if (layer instanceof Layer.MaxPool p) {
            int am = argmaxCount++;
            return add(outShape, dst -> new MaxPool(src, dst, in, p.kernel(), p.stride(), outShape, am));
        }
        if (layer instanceof Layer.AvgPool p) return add(outShape, dst -> new AvgPool(src, dst, in, p.kernel(), p.stride(), outShape));
        if (layer instanceof Layer.GlobalAvgPool) return add(outShape, dst -> new GlobalAvgPool(src, dst, in));
        if (layer instanceof Layer.BatchNorm bn) {
            long g = take(bn.channels());
            long b = take(bn.channels());
            return add(outShape, dst -> new BatchNorm(src, dst, in, (float) bn.inverseStd(), g, b));
        }
        if (layer instanceof Layer.Residual r) {
            int a = compile(r.main(), src);
            int b = compile(r.shortcut(), src);
            return add(outShape, dst -> new Add(a, b, dst));
        }
        throw new IllegalArgumentException("the CUDA engine has no kernels for layer " + layer.getClass().getSimpleName());
    }

    private int add(Shape outShape, java.util.function.IntFunction<Node> node) {
        int dst = slot(outShape);
        nodes.add(node.apply(dst));
        return dst;
    }

    public ModelSpec spec() { return spec; }

    public List<Node> nodes() { return Collections.unmodifiableList(nodes); }

    /** Per-sample shape of each activation slot; the last slot holds the logits. */
    public List<Shape> slots() { return Collections.unmodifiableList(slots); }

    public int logitsSlot() { return slots.size() - 1; }

    public int argmaxCount() { return argmaxCount; }

    /** The parameter blocks of the spec, for cross-checking offsets. */
    public List<ParamBlock> blocks() { return spec.parameterBlocks(); }
}
