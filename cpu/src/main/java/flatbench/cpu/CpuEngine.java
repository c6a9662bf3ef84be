package flatbench.cpu;

import java.nio.Buffer;
import java.util.ArrayList;
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
import flatbench.model.ModelSpec;
import flatbench.network.Graph;
import flatbench.network.ParamForm;
import flatbench.network.ParamSink;
import flatbench.network.Tape;
import flatbench.reference.NoiseGram;

/**
 * The fast CPU engine: the shared layer definitions ({@link flatbench.network.Node}) on OpenBLAS
 * GEMMs, in float32 or float64. A batch is split into one contiguous part per thread; each
 * thread runs the passes on its part with its own tape and operations, and the parts' parameter
 * sums are added at the end. Hessian- and Gauss–Newton-vector products are exact R-operator
 * passes; the forward and backward passes of the last curvature batch are kept, so a Lanczos
 * run on one batch pays for them once. Per-sample gradients, the Gram matrix (ghost form for
 * dense weights) and projections work a parameter tensor at a time, never holding all of G.
 * Native buffers are allocated once and reused while the batch fits them.
 */
public final class CpuEngine implements Engine {
    public static final String NAME = "cpu";

    /** Native memory the tapes of one round of samples may take (activations, gradients, R-passes). */
    static final long ROUND_BYTES = 2L << 30;
    /** Native memory for per-sample rows held at once (per-sample gradients, projections, explicit Gram blocks). */
    static final long ROW_BYTES = 512L << 20;
    /**
     * Multiply-adds a thread's share of a job must reach before the job is split: below it the
     * hand-off to another thread (tens of microseconds, far more on a busy machine) costs more
     * than it saves, so the mlp's batches run on one thread and LeNet's on all.
     */
    static final long PART_MACS = 8L << 20;

    private final ModelSpec spec;
    private final Graph graph;
    private final Precision precision;
    private final HostVectorSpace space;
    private final Workers workers;
    private final Worker[] worker;
    /** Owns the buffers every thread reads (parameters, direction, shared scratch); used by the calling thread. */
    private final CpuOps shared;
    private final int p;
    private final int roundSamples;
    private final long rowBytes;
    private final long largestBlock;
    /** Multiply-adds of one sample's forward pass (dense and convolution layers). */
    private final long macsPerSample;
    private final long partMacs;
    private final Buffer theta;
    private double[] thetaHost;
    private Buffer direction, rows, gramK, scratchA, scratchB;
    /** The batch whose mean-loss forward and backward passes the tapes hold (for curvature products), or null. */
    private Batch curvatureState;

    /** One thread's operations, tape and parameter-sized partial sums. */
    private final class Worker {
        final CpuOps ops = CpuOps.of(precision == Precision.FLOAT64);
        Tape<Buffer> tape;
        Buffer partial, blockRows;
        int blockRowsCapacity;

        Tape<Buffer> tape(int samples) {
            if (tape == null || tape.capacity() < samples) {
                if (tape != null) tape.close();
                tape = null;
                tape = new Tape<>(graph, ops, samples);
            }
            return tape;
        }

        Buffer partial() {
            if (partial == null) partial = ops.allocateUninitialised(p);
            return partial;
        }

        Buffer blockRows(long n) {
            if (n > blockRowsCapacity) {
                if (blockRows != null) ops.free(blockRows);
                blockRows = ops.allocateUninitialised(n);
                blockRowsCapacity = (int) n;
            }
            return blockRows;
        }

        void close() {
            if (tape != null) tape.close();
            ops.freeAll();
        }
    }

    public CpuEngine(ModelSpec spec, Precision precision, long seed, int threads) {
        this(spec, precision, seed, threads, ROUND_BYTES, ROW_BYTES, PART_MACS);
    }

    /** With explicit budgets: small ones force rounds, row chunks and splitting small jobs over threads, which tests use. */
    CpuEngine(ModelSpec spec, Precision precision, long seed, int threads, long roundBytes, long rowBytes, long partMacs) {
        this.partMacs = partMacs;
        String why = Blas.unavailableReason();
        if (why != null) throw new IllegalStateException("the cpu engine is unavailable: " + why);
        this.spec = spec;
        this.graph = Graph.of(spec);
        this.precision = precision;
        long params = spec.parameterCount();
        if (params > Integer.MAX_VALUE - 8) throw new IllegalArgumentException(spec.name() + " has too many parameters for the cpu engine: " + params);
        this.p = (int) params;
        this.space = new HostVectorSpace(params);
        this.shared = CpuOps.of(precision == Precision.FLOAT64);
        long perSample = graph.valuesPerSample() * 4L * shared.bytesPerValue() + 64;
        this.roundSamples = (int) Math.max(1, Math.min(Integer.MAX_VALUE, roundBytes / perSample));
        this.rowBytes = rowBytes;
        this.largestBlock = spec.parameterBlocks().stream().mapToLong(b -> b.size()).max().orElse(1);
        long macs = 0;
        for (var node : graph.nodes()) {
            if (node instanceof flatbench.network.Node.Dense d) macs += (long) d.in() * d.out();
            if (node instanceof flatbench.network.Node.Conv c) macs += c.shape(1).weightSize() * c.shape(1).ho() * c.shape(1).wo();
        }
        this.macsPerSample = Math.max(1, macs);
        this.workers = new Workers(threads);
        this.worker = new Worker[threads];
        for (int t = 0; t < threads; t++) worker[t] = new Worker();
        this.theta = shared.allocate(p);
        setParameters(space.fromHost(spec.initialParameters(seed)));
    }

    @Override public String name() { return NAME; }
    @Override public ModelSpec spec() { return spec; }
    @Override public Precision precision() { return precision; }
    @Override public HostVectorSpace vectors() { return space; }
    @Override public Vec parameters() { return space.fromHost(thetaHost); }

    /** Threads the engine splits a batch over. */
    public int threads() { return workers.threads(); }

    @Override public void setParameters(Vec parameters) {
        curvatureState = null;
        shared.load(space.data(parameters), 0, p, theta);
        // The parameters as the engine holds them (rounded to float32 in a float32 engine).
        if (thetaHost == null) thetaHost = new double[p];
        shared.store(theta, p, thetaHost, 0);
    }

    // ---- the walk over parts ----

    /** What one thread does with its part [start, start + tape.batch()) after the forward pass. */
    private interface PartWork { void run(int part, Worker w, Tape<Buffer> t, int start); }

    /**
     * Samples [from, to) split over the threads: each loads its part, runs the forward pass with
     * δ_L scaled by deltaScale, then the work. Returns the part bounds (relative to from).
     */
    private int[] parts(Batch batch, int from, int to, double deltaScale, PartWork work) {
        curvatureState = null;
        int[] bounds = workers.split(to - from, sampleParts(to - from));
        workers.run(bounds.length - 1, k -> {
            Worker w = worker[k];
            int start = from + bounds[k], count = bounds[k + 1] - bounds[k];
            Tape<Buffer> t = w.tape(count);
            w.ops.invalidatePatches(List.of());
            t.load(batch, start, count);
            t.forward(theta, deltaScale);
            work.run(k, w, t, start);
        });
        return bounds;
    }

    private int roundSize(int n) { return Math.min(n, roundSamples); }

    /** Threads worth giving n samples' passes (forward and backward, about three forward passes of work). */
    private int sampleParts(int n) { return parts(3 * n * macsPerSample); }

    /** Threads worth giving a job of this many multiply-adds. */
    private int parts(long macs) { return (int) Math.max(1, Math.min(workers.threads(), macs / partMacs)); }

    private static double lossSum(Worker w, Tape<Buffer> t) {
        double[] l = new double[t.batch()];
        w.ops.store(t.losses(), t.batch(), l, 0);
        double s = 0;
        for (double v : l) s += v;
        return s;
    }

    /** out[i] (+)= Σ over the used parts of their partial[i], split over the threads by index range. */
    private void sumPartials(int usedParts, double[] out, boolean accumulate) {
        int[] range = workers.split(p, parts((long) p * usedParts));
        workers.run(range.length - 1, k -> {
            int lo = range[k], n = range[k + 1] - range[k];
            if (!accumulate) Arrays.fill(out, lo, lo + n, 0.0);
            for (int part = 0; part < usedParts; part++) worker[k].ops.addInto(worker[part].partial(), lo, n, out, lo);
        });
    }

    // ---- the contract ----

    @Override public double loss(Batch batch) {
        double[] total = new double[workers.threads()];
        for (int from = 0; from < batch.size(); from += roundSize(batch.size())) {
            int to = Math.min(batch.size(), from + roundSize(batch.size()));
            parts(batch, from, to, 1.0 / batch.size(), (k, w, t, start) -> total[k] += lossSum(w, t));
        }
        return Arrays.stream(total).sum() / batch.size();
    }

    @Override public double lossAndGradient(Batch batch, Vec gradOut) {
        double[] grad = space.data(gradOut);
        double[] total = new double[workers.threads()];
        int step = roundSize(batch.size());
        for (int from = 0; from < batch.size(); from += step) {
            int to = Math.min(batch.size(), from + step);
            int[] bounds = parts(batch, from, to, 1.0 / batch.size(), (k, w, t, start) -> {
                total[k] += lossSum(w, t);
                t.backward(ParamSink.summed(w.ops, w.partial()));
            });
            sumPartials(bounds.length - 1, grad, from > 0);
        }
        return Arrays.stream(total).sum() / batch.size();
    }

    /** Samples per round when each holds a row of P values. */
    private int rowRound(int n) {
        long perRow = (long) p * shared.bytesPerValue();
        return (int) Math.max(1, Math.min(roundSize(n), Math.min(Integer.MAX_VALUE / p, rowBytes / perRow)));
    }

    private Buffer rows(long n) {
        if (rows == null || rows.capacity() < n) {
            if (rows != null) shared.free(rows);
            rows = null;
            rows = shared.allocateUninitialised(n);
        }
        return rows;
    }

    /** A parameter tensor's gradient form as one part's backward pass stated it. */
    private record Recorded(long offset, ParamForm<Buffer> form) {}

    /** Forward and backward passes (δ of ℓ_i, no 1/B) over samples [from, to); each part's forms in backward order. */
    private List<List<Recorded>> recordForms(Batch batch, int from, int to, int[][] bounds) {
        List<List<Recorded>> forms = new ArrayList<>();
        for (int t = 0; t < workers.threads(); t++) forms.add(new ArrayList<>());
        bounds[0] = parts(batch, from, to, 1.0, (k, w, t, start) -> t.backward((offset, form) -> forms.get(k).add(new Recorded(offset, form))));
        return forms;
    }

    /**
     * The passes run in parallel; then each row is built straight into the array the sink
     * receives, one sample at a time, from the kept activations and output gradients: G is never
     * held, and the row stays in cache. (Built on this thread with the operations of the part that
     * holds the sample, idle by then, so that part's patch matrices are reused.)
     */
    @Override public void perSampleGradients(Batch batch, RowSink sink) {
        int n = batch.size(), step = roundSize(n);
        double[] row = new double[p];
        for (int from = 0; from < n; from += step) {
            int to = Math.min(n, from + step);
            int[][] bounds = new int[1][];
            List<List<Recorded>> forms = recordForms(batch, from, to, bounds);
            int part = 0;
            for (int i = 0; i < to - from; i++) {
                while (i >= bounds[0][part + 1]) part++;
                int local = i - bounds[0][part];
                for (Recorded r : forms.get(part)) worker[part].ops.sampleRow(r.form(), local, 0, CpuOps.units(r.form()), row, (int) r.offset());
                sink.accept(from + i, row);
            }
        }
        curvatureState = null;
    }

    @Override public double[][] gram(Batch batch, boolean centred) {
        int n = batch.size();
        if (n > roundSamples) {
            throw new IllegalArgumentException("the cpu engine's Gram matrix needs the whole batch in memory; use at most "
                    + roundSamples + " samples for " + spec.name());
        }
        int[][] bounds = new int[1][];
        List<List<Recorded>> forms = recordForms(batch, 0, n, bounds);
        int used = bounds[0].length - 1;
        Buffer k = gramBuffer(n);
        shared.fill(k, 0, (long) n * n);
        for (int block = 0; block < forms.get(0).size(); block++) {
            List<ParamForm<Buffer>> parts = new ArrayList<>(used);
            for (int t = 0; t < used; t++) parts.add(forms.get(t).get(block).form());
            addGramBlock(parts, bounds[0], n, k);
        }
        double[] flat = new double[n * n];
        shared.store(k, n * n, flat, 0);
        double[][] out = new double[n][n];
        for (int i = 0; i < n; i++) System.arraycopy(flat, i * n, out[i], 0, n);
        curvatureState = null;
        return centred ? PerSampleAlgebra.centre(out) : out;
    }

    private Buffer gramBuffer(int n) {
        long need = (long) n * n;
        if (gramK == null || gramK.capacity() < need) {
            for (Buffer b : new Buffer[] {gramK, scratchA, scratchB}) if (b != null) shared.free(b);
            gramK = shared.allocateUninitialised(need);
            scratchA = shared.allocateUninitialised(need);
            scratchB = shared.allocateUninitialised(need);
        }
        return gramK;
    }

    /**
     * One tensor's share of K from its parts' forms: the ghost form (ΔΔᵀ) ⊙ (XXᵀ) for a dense
     * weight where the reference cost model prefers it, else G_l G_lᵀ from the per-sample rows.
     */
    private void addGramBlock(List<ParamForm<Buffer>> parts, int[] bounds, int n, Buffer k) {
        ParamForm<Buffer> first = parts.get(0);
        if (first instanceof ParamForm.Outer<Buffer> o && NoiseGram.preferGhost(n, 1, o.in(), o.out(), 1)) {
            // Δ and X of all samples side by side, then two n × n products.
            Buffer delta = rows((long) n * (o.in() + o.out()));
            Buffer x = shared.at(delta, (long) n * o.out());
            workers.run(parts.size(), t -> {
                ParamForm.Outer<Buffer> f = (ParamForm.Outer<Buffer>) parts.get(t);
                worker[t].ops.copy(f.dy(), worker[t].ops.at(delta, (long) bounds[t] * o.out()), (long) f.batch() * o.out());
                worker[t].ops.copy(f.x(), worker[t].ops.at(x, (long) bounds[t] * o.in()), (long) f.batch() * o.in());
            });
            productNT(n, n, o.out(), delta, o.out(), delta, o.out(), scratchA, n, 0);
            productNT(n, n, o.in(), x, o.in(), x, o.in(), scratchB, n, 0);
            shared.multiplyAdd(scratchA, scratchB, k, n * n);
            return;
        }
        // G_l a slice of units (output rows or channels) at a time, within the row budget.
        int units = CpuOps.units(first);
        long unit = first.size() / units;
        int step = first instanceof ParamForm.ChannelSum<?> ? units
                : (int) Math.max(1, Math.min(units, rowBytes / shared.bytesPerValue() / ((long) n * unit)));
        for (int from = 0; from < units; from += step) {
            int u0 = from, u1 = Math.min(units, from + step), cols = (int) ((u1 - u0) * unit);
            Buffer g = rows((long) n * cols);
            workers.run(parts.size(), t -> worker[t].ops.perSample(parts.get(t), u0, u1, worker[t].ops.at(g, (long) bounds[t] * cols), cols));
            productNT(n, n, cols, g, cols, g, cols, k, n, 1);
        }
    }

    /** C (m × n) ← A Bᵀ + β C, rows of C split over the threads. */
    private void productNT(int m, int n, int kdim, Buffer a, int lda, Buffer b, int ldb, Buffer c, int ldc, double beta) {
        int[] r = workers.split(m, parts((long) m * n * kdim));
        workers.run(r.length - 1, t -> {
            CpuOps ops = worker[t].ops;
            Blas.gemm(false, true, r[t + 1] - r[t], n, kdim, 1, ops.at(a, (long) r[t] * lda), lda, b, ldb, beta, ops.at(c, (long) r[t] * ldc), ldc);
        });
    }

    /**
     * g_iᵀv_j a tensor at a time on each thread's part: for a dense weight without per-sample
     * rows, δ_iᵀ (V_j x_i) from one GEMM per direction; otherwise the part's rows of the tensor
     * times the directions' slices.
     */
    @Override public double[][] project(Batch batch, List<Vec> directions) {
        int kd = directions.size(), n = batch.size();
        double[][] out = new double[n][kd];
        if (kd == 0) return out;
        Buffer v = directionsBuffer(directions);
        long perSample = largestBlock * shared.bytesPerValue();
        int step = (int) Math.max(1, Math.min(roundSize(n), rowBytes / perSample));
        double[] flat = new double[n * kd];
        for (int from = 0; from < n; from += step) {
            int to = Math.min(n, from + step);
            parts(batch, from, to, 1.0, (part, w, t, start) -> {
                int m = t.batch();
                Buffer acc = w.blockRows((long) m * kd + (long) m * largestBlock);
                Buffer scratch = w.ops.at(acc, (long) m * kd);
                w.ops.fill(acc, 0, (long) m * kd);
                double[] ghost = new double[m * kd];
                t.backward((offset, form) -> {
                    if (form instanceof ParamForm.Outer<Buffer> o) {
                        for (int j = 0; j < kd; j++) {
                            Blas.gemm(false, true, m, o.out(), o.in(), 1, o.x(), o.in(), w.ops.at(v, (long) j * p + offset), o.in(), 0, scratch, o.out());
                            w.ops.rowDots(o.dy(), scratch, m, o.out(), ghost, kd, j);
                        }
                        return;
                    }
                    int size = (int) form.size();
                    w.ops.perSample(form, scratch, size);
                    Blas.gemm(false, true, m, kd, size, 1, scratch, size, w.ops.at(v, offset), p, 1, acc, kd);
                });
                w.ops.store(acc, m * kd, flat, start * kd);
                for (int i = 0; i < m * kd; i++) flat[start * kd + i] += ghost[i];
            });
        }
        for (int i = 0; i < n; i++) System.arraycopy(flat, i * kd, out[i], 0, kd);
        return out;
    }

    /** The directions as rows of a k × P buffer in the engine's precision. */
    private Buffer directionsBuffer(List<Vec> directions) {
        long need = (long) directions.size() * p;
        if (direction == null || direction.capacity() < need) {
            if (direction != null) shared.free(direction);
            direction = null;
            direction = shared.allocateUninitialised(need);
        }
        for (int j = 0; j < directions.size(); j++) shared.load(space.data(directions.get(j)), 0, p, shared.at(direction, (long) j * p));
        return direction;
    }

    @Override public void hessianVector(Batch batch, Vec v, Vec out) { curvature(batch, v, out, false); }

    @Override public void gaussNewtonVector(Batch batch, Vec v, Vec out) { curvature(batch, v, out, true); }

    /** One thread's curvature product on its tape: the R-buffers change, the forward pass's patches stay valid. */
    private void curvaturePart(int k, Buffer dir, boolean gaussNewton, double scale) {
        Tape<Buffer> t = worker[k].tape;
        List<Buffer> acts = new ArrayList<>();
        for (int slot = 0; slot < graph.slots().size(); slot++) acts.add(t.act(slot));
        worker[k].ops.invalidatePatches(acts);
        t.curvature(dir, worker[k].partial(), gaussNewton, scale);
    }

    private void curvature(Batch batch, Vec v, Vec out, boolean gaussNewton) {
        double[] result = space.data(out);
        double scale = 1.0 / batch.size();
        int n = batch.size();
        if (n <= roundSamples && sameBatch(curvatureState, batch)) {
            Buffer dir = directionsBuffer(List.of(v));
            int[] bounds = workers.split(n, sampleParts(n));
            workers.run(bounds.length - 1, k -> curvaturePart(k, dir, gaussNewton, scale));
            sumPartials(bounds.length - 1, result, false);
            return;
        }
        for (int from = 0; from < n; from += roundSize(n)) {
            int to = Math.min(n, from + roundSize(n));
            int[] bounds = parts(batch, from, to, scale, (k, w, t, start) -> t.backward(ParamSink.none()));
            Buffer dir = directionsBuffer(List.of(v));
            workers.run(bounds.length - 1, k -> curvaturePart(k, dir, gaussNewton, scale));
            sumPartials(bounds.length - 1, result, from > 0);
            if (to == n && from == 0) curvatureState = new Batch(batch.shape(), n, batch.inputs().clone(), batch.labels().clone());
        }
    }

    private static boolean sameBatch(Batch a, Batch b) {
        return a != null && a.size() == b.size() && a.shape().equals(b.shape())
                && Arrays.equals(a.labels(), b.labels()) && Arrays.equals(a.inputs(), b.inputs());
    }

    @Override public double[][] probabilities(Batch batch) {
        int classes = spec.numClasses(), n = batch.size();
        double[] flat = new double[n * classes];
        for (int from = 0; from < n; from += roundSize(n)) {
            int to = Math.min(n, from + roundSize(n));
            parts(batch, from, to, 1.0 / n, (k, w, t, start) -> w.ops.store(t.probabilities(), t.batch() * classes, flat, start * classes));
        }
        double[][] out = new double[n][classes];
        for (int i = 0; i < n; i++) System.arraycopy(flat, i * classes, out[i], 0, classes);
        return out;
    }

    @Override public Capabilities capabilities() {
        return new Capabilities("r-operator", true, true, true,
                "per layer: ghost for dense weights, explicit G_l G_lᵀ otherwise; " + workers.threads() + " threads, OpenBLAS");
    }

    @Override public void close() {
        workers.close();
        for (Worker w : worker) w.close();
        shared.freeAll();
    }
}
