package flatbench.reference;

import java.util.List;

import flatbench.engine.Batch;
import flatbench.engine.Capabilities;
import flatbench.engine.Engine;
import flatbench.engine.HostVectorSpace;
import flatbench.engine.PerSampleAlgebra;
import flatbench.engine.Precision;
import flatbench.engine.RowSink;
import flatbench.engine.Vec;
import flatbench.model.ModelSpec;
import flatbench.model.ParamBlock;

/**
 * The plain-Java engine: every primitive in float64 on the CPU, composed from the reference
 * operations over a {@link Plan}. Hessian-vector products are exact (Pearlmutter's R-operator:
 * a forward and an R-forward pass, then a backward and an R-backward pass). Batches are split
 * into chunks that fit a fixed working set; sums over samples are added chunk by chunk. The
 * Gram matrix needs every sample's activations at once, so it runs on the whole batch.
 *
 * <p>Float64 only: a float32 run would be the same numbers rounded at the end, which would
 * mislead anyone comparing precisions, so asking for float32 is an error.
 */
public final class ReferenceEngine implements Engine {
    public static final String NAME = "java";

    /** Doubles one chunk's tapes may hold (256 MiB), and per-sample rows one chunk may hold. */
    private static final long WORKING_SET = 32L << 20;
    private static final long ROW_BUDGET = 4L << 20;

    private final ModelSpec spec;
    private final Plan plan;
    private final HostVectorSpace space;
    private final int perSampleDoubles;
    private final long workingSet;
    private double[] theta;
    private double[][][] params;

    public ReferenceEngine(ModelSpec spec, Precision precision, long seed) {
        this(spec, precision, seed, WORKING_SET);
    }

    /** With a given working set in doubles: small ones force chunking, which tests use. */
    ReferenceEngine(ModelSpec spec, Precision precision, long seed, long workingSet) {
        this.workingSet = workingSet;
        if (precision != Precision.FLOAT64) {
            throw new IllegalArgumentException("the Java reference engine computes in float64 only; run it with precision float64");
        }
        this.spec = spec;
        this.plan = Plan.of(spec);
        this.space = new HostVectorSpace(spec.parameterCount());
        this.perSampleDoubles = tapeDoublesPerSample(plan.steps()) * 4 + spec.input().size();
        setParameters(space.fromHost(spec.initialParameters(seed)));
    }

    @Override public String name() { return NAME; }
    @Override public ModelSpec spec() { return spec; }
    @Override public Precision precision() { return Precision.FLOAT64; }
    @Override public HostVectorSpace vectors() { return space; }
    @Override public Vec parameters() { return space.fromHost(theta); }

    /** The layer walk this engine follows. */
    public Plan plan() { return plan; }

    @Override public void setParameters(Vec parameters) {
        theta = space.toHost(parameters);
        params = plan.unpack(theta);
    }

    @Override public double loss(Batch batch) {
        double total = 0;
        int step = chunk(batch.size());
        for (int from = 0; from < batch.size(); from += step) {
            int to = Math.min(batch.size(), from + step);
            Tape t = forward(batch, from, to);
            total += (to - from) * SoftmaxCrossEntropy.forward(logits(t), labels(batch, from, to), new double[(to - from) * spec.numClasses()],
                    null, to - from, spec.numClasses());
        }
        return total / batch.size();
    }

    @Override public double lossAndGradient(Batch batch, Vec gradOut) {
        double[] grad = space.data(gradOut);
        java.util.Arrays.fill(grad, 0.0);
        double total = 0;
        int step = chunk(batch.size());
        for (int from = 0; from < batch.size(); from += step) {
            int to = Math.min(batch.size(), from + step);
            Tape t = forward(batch, from, to);
            total += (to - from) * backward(t, batch, from, to, 1.0 / batch.size());
            for (Plan.Step s : plan.parametrised()) addInto(grad, s, ParamProducts.gradient(s, t));
        }
        return total / batch.size();
    }

    @Override public void perSampleGradients(Batch batch, RowSink sink) {
        int p = theta.length;
        int rows = (int) Math.max(1, Math.min(chunk(batch.size()), Math.min(ROW_BUDGET, workingSet) / p));
        double[] row = new double[p];
        for (int from = 0; from < batch.size(); from += rows) {
            int to = Math.min(batch.size(), from + rows);
            Tape t = forward(batch, from, to);
            backward(t, batch, from, to, 1.0);
            double[] g = new double[(to - from) * p];
            for (Plan.Step s : plan.parametrised()) ParamProducts.perSample(s, t, g, p, (int) s.params().get(0).offset());
            for (int i = 0; i < to - from; i++) {
                System.arraycopy(g, i * p, row, 0, p);
                sink.accept(from + i, row);
            }
        }
    }

    @Override public double[][] gram(Batch batch, boolean centred) {
        int n = batch.size();
        if ((long) n * perSampleDoubles > 4 * workingSet) {
            throw new IllegalArgumentException("the reference engine's Gram needs the whole batch in memory; use at most "
                    + Math.max(1, 4 * workingSet / perSampleDoubles) + " samples for " + spec.name());
        }
        Tape t = forward(batch, 0, n);
        backward(t, batch, 0, n, 1.0);
        double[] k = new double[n * n];
        for (Plan.Step s : plan.parametrised()) {
            double[] kl = ParamProducts.gram(s, t);
            for (int i = 0; i < k.length; i++) k[i] += kl[i];
        }
        double[][] out = new double[n][n];
        for (int i = 0; i < n; i++) System.arraycopy(k, i * n, out[i], 0, n);
        return centred ? PerSampleAlgebra.centre(out) : out;
    }

    @Override public double[][] project(Batch batch, List<Vec> directions) {
        double[][][][] v = new double[directions.size()][][][];
        for (int j = 0; j < v.length; j++) v[j] = plan.unpack(space.data(directions.get(j)));
        double[][] out = new double[batch.size()][v.length];
        int step = chunk(batch.size());
        for (int from = 0; from < batch.size(); from += step) {
            int to = Math.min(batch.size(), from + step);
            Tape t = forward(batch, from, to);
            backward(t, batch, from, to, 1.0);
            for (int j = 0; j < v.length; j++) {
                for (Plan.Step s : plan.parametrised()) {
                    double[] r = ParamProducts.project(s, t, v[j][s.id()]);
                    for (int i = 0; i < r.length; i++) out[from + i][j] += r[i];
                }
            }
        }
        return out;
    }

    @Override public void hessianVector(Batch batch, Vec v, Vec out) { curvature(batch, v, out, false); }

    @Override public void gaussNewtonVector(Batch batch, Vec v, Vec out) { curvature(batch, v, out, true); }

    private void curvature(Batch batch, Vec direction, Vec result, boolean gaussNewton) {
        double[][][] v = plan.unpack(space.data(direction));
        double[] hv = new double[theta.length];
        int classes = spec.numClasses();
        double scale = 1.0 / batch.size();
        int step = chunk(batch.size());
        for (int from = 0; from < batch.size(); from += step) {
            int to = Math.min(batch.size(), from + step);
            int c = to - from;
            Tape t = forward(batch, from, to);
            double[] probs = new double[c * classes];
            SoftmaxCrossEntropy.forward(logits(t), labels(batch, from, to), probs, null, c, classes);
            // Gauss–Newton drops every term that carries δ, so it never needs the backward pass.
            if (!gaussNewton) {
                double[] dz = new double[c * classes];
                SoftmaxCrossEntropy.backward(probs, labels(batch, from, to), dz, c, classes, scale);
                Passes.backward(plan.steps(), params, dz, t, false);
            }
            Tape r = new Tape(plan, c);
            double[] rz = Passes.rForward(plan.steps(), params, v, null, t, r);
            double[] rdz = new double[c * classes];
            SoftmaxCrossEntropy.rBackward(probs, rz, rdz, c, classes, scale);
            Passes.rBackward(plan.steps(), params, v, rdz, t, r, gaussNewton, false);
            for (Plan.Step s : plan.parametrised()) addInto(hv, s, ParamProducts.curvature(s, t, r, gaussNewton));
        }
        System.arraycopy(hv, 0, space.data(result), 0, hv.length);
    }

    @Override public double[][] probabilities(Batch batch) {
        int classes = spec.numClasses();
        double[][] out = new double[batch.size()][classes];
        int step = chunk(batch.size());
        for (int from = 0; from < batch.size(); from += step) {
            int to = Math.min(batch.size(), from + step);
            Tape t = forward(batch, from, to);
            double[] probs = new double[(to - from) * classes];
            SoftmaxCrossEntropy.forward(logits(t), labels(batch, from, to), probs, null, to - from, classes);
            for (int i = 0; i < to - from; i++) System.arraycopy(probs, i * classes, out[from + i], 0, classes);
        }
        return out;
    }

    @Override public Capabilities capabilities() {
        return new Capabilities("r-operator", true, true, true, "per-layer ghost/explicit");
    }

    @Override public void close() { /* host memory only */ }

    private int chunk(int batchSize) {
        return (int) Math.max(1, Math.min(batchSize, workingSet / perSampleDoubles));
    }

    private Tape forward(Batch batch, int from, int to) {
        int d = spec.input().size();
        double[] x = new double[(to - from) * d];
        float[] in = batch.inputs();
        for (int i = 0; i < x.length; i++) x[i] = in[from * d + i];
        Tape t = new Tape(plan, to - from);
        Passes.forward(plan.steps(), params, x, t);
        return t;
    }

    /** Backward from the softmax cross-entropy with the given scale; returns the chunk's mean loss. */
    private double backward(Tape t, Batch batch, int from, int to, double scale) {
        int c = to - from, classes = spec.numClasses();
        int[] y = labels(batch, from, to);
        double[] probs = new double[c * classes], dz = new double[c * classes];
        double loss = SoftmaxCrossEntropy.forward(logits(t), y, probs, null, c, classes);
        SoftmaxCrossEntropy.backward(probs, y, dz, c, classes, scale);
        Passes.backward(plan.steps(), params, dz, t, false);
        return loss;
    }

    private double[] logits(Tape t) {
        List<Plan.Step> top = plan.steps();
        return t.out[top.get(top.size() - 1).id()];
    }

    private static int[] labels(Batch batch, int from, int to) {
        return java.util.Arrays.copyOfRange(batch.labels(), from, to);
    }

    private static void addInto(double[] flat, Plan.Step s, double[][] tensors) {
        for (int k = 0; k < tensors.length; k++) {
            ParamBlock b = s.params().get(k);
            int off = (int) b.offset();
            for (int i = 0; i < tensors[k].length; i++) flat[off + i] += tensors[k][i];
        }
    }

    private static int tapeDoublesPerSample(List<Plan.Step> steps) {
        int n = 0;
        for (Plan.Step s : steps) n += s.out().size() + tapeDoublesPerSample(s.main()) + tapeDoublesPerSample(s.shortcut());
        return n;
    }
}
