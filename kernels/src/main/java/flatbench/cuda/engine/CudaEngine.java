package flatbench.cuda.engine;

import java.util.List;

import flatbench.cuda.CudaContext;
import flatbench.cuda.DeviceBuffer;
import flatbench.cuda.ops.NoiseGramKernels;
import flatbench.engine.Batch;
import flatbench.engine.Capabilities;
import flatbench.engine.Engine;
import flatbench.engine.PerSampleAlgebra;
import flatbench.engine.Precision;
import flatbench.engine.RowSink;
import flatbench.engine.Vec;
import flatbench.model.ModelSpec;
import flatbench.model.ParamBlock;
import flatbench.network.Graph;
import flatbench.network.ParamForm;
import flatbench.network.ParamSink;
import flatbench.network.Tape;
import jcuda.driver.CUdeviceptr;

/**
 * The CUDA engine: fp32 on one GPU with this project's own kernels (no cuBLAS, no cuDNN).
 * Parameters and parameter-sized vectors live on the device. Gram matrices are accumulated
 * block by block (ghost form for dense weights), so all of G is never held; Hessian- and
 * Gauss–Newton-vector products are exact R-operator passes.
 */
public final class CudaEngine implements Engine {
    /** Largest per-sample gradient matrix materialised at once; larger batches go in slices. */
    static final long MAX_G_BYTES = 4L << 30;

    private final CudaContext cuda;
    private final boolean ownsContext;
    private final ModelSpec spec;
    private final Kernels k;
    private final Graph graph;
    private final CudaOps ops;
    /** Activation, gradient and R buffers for the last batch size, reused until the size changes. */
    private Tape<CUdeviceptr> tape;
    private final CudaVectorSpace space;
    private final CudaVectorSpace.CudaVec theta;
    private final long p;
    private final long largestBlock;
    /**
     * The batch (a copy of its contents) whose mean-loss forward and backward passes the device
     * buffers hold, ready for further curvature products; null when they hold anything else.
     * Lanczos calls H v tens of times on one batch, so this halves its passes (as PyTorch's
     * double backprop keeps its first-order graph).
     */
    private Batch curvatureState;

    /** An engine with its own context on device 0 and the spec's initial parameters for this seed. */
    public static CudaEngine create(ModelSpec spec, long seed) {
        CudaContext cuda = CudaContext.create();
        try {
            return new CudaEngine(cuda, true, spec, spec.initialParameters(seed));
        } catch (RuntimeException e) {
            cuda.close();
            throw e;
        }
    }

    /** An engine on an existing context (not closed with the engine). */
    public static CudaEngine on(CudaContext cuda, ModelSpec spec, double[] parameters) {
        return new CudaEngine(cuda, false, spec, parameters);
    }

    private CudaEngine(CudaContext cuda, boolean ownsContext, ModelSpec spec, double[] parameters) {
        this.cuda = cuda;
        this.ownsContext = ownsContext;
        this.spec = spec;
        this.graph = Graph.of(spec);
        this.k = Kernels.load(cuda);
        this.ops = new CudaOps(cuda, k);
        this.p = spec.parameterCount();
        this.space = new CudaVectorSpace(cuda, k.vec(), p);
        this.theta = space.fromHost(parameters);
        this.largestBlock = spec.parameterBlocks().stream().mapToLong(ParamBlock::size).max().orElse(1);
    }

    public String name() { return "cuda"; }

    public ModelSpec spec() { return spec; }

    public Precision precision() { return Precision.FLOAT32; }

    public CudaVectorSpace vectors() { return space; }

    public CudaContext context() { return cuda; }

    public Vec parameters() { return space.copy(theta); }

    public void setParameters(Vec parameters) {
        curvatureState = null;
        if (parameters instanceof CudaVectorSpace.CudaVec) space.assign(theta, parameters);
        else cuda.upload(toFloats(parametersOnHost(parameters)), theta.ptr());
    }

    private double[] parametersOnHost(Vec v) {
        if (v instanceof flatbench.engine.HostVectorSpace.HostVec h) return h.data();
        throw new IllegalArgumentException("parameters must be a CUDA or host vector, not " + v.getClass().getSimpleName());
    }

    private static float[] toFloats(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
        return f;
    }

    private double meanLoss(int b) {
        double s = 0;
        for (float l : cuda.download(tape.losses(), b)) s += l;
        return s / b;
    }

    public double loss(Batch batch) {
        forward(batch, 1f / batch.size());
        return meanLoss(batch.size());
    }

    public double lossAndGradient(Batch batch, Vec gradOut) {
        forward(batch, 1f / batch.size());
        tape.backward(ParamSink.summed(ops, space.ptr(gradOut)));
        return meanLoss(batch.size());
    }

    /** Samples per slice so that slice × P floats stay within {@link #MAX_G_BYTES}. */
    private int sliceRows(int n) { return (int) Math.max(1, Math.min(n, MAX_G_BYTES / (4 * p))); }

    /**
     * Per-sample gradients of {@code batch} (no 1/B) as a device matrix n × P, row-major, rows
     * in the flat parameter layout. The caller closes the buffer. For benchmarks and for
     * streaming rows; n·P·4 bytes must fit on the device.
     */
    public DeviceBuffer perSampleGradientMatrix(Batch batch) {
        DeviceBuffer g = cuda.allocFloats((long) batch.size() * p);
        try {
            forward(batch, 1f);
            tape.backward(ParamSink.rows(ops, g.ptr(), p));
        } catch (RuntimeException e) {
            g.close();
            throw e;
        }
        return g;
    }

    public void perSampleGradients(Batch batch, RowSink sink) {
        int slice = sliceRows(batch.size());
        double[] row = new double[(int) Math.min(p, Integer.MAX_VALUE - 8)];
        for (int from = 0; from < batch.size(); from += slice) {
            int to = Math.min(batch.size(), from + slice);
            Batch part = (from == 0 && to == batch.size()) ? batch : batch.slice(from, to);
            try (DeviceBuffer g = perSampleGradientMatrix(part)) {
                for (int i = 0; i < to - from; i++) {
                    float[] f = cuda.download(g.at((long) i * p), p);
                    for (int t = 0; t < f.length; t++) row[t] = f[t];
                    sink.accept(from + i, row);
                }
            }
        }
    }

    /** The n × n Gram matrix left on the device (row-major fp32); the caller closes it. */
    public DeviceBuffer gramOnDevice(Batch batch) {
        int n = batch.size();
        DeviceBuffer kmat = cuda.allocFloats((long) n * n);
        try (DeviceBuffer scratch = cuda.allocFloats((long) n * largestBlock)) {
            cuda.fill(kmat.ptr(), 0f, (long) n * n);
            forward(batch, 1f);
            tape.backward((offset, form) -> {
                if (form instanceof ParamForm.Outer<CUdeviceptr> o) {
                    k.gram().ghostDense(o.dy(), o.out(), o.x(), o.in(), n, kmat.ptr());
                } else if (form instanceof ParamForm.ConvOuter<CUdeviceptr> c && NoiseGramKernels.ghostConvPays(c.shape())) {
                    k.gram().ghostConv(c.shape(), c.dy(), c.x(), kmat.ptr());
                } else {
                    int size = (int) form.size();
                    ops.perSample(form, scratch.ptr(), size);
                    k.gram().explicit(scratch.ptr(), n, size, size, kmat.ptr());
                }
            });
        } catch (RuntimeException e) {
            kmat.close();  // the caller never gets it: free it here (e.g. out of memory for the scratch rows)
            throw e;
        }
        return kmat;
    }

    public double[][] gram(Batch batch, boolean centred) {
        int n = batch.size();
        float[] f;
        try (DeviceBuffer kmat = gramOnDevice(batch)) {
            f = cuda.download(kmat);
        }
        double[][] kk = new double[n][n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) kk[i][j] = f[i * n + j];
        return centred ? PerSampleAlgebra.centre(kk) : kk;
    }

    /** g_iᵀ v_j as an n × k device matrix (row-major fp32); the caller closes it. */
    public DeviceBuffer projectOnDevice(Batch batch, List<Vec> directions) {
        int n = batch.size(), kd = directions.size();
        if (kd == 0) throw new IllegalArgumentException("projection needs at least one direction");
        DeviceBuffer out = cuda.allocFloats((long) n * kd);
        try (DeviceBuffer v = cuda.allocFloats(kd * p); DeviceBuffer scratch = cuda.allocFloats((long) n * largestBlock)) {
            cuda.fill(out.ptr(), 0f, (long) n * kd);
            for (int j = 0; j < kd; j++) cuda.copy(v.at(j * p), space.ptr(directions.get(j)), p);
            forward(batch, 1f);
            tape.backward((offset, form) -> {
                long size = form.size();
                ops.perSample(form, scratch.ptr(), size);
                k.gemm().addProductNT(n, kd, size, scratch.ptr(), size, v.at(offset), p, out.ptr(), kd);
            });
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
        return out;
    }

    public double[][] project(Batch batch, List<Vec> directions) {
        int n = batch.size(), kd = directions.size();
        float[] f;
        try (DeviceBuffer out = projectOnDevice(batch, directions)) {
            f = cuda.download(out);
        }
        double[][] r = new double[n][kd];
        for (int i = 0; i < n; i++) for (int j = 0; j < kd; j++) r[i][j] = f[i * kd + j];
        return r;
    }

    public void hessianVector(Batch batch, Vec v, Vec out) { curvature(batch, v, out, false); }

    public void gaussNewtonVector(Batch batch, Vec v, Vec out) { curvature(batch, v, out, true); }

    private void forward(Batch batch, float deltaScale) {
        curvatureState = null;
        if (tape == null || tape.capacity() != batch.size()) {
            if (tape != null) tape.close();
            tape = null;
            tape = new Tape<>(graph, ops, batch.size());
        }
        tape.load(batch, 0, batch.size());
        tape.forward(theta.ptr(), deltaScale);
    }

    private void curvature(Batch batch, Vec v, Vec out, boolean gaussNewton) {
        if (!sameBatch(curvatureState, batch)) {
            forward(batch, 1f / batch.size());
            tape.backward(ParamSink.none());
            curvatureState = new Batch(batch.shape(), batch.size(), batch.inputs().clone(), batch.labels().clone());
        }
        tape.curvature(space.ptr(v), space.ptr(out), gaussNewton, 1f / batch.size());
    }

    private static boolean sameBatch(Batch a, Batch b) {
        return a != null && a.size() == b.size() && a.shape().equals(b.shape())
                && java.util.Arrays.equals(a.labels(), b.labels()) && java.util.Arrays.equals(a.inputs(), b.inputs());
    }

    public double[][] probabilities(Batch batch) {
        forward(batch, 1f / batch.size());
        int n = batch.size(), c = spec.numClasses();
        float[] f = cuda.download(tape.probabilities(), (long) n * c);
        double[][] r = new double[n][c];
        for (int i = 0; i < n; i++) for (int j = 0; j < c; j++) r[i][j] = f[i * c + j];
        return r;
    }

    public Capabilities capabilities() {
        return new Capabilities("r-operator", true, true, false, "per layer: ghost for dense weights and for convolutions where the reference cost model prefers it, explicit G_l G_lᵀ otherwise");
    }

    @Override public void close() {
        if (tape != null) tape.close();
        theta.close();
        if (ownsContext) cuda.close();
    }
}
