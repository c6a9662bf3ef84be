package flatbench.reference;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

import flatbench.model.Layer;
import flatbench.model.ModelSpec;
import flatbench.model.ParamBlock;
import flatbench.model.Shape;

/**
 * A model's layer list resolved once for an engine to walk: every layer, residual blocks
 * included, becomes a {@link Step} with its input and output shapes, its parameter blocks (in
 * the spec's flat layout) and a unique id (pre-order: a block, then its main path, then its
 * shortcut), so engines can keep per-step state in arrays indexed by id.
 */
public final class Plan {

    /**
     * One layer. {@code main} and {@code shortcut} are non-empty only for a
     * {@link Layer.Residual} (an empty shortcut is the identity); {@code params} lists this
     * layer's own tensors, empty for a residual block itself.
     */
    public record Step(int id, Layer layer, Shape in, Shape out, List<ParamBlock> params, List<Step> main, List<Step> shortcut) {
        public Step {
            params = List.copyOf(params);
            main = List.copyOf(main);
            shortcut = List.copyOf(shortcut);
        }
    }

    private final ModelSpec spec;
    private final List<Step> steps;
    private final List<Step> parametrised;
    private final int stepCount;

    private Plan(ModelSpec spec) {
        this.spec = spec;
        Iterator<ParamBlock> blocks = spec.parameterBlocks().iterator();
        int[] next = {0};
        List<Step> withParams = new ArrayList<>();
        this.steps = build(spec.layers(), spec.input(), blocks, next, withParams);
        if (blocks.hasNext()) throw new IllegalStateException("spec " + spec.name() + " lists parameter blocks no layer claims");
        this.stepCount = next[0];
        this.parametrised = Collections.unmodifiableList(withParams);
    }

    public static Plan of(ModelSpec spec) { return new Plan(spec); }

    public ModelSpec spec() { return spec; }

    /** The top-level steps, in order. */
    public List<Step> steps() { return steps; }

    /** Number of ids handed out (all steps at every depth). */
    public int stepCount() { return stepCount; }

    /** Every step that owns parameters, in flat-vector order. */
    public List<Step> parametrised() { return parametrised; }

    /** A flat vector split into per-step tensors: result[id][k] is step id's k-th block (copies). */
    public double[][][] unpack(double[] flat) {
        if (flat.length != spec.parameterCount()) {
            throw new IllegalArgumentException("vector has " + flat.length + " elements, model " + spec.name() + " has " + spec.parameterCount());
        }
        double[][][] out = new double[stepCount][][];
        for (Step s : parametrised) {
            double[][] t = new double[s.params().size()][];
            for (int k = 0; k < t.length; k++) {
                ParamBlock b = s.params().get(k);
                t[k] = new double[(int) b.size()];
                System.arraycopy(flat, (int) b.offset(), t[k], 0, t[k].length);
            }
            out[s.id()] = t;
        }
        return out;
    }

    private static List<Step> build(List<Layer> layers, Shape in, Iterator<ParamBlock> blocks, int[] next, List<Step> withParams) {
        List<Step> out = new ArrayList<>();
        Shape s = in;
        for (Layer l : layers) {
            int id = next[0]++;
            Shape o = l.outputShape(s);
            if (l instanceof Layer.Residual r) {
                List<Step> main = build(r.main(), s, blocks, next, withParams);
                List<Step> shortcut = build(r.shortcut(), s, blocks, next, withParams);
                out.add(new Step(id, l, s, o, List.of(), main, shortcut));
            } else {
                List<ParamBlock> mine = new ArrayList<>();
                for (Layer.ParamShape ps : l.parameterShapes(s)) {
                    if (!blocks.hasNext()) throw new IllegalStateException("parameter layout ends before layer " + l);
                    ParamBlock b = blocks.next();
                    if (b.size() != size(ps.shape())) throw new IllegalStateException("block " + b + " does not match layer " + l);
                    if (!mine.isEmpty()) {
                        ParamBlock prev = mine.get(mine.size() - 1);
                        // Per-sample rows are written a layer at a time, so its tensors must be adjacent.
                        if (prev.offset() + prev.size() != b.offset()) throw new IllegalStateException("tensors of layer " + l + " are not adjacent");
                    }
                    mine.add(b);
                }
                Step step = new Step(id, l, s, o, mine, List.of(), List.of());
                if (!mine.isEmpty()) withParams.add(step);
                out.add(step);
            }
            s = o;
        }
        return Collections.unmodifiableList(out);
    }

    private static long size(int[] shape) {
        long n = 1;
        for (int d : shape) n *= d;
        return n;
    }
}
