package flatbench.reference;

import java.util.Arrays;
import java.util.List;

import flatbench.engine.Batch;
import flatbench.engine.Capabilities;
import flatbench.engine.Engine;
import flatbench.engine.HostVectorSpace;
import flatbench.engine.PerSampleAlgebra;
import flatbench.engine.Precision;
import flatbench.engine.RowSink;
import flatbench.engine.Vec;
import flatbench.model.ConvShape;
import flatbench.model.DenseShape;
import flatbench.model.ModelSpec;
import flatbench.network.Graph;
import flatbench.network.ParamForm;
import flatbench.network.ParamSink;
import flatbench.network.Tape;
import flatbench.reference.ReferenceOps.Span;

/**
 * The plain-Java engine: every primitive in float64 on the CPU, the shared layer definitions
 * ({@link flatbench.network.Node}) run on the reference operations ({@link ReferenceOps}).
 * Hessian-vector products are exact (Pearlmutter's R-operator). Batches are split into chunks
 * that fit a fixed working set; sums over samples are added chunk by chunk. The Gram matrix
 * needs every sample's activations at once, so it runs on the whole batch.
 *
 * <p>Float64 only: a float32 run would be the same numbers rounded at the end, which would
 * mislead anyone comparing precisions, so asking for float32 is an error.
 */
public final class ReferenceEngine implements Engine {
    public static final String NAME = "java";

    /** Doubles one chunk's tapes may hold (256 MiB), and per-sample rows one chunk may hold. */
    private static final long WORKING_SET = 32L << 20;
    private static final long ROW_BUDGET = 4L << 20;

    private static final ReferenceOps OPS = ReferenceOps.INSTANCE;

    private final ModelSpec spec;
    private final Graph graph;
    private final HostVectorSpace space;
    private final long perSampleDoubles;
    private final long workingSet;
    private double[] theta;

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
        this.graph = Graph.of(spec);
        this.space = new HostVectorSpace(spec.parameterCount());
        // Activations and gradients, and their R-counterparts for curvature products.
        this.perSampleDoubles = graph.valuesPerSample() * 4 + spec.input().size();
        setParameters(space.fromHost(spec.initialParameters(seed)));
    }

    @Override public String name() { return NAME; }
    @Override public ModelSpec spec() { return spec; }
    @Override public Precision precision() { return Precision.FLOAT64; }
    @Override public HostVectorSpace vectors() { return space; }
    @Override public Vec parameters() { return space.fromHost(theta); }

    @Override public void setParameters(Vec parameters) { theta = space.toHost(parameters); }

    private Span params() { return new Span(theta, 0); }

    /** A tape holding samples [from, to) after the forward pass with δ_L scaled by deltaScale. */
    private Tape<Span> forward(Batch batch, int from, int to, double deltaScale) {
        Tape<Span> t = new Tape<>(graph, OPS, to - from);
        t.load(batch, from, to - from);
        t.forward(params(), deltaScale);
        return t;
    }

    private double lossSum(Tape<Span> t) {
        double s = 0;
        for (int i = 0; i < t.batch(); i++) s += t.losses().data()[i];
        return s;
    }

    @Override public double loss(Batch batch) {
        double total = 0;
        int step = chunk(batch.size());
        for (int from = 0; from < batch.size(); from += step) {
            int to = Math.min(batch.size(), from + step);
            total += lossSum(forward(batch, from, to, 1.0 / batch.size()));
        }
        return total / batch.size();
    }

    @Override public double lossAndGradient(Batch batch, Vec gradOut) {
        Span grad = new Span(space.data(gradOut), 0);
        double total = 0;
        int step = chunk(batch.size());
        for (int from = 0; from < batch.size(); from += step) {
            int to = Math.min(batch.size(), from + step);
            Tape<Span> t = forward(batch, from, to, 1.0 / batch.size());
            total += lossSum(t);
            boolean first = from == 0;
            t.backward((offset, form) -> OPS.reduce(form, OPS.at(grad, offset), !first));
        }
        return total / batch.size();
    }

    @Override public void perSampleGradients(Batch batch, RowSink sink) {
        int p = theta.length;
        int rows = (int) Math.max(1, Math.min(chunk(batch.size()), Math.min(ROW_BUDGET, workingSet) / p));
        double[] row = new double[p];
        for (int from = 0; from < batch.size(); from += rows) {
            int to = Math.min(batch.size(), from + rows);
            double[] g = perSampleRows(batch, from, to);
            for (int i = 0; i < to - from; i++) {
                System.arraycopy(g, i * p, row, 0, p);
                sink.accept(from + i, row);
            }
        }
    }

    /** Rows g_i (no 1/B) of samples [from, to), row-major. */
    private double[] perSampleRows(Batch batch, int from, int to) {
        int p = theta.length;
        double[] g = new double[(to - from) * p];
        forward(batch, from, to, 1.0).backward(ParamSink.rows(OPS, new Span(g, 0), p));
        return g;
    }

    @Override public double[][] gram(Batch batch, boolean centred) {
        int n = batch.size();
        if ((long) n * perSampleDoubles > 4 * workingSet) {
            throw new IllegalArgumentException("the reference engine's Gram needs the whole batch in memory; use at most "
                    + Math.max(1, 4 * workingSet / perSampleDoubles) + " samples for " + spec.name());
        }
        double[] k = new double[n * n];
        forward(batch, 0, n, 1.0).backward((offset, form) -> {
            double[] kl = new double[n * n];
            gramBlock(form, kl);
            for (int i = 0; i < k.length; i++) k[i] += kl[i];
        });
        double[][] out = new double[n][n];
        for (int i = 0; i < n; i++) System.arraycopy(k, i * n, out[i], 0, n);
        return centred ? PerSampleAlgebra.centre(out) : out;
    }

    /** One tensor's Gram contribution: the ghost form where the cost model prefers it, else G_l G_lᵀ. */
    private static void gramBlock(ParamForm<Span> form, double[] k) {
        int n = form.batch();
        if (form instanceof ParamForm.Outer<Span> o && NoiseGram.preferGhost(n, 1, o.in(), o.out(), 1)) {
            DenseShape d = o.shape();
            NoiseGram.ghostDense(d, false, ReferenceOps.in(o.dy(), d.outputSize()), ReferenceOps.in(o.x(), d.inputSize()), k);
            return;
        }
        if (form instanceof ParamForm.ConvOuter<Span> c) {
            ConvShape s = c.shape();
            if (NoiseGram.preferGhost(n, s.ho() * s.wo(), s.cin(), s.cout(), s.k())) {
                NoiseGram.ghostConv(s, false, ReferenceOps.in(c.dy(), s.outputSize()), ReferenceOps.in(c.x(), s.inputSize()), k);
                return;
            }
        }
        int cols = (int) form.size();
        double[] g = new double[n * cols];
        OPS.perSample(form, new Span(g, 0), cols);
        NoiseGram.explicit(g, cols, 0, cols, k, n);
    }

    @Override public double[][] project(Batch batch, List<Vec> directions) {
        double[][] v = new double[directions.size()][];
        for (int j = 0; j < v.length; j++) v[j] = space.data(directions.get(j));
        double[][] out = new double[batch.size()][v.length];
        int p = theta.length;
        perSampleGradients(batch, (row, g) -> {
            for (int j = 0; j < v.length; j++) {
                double s = 0;
                for (int t = 0; t < p; t++) s += g[t] * v[j][t];
                out[row][j] = s;
            }
        });
        return out;
    }

    @Override public void hessianVector(Batch batch, Vec v, Vec out) { curvature(batch, v, out, false); }

    @Override public void gaussNewtonVector(Batch batch, Vec v, Vec out) { curvature(batch, v, out, true); }

    private void curvature(Batch batch, Vec direction, Vec result, boolean gaussNewton) {
        Span v = new Span(space.data(direction), 0);
        double[] hv = new double[theta.length], part = new double[theta.length];
        double scale = 1.0 / batch.size();
        int step = chunk(batch.size());
        for (int from = 0; from < batch.size(); from += step) {
            int to = Math.min(batch.size(), from + step);
            Tape<Span> t = forward(batch, from, to, scale);
            // Gauss–Newton drops every term that carries δ, so it needs no backward pass.
            if (!gaussNewton) t.backward(ParamSink.none());
            Arrays.fill(part, 0);
            t.curvature(v, new Span(part, 0), gaussNewton, scale);
            for (int i = 0; i < hv.length; i++) hv[i] += part[i];
        }
        System.arraycopy(hv, 0, space.data(result), 0, hv.length);
    }

    @Override public double[][] probabilities(Batch batch) {
        int classes = spec.numClasses();
        double[][] out = new double[batch.size()][classes];
        int step = chunk(batch.size());
        for (int from = 0; from < batch.size(); from += step) {
            int to = Math.min(batch.size(), from + step);
            double[] probs = forward(batch, from, to, 1.0).probabilities().data();
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
}
