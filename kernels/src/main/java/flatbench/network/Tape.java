package flatbench.network;

import java.util.Arrays;
import java.util.List;

import flatbench.engine.Batch;
import flatbench.model.Loss;
import flatbench.model.Shape;

/**
 * The buffers of one {@link Graph} run on up to {@code capacity} samples — activations, their
 * gradients, the R-operator's R{a} and R{δ}, max-pooling choices, labels, probabilities (or the
 * diagonal output Hessian of the squared and hinge losses) and losses — and the walks over the
 * nodes: forward, backward, and the R-forward/R-backward pair of a curvature product. Allocated once and reused for every batch that fits (the passes use the
 * first {@link #batch()} samples' worth); the R buffers only when a curvature product first needs
 * them. Not thread-safe: engines that work in parallel give each thread its own tape.
 */
public final class Tape<B> implements AutoCloseable {
    private final Graph graph;
    private final Ops<B> ops;
    private final int capacity;
    private int batch;
    private final Object[] act, grad, argmax;
    private Object[] ract, rgrad;
    private final B labels, probs, losses;
    private final boolean[] gradWritten, rgradWritten;
    private B theta, direction, curvatureOut;

    public Tape(Graph graph, Ops<B> ops, int capacity) {
        if (capacity <= 0) throw new IllegalArgumentException("a tape needs at least one sample");
        this.graph = graph;
        this.ops = ops;
        this.capacity = capacity;
        this.batch = capacity;
        List<Shape> slots = graph.slots();
        act = new Object[slots.size()];
        grad = new Object[slots.size()];
        gradWritten = new boolean[slots.size()];
        rgradWritten = new boolean[slots.size()];
        argmax = new Object[graph.argmaxCount()];
        try {
            for (int i = 0; i < slots.size(); i++) {
                act[i] = ops.allocate(size(i));
                if (i > 0) grad[i] = ops.allocate(size(i));
            }
            for (Node n : graph.nodes()) {
                if (n instanceof Node.MaxPool m) argmax[m.argmax()] = ops.allocateIndices((long) capacity * slots.get(m.dst()).size());
            }
        } catch (RuntimeException | Error e) {
            freeAll();
            throw e;
        }
        int classes = graph.spec().numClasses();
        labels = ops.allocateIndices(capacity);
        probs = ops.allocate((long) capacity * classes);
        losses = ops.allocate(capacity);
    }

    public Graph graph() { return graph; }
    public Ops<B> ops() { return ops; }

    /** Samples the passes run on. */
    public int batch() { return batch; }

    /** Samples the buffers hold. */
    public int capacity() { return capacity; }

    @SuppressWarnings("unchecked")
    private static <B> B get(Object[] a, int i) { return (B) a[i]; }

    public B act(int slot) { return get(act, slot); }
    public B grad(int slot) { return get(grad, slot); }
    public B ract(int slot) { return get(ract, slot); }
    public B rgrad(int slot) { return get(rgrad, slot); }
    public B argmax(int index) { return get(argmax, index); }
    public B logits() { return act(graph.logitsSlot()); }
    /** Softmax probabilities under cross-entropy; the outputs f under the other losses (what {@code Engine.probabilities} gives). */
    public B probabilities() { return graph.spec().loss() == Loss.CROSS_ENTROPY ? probs : logits(); }
    public B losses() { return losses; }

    /** Parameter tensor at a flat offset; null for −1 (no tensor). */
    public B param(long offset) { return offset < 0 ? null : ops.at(theta, offset); }

    /** The direction's block at a flat offset; null for −1. */
    public B direction(long offset) { return offset < 0 ? null : ops.at(direction, offset); }

    /** The network input gets no gradient. */
    public boolean needsGradient(int slot) { return slot != 0; }

    /** False for the network input, whose R{x} is zero. */
    public boolean hasR(int slot) { return slot != 0; }

    /**
     * Called by a node about to write a slot's input gradient: true when another reader of the
     * slot already wrote it during this backward pass (so add to it), false for the first.
     */
    public boolean claimGradient(int slot) {
        boolean was = gradWritten[slot];
        gradWritten[slot] = true;
        return was;
    }

    /** As {@link #claimGradient} for R{δ}. */
    public boolean claimRGradient(int slot) {
        boolean was = rgradWritten[slot];
        rgradWritten[slot] = true;
        return was;
    }

    /** (Hv) or (Gv) for one tensor: the form reduced into the curvature output at the offset. */
    public void curvature(long offset, ParamForm<B> form, boolean accumulate) {
        if (offset >= 0) ops.reduce(form, ops.at(curvatureOut, offset), accumulate);
    }

    /** Samples [from, from + count) of b become this tape's input and labels; count at most the capacity. */
    public void load(Batch b, int from, int count) {
        if (count < 1 || count > capacity) throw new IllegalArgumentException(count + " samples on a tape for " + capacity);
        this.batch = count;
        if (!b.shape().equals(graph.spec().input())) throw new IllegalArgumentException("batch of " + b.shape() + " samples for a model taking " + graph.spec().input());
        if (from < 0 || from + batch > b.size()) throw new IllegalArgumentException("samples " + from + ".." + (from + batch) + " outside a batch of " + b.size());
        int classes = graph.spec().numClasses();
        for (int i = from; i < from + batch; i++) {
            int y = b.labels()[i];
            if (!Loss.validLabel(y, classes)) throw new IllegalArgumentException("label " + y + " of sample " + i + " is not one of " + Loss.labelRange(classes) + " for " + graph.spec().name());
        }
        ops.loadInputs(b.inputs(), from, batch, b.shape().size(), act(0));
        ops.loadLabels(b.labels(), from, batch, labels);
    }

    /**
     * Forward pass with parameters theta (a flat buffer), then the model's loss: per-sample losses,
     * probabilities (cross-entropy) or the diagonal output Hessian (squared, hinge), and
     * δ_L = deltaScale·∂ℓ/∂z in the logits' gradient (1/B for a mean over B samples, 1 for
     * per-sample gradients).
     */
    public void forward(B parameters, double deltaScale) {
        this.theta = parameters;
        for (Node n : graph.nodes()) n.forward(this);
        int last = graph.logitsSlot(), classes = graph.spec().numClasses();
        switch (graph.spec().loss()) {
            case CROSS_ENTROPY -> ops.softmaxXent(act(last), labels, batch, classes, deltaScale, probs, losses, grad(last));
            case SQUARED -> {
                ops.squaredLoss(act(last), labels, batch, classes, deltaScale, losses, grad(last));
                ops.fill(probs, 1, (long) batch * classes);  // H_out = I
            }
            case QUADRATIC_HINGE -> ops.hingeLoss(act(last), labels, batch, deltaScale, losses, grad(last), probs);
        }
    }

    /** Backward pass from the δ_L left by {@link #forward}; parameter gradients go to the sink. */
    public void backward(ParamSink<B> sink) {
        Arrays.fill(gradWritten, false);
        List<Node> nodes = graph.nodes();
        for (int i = nodes.size() - 1; i >= 0; i--) nodes.get(i).backward(this, sink);
    }

    /**
     * out ← H v (or G v with gaussNewton) of this tape's samples' share of the mean loss, after
     * {@link #forward} and {@link #backward} with the same deltaScale (they leave activations,
     * choices, probabilities and δ). out is a flat parameter-sized buffer, overwritten.
     */
    public void curvature(B v, B out, boolean gaussNewton, double deltaScale) {
        ensureR();
        this.direction = v;
        this.curvatureOut = out;
        try {
            for (Node n : graph.nodes()) n.rForward(this);
            int last = graph.logitsSlot(), classes = graph.spec().numClasses();
            if (graph.spec().loss() == Loss.CROSS_ENTROPY) ops.softmaxXentR(probs, ract(last), batch, classes, deltaScale, rgrad(last));
            else ops.diagonalLossR(probs, ract(last), (long) batch * classes, deltaScale, rgrad(last));
            Arrays.fill(rgradWritten, false);
            List<Node> nodes = graph.nodes();
            for (int i = nodes.size() - 1; i >= 0; i--) nodes.get(i).rBackward(this, gaussNewton);
        } finally {
            this.direction = null;
            this.curvatureOut = null;
        }
    }

    private void ensureR() {
        if (ract != null) return;
        Object[] ra = new Object[act.length], rg = new Object[act.length];
        try {
            for (int i = 0; i < act.length; i++) {
                ra[i] = ops.allocate(size(i));  // zero-filled: slot 0 stays R{x} = 0
                if (i > 0) rg[i] = ops.allocate(size(i));
            }
        } catch (RuntimeException | Error e) {
            free(ra);
            free(rg);
            throw e;
        }
        ract = ra;
        rgrad = rg;
    }

    private long size(int slot) { return (long) capacity * graph.slots().get(slot).size(); }

    private void free(Object[] buffers) {
        if (buffers == null) return;
        for (int i = 0; i < buffers.length; i++) {
            if (buffers[i] != null) ops.free(get(buffers, i));
            buffers[i] = null;
        }
    }

    private void freeAll() {
        free(act);
        free(grad);
        free(argmax);
        free(ract);
        free(rgrad);
    }

    @Override public void close() {
        freeAll();
        for (B b : java.util.Arrays.asList(labels, probs, losses)) if (b != null) ops.free(b);
    }
}
