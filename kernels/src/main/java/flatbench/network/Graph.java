package flatbench.network;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.IntFunction;

import flatbench.model.Layer;
import flatbench.model.ModelSpec;
import flatbench.model.Shape;

/**
 * The one lowering of a {@link ModelSpec} that every engine runs: a straight list of
 * {@link Node}s over numbered activation slots (slot 0 is the input, the last slot the logits),
 * each parameter tensor at its offset in the flat vector. A residual block becomes its two paths
 * plus an {@link Node.Add}; a slot read by two nodes gathers its gradient from both. A layer
 * type without a node is an error here, never skipped.
 */
public final class Graph {
    private final ModelSpec spec;
    private final List<Node> nodes = new ArrayList<>();
    private final List<Shape> slots = new ArrayList<>();
    private int argmaxCount;
    private long offset;

    private Graph(ModelSpec spec) {
        this.spec = spec;
        slots.add(spec.input());
        int out = lower(spec.layers(), 0);
        if (out != slots.size() - 1) throw new IllegalStateException("the logits slot must be the last slot");
        if (offset != spec.parameterCount()) {
            throw new IllegalStateException("the graph covers " + offset + " parameters but " + spec.name() + " has " + spec.parameterCount());
        }
    }

    public static Graph of(ModelSpec spec) { return new Graph(spec); }

    public ModelSpec spec() { return spec; }

    public List<Node> nodes() { return Collections.unmodifiableList(nodes); }

    /** Per-sample shape of each activation slot; the last slot holds the logits. */
    public List<Shape> slots() { return Collections.unmodifiableList(slots); }

    public int logitsSlot() { return slots.size() - 1; }

    /** Max-pooling nodes, each with its own buffer of choices. */
    public int argmaxCount() { return argmaxCount; }

    /** Activation values one sample occupies over all slots. */
    public long valuesPerSample() {
        long n = 0;
        for (Shape s : slots) n += s.size();
        return n;
    }

    private int lower(List<Layer> layers, int src) {
        int cur = src;
        for (Layer l : layers) cur = lower(l, cur);
        return cur;
    }

    private int lower(Layer layer, int src) {
        Shape in = slots.get(src);
        Shape out = layer.outputShape(in);
        if (layer instanceof Layer.Dense d) {
            long w = take((long) d.in() * d.out());
            long b = take(d.out());
            return add(out, dst -> new Node.Dense(src, dst, d.in(), d.out(), w, b));
        }
        if (layer instanceof Layer.Conv2d c) {
            long w = take((long) c.outChannels() * c.inChannels() * c.kernel() * c.kernel());
            long b = c.bias() ? take(c.outChannels()) : -1;
            return add(out, dst -> new Node.Conv(src, dst, in, c, w, b));
        }
        if (layer instanceof Layer.Relu) return add(out, dst -> new Node.Relu(src, dst, in.size()));
        if (layer instanceof Layer.MaxPool p) {
            int am = argmaxCount++;
            return add(out, dst -> new Node.MaxPool(src, dst, in, p.kernel(), p.stride(), am));
        }
        if (layer instanceof Layer.AvgPool p) return add(out, dst -> new Node.AvgPool(src, dst, in, p.kernel(), p.stride()));
        if (layer instanceof Layer.GlobalAvgPool) return add(out, dst -> new Node.GlobalAvgPool(src, dst, in));
        if (layer instanceof Layer.BatchNorm bn) {
            long g = take(bn.channels());
            long b = take(bn.channels());
            return add(out, dst -> new Node.BatchNorm(src, dst, in, bn.inverseStd(), g, b));
        }
        if (layer instanceof Layer.Residual r) {
            int a = lower(r.main(), src);
            int b = lower(r.shortcut(), src);
            return add(out, dst -> new Node.Add(a, b, dst, out.size()));
        }
        throw new IllegalArgumentException("no engine can run layer type " + layer.getClass().getSimpleName() + " (" + layer + ")");
    }

    private long take(long size) {
        long at = offset;
        offset += size;
        return at;
    }

    private int add(Shape out, IntFunction<Node> node) {
        slots.add(out);
        int dst = slots.size() - 1;
        nodes.add(node.apply(dst));
        return dst;
    }
}
