package flatbench.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A model described once, independently of any engine: input shape, layers, the width of its
 * output ({@code numClasses}: the classes of a multi-class output, or 1 for a scalar output whose
 * labels are ±1) and the {@link Loss} on it. The last layer's output must have exactly
 * {@code numClasses} elements (the logits, or f).
 *
 * <p><b>Flat parameter layout</b> (shared by every engine): the layers in order, a residual
 * block's main path before its shortcut; within a layer its tensors in {@link Layer#parameterShapes}
 * order (weight, then bias; batch-norm scale, then shift); each tensor row-major in the shape
 * its {@link ParamBlock} gives. This is PyTorch's {@code state_dict} order and layout.
 */
public record ModelSpec(String name, Shape input, int numClasses, List<Layer> layers, Loss loss) {

    /** A model under softmax cross-entropy, the default loss. */
    public ModelSpec(String name, Shape input, int numClasses, List<Layer> layers) {
        this(name, input, numClasses, layers, Loss.CROSS_ENTROPY);
    }

    public ModelSpec {
        layers = List.copyOf(layers);
        String problem = loss.outputsProblem(numClasses);
        if (problem != null) throw new IllegalArgumentException(name + ": " + problem);
        if (layers.isEmpty()) throw new IllegalArgumentException("a model needs at least one layer");
        Shape out = input;
        for (Layer l : layers) out = l.outputShape(out);
        if (out.size() != numClasses) {
            throw new IllegalArgumentException(name + ": last layer gives " + out.size() + " outputs, expected " + numClasses);
        }
    }

    /**
     * This model under another loss. The quadratic hinge needs a scalar output: a model whose last
     * layer is dense then gets a last layer of one output (the rest of the architecture and the
     * flat layout up to it unchanged); any other model is refused.
     */
    public ModelSpec withLoss(Loss newLoss) {
        if (newLoss.outputsProblem(numClasses) == null) return new ModelSpec(name, input, numClasses, layers, newLoss);
        if (newLoss == Loss.QUADRATIC_HINGE && layers.get(layers.size() - 1) instanceof Layer.Dense d) {
            List<Layer> scalar = new ArrayList<>(layers.subList(0, layers.size() - 1));
            scalar.add(new Layer.Dense(d.in(), 1));
            return new ModelSpec(name, input, 1, scalar, newLoss);
        }
        throw new IllegalArgumentException(name + ": " + newLoss.outputsProblem(numClasses));
    }

    /** Every parameter tensor with its offset, in flat-vector order. */
    public List<ParamBlock> parameterBlocks() {
        List<ParamBlock> blocks = new ArrayList<>();
        collect(layers, input, "layers", blocks, new long[1]);
        return Collections.unmodifiableList(blocks);
    }

    public long parameterCount() {
        List<ParamBlock> b = parameterBlocks();
        ParamBlock last = b.isEmpty() ? null : b.get(b.size() - 1);
        return last == null ? 0 : last.offset() + last.size();
    }

    /** Input shape of each top-level layer, followed by the output shape (size layers()+1). */
    public List<Shape> activationShapes() {
        List<Shape> shapes = new ArrayList<>();
        Shape s = input;
        shapes.add(s);
        for (Layer l : layers) {
            s = l.outputShape(s);
            shapes.add(s);
        }
        return Collections.unmodifiableList(shapes);
    }

    /**
     * Multiply-adds of one sample's forward pass through the dense and convolution layers (the
     * element-wise layers add one per output value). A gradient or Hessian-vector product costs a
     * small multiple of this per sample, so it prices work on a set of samples.
     */
    public long multiplyAddsPerSample() { return multiplyAdds(layers, input); }

    private static long multiplyAdds(List<Layer> layers, Shape in) {
        long total = 0;
        Shape s = in;
        for (Layer l : layers) {
            Shape out = l.outputShape(s);
            if (l instanceof Layer.Dense d) total += (long) d.in() * d.out();
            else if (l instanceof Layer.Conv2d c) total += (long) c.outChannels() * c.inChannels() * c.kernel() * c.kernel() * out.height() * out.width();
            else if (l instanceof Layer.Residual r) total += multiplyAdds(r.main(), s) + multiplyAdds(r.shortcut(), s) + out.size();
            else total += out.size();
            s = out;
        }
        return total;
    }

    /**
     * Initial parameters from a seed, identical for every engine: weights and biases uniform in
     * ±1/√fan-in (PyTorch's default for linear and convolution layers), batch-norm scale 1 and
     * shift 0.
     */
    public double[] initialParameters(long seed) {
        long p = parameterCount();
        if (p > Integer.MAX_VALUE) throw new IllegalStateException("model too large for a host array: " + p);
        double[] theta = new double[(int) p];
        SplittableRandom rng = new SplittableRandom(seed);
        for (ParamBlock b : parameterBlocks()) {
            int[] shape = b.shape();
            int off = (int) b.offset();
            int n = (int) b.size();
            switch (b.kind()) {
                case SCALE -> java.util.Arrays.fill(theta, off, off + n, 1.0);
                case SHIFT -> { /* zeros */ }
                case WEIGHT, BIAS -> {
                    double bound = 1.0 / Math.sqrt(fanIn(b, shape));
                    for (int i = 0; i < n; i++) theta[off + i] = (2 * rng.nextDouble() - 1) * bound;
                }
            }
        }
        return theta;
    }

    private double fanIn(ParamBlock b, int[] shape) {
        if (b.kind() == ParamBlock.Kind.WEIGHT) {
            int f = 1;
            for (int i = 1; i < shape.length; i++) f *= shape[i];
            return f;
        }
        // A bias uses its weight's fan-in, which precedes it in the flat order.
        for (ParamBlock w : parameterBlocks()) {
            if (w.kind() == ParamBlock.Kind.WEIGHT && w.offset() + w.size() == b.offset()) return fanIn(w, w.shape());
        }
        return 1;
    }

    private static Shape collect(List<Layer> layers, Shape in, String prefix, List<ParamBlock> out, long[] offset) {
        Shape s = in;
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            String path = prefix + "." + i;
            if (l instanceof Layer.Residual r) {
                collect(r.main(), s, path + ".main", out, offset);
                collect(r.shortcut(), s, path + ".shortcut", out, offset);
            } else {
                for (Layer.ParamShape ps : l.parameterShapes(s)) {
                    ParamBlock b = new ParamBlock(path + "." + ps.suffix(), ps.kind(), ps.shape(), offset[0]);
                    out.add(b);
                    offset[0] += b.size();
                }
            }
            s = l.outputShape(s);
        }
        return s;
    }
}
