package flatbench.dl4j;

import java.util.List;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import flatbench.engine.Batch;
import flatbench.engine.Capabilities;
import flatbench.engine.Engine;
import flatbench.engine.HostVectorSpace;
import flatbench.engine.PerSampleAlgebra;
import flatbench.engine.Precision;
import flatbench.engine.RowSink;
import flatbench.engine.Vec;
import flatbench.model.ModelSpec;

/**
 * The engine on Deeplearning4j (CPU, ND4J native). The spec runs as a DL4J ComputationGraph in
 * float32 or float64; batch norm runs as the fixed per-channel affine map it is in inference
 * form (a 1×1 depthwise convolution). Per-sample work walks the graph layer by layer, keeping
 * each layer's inputs and deltas. Hessian and Gauss–Newton products use central differences in
 * float64: a float32 engine keeps a float64 twin of its network for them, loaded with the
 * float32 parameters on each call.
 */
public final class Dl4jEngine implements Engine {
    /** Central-difference step along a unit direction; the step along v is this over ‖v‖. */
    static final double FD_STEP = 1e-5;
    /** At most this many per-sample gradient elements are formed at once (per layer for gram/project, all layers for streaming). */
    static final long ELEMENT_BUDGET = 1L << 23;
    /** Per-sample gradients are streamed in groups of at most this many samples. */
    static final int MAX_CHUNK = 64;

    /**
     * Native memory a pass may leave behind before the engine asks for a garbage collection. ND4J
     * frees an array's native buffer only when the collector reclaims its small Java wrapper; the
     * heap then hardly grows, the collector does not run, and native memory grows by every pass's
     * activations (about 400 MB per Hessian-vector product over 8,000 MNIST digits, which filled a
     * 23 GB machine within 60 products). Passes over a few hundred samples stay far below this.
     */
    static final long NATIVE_BYTES_PER_COLLECTION = 1L << 30;

    private final Dl4jNetwork net;
    private final Precision precision;
    private final HostVectorSpace vectors;
    private final long activationValuesPerSample;
    private long nativeBytesSinceCollection;
    private Dl4jNetwork twin;

    public Dl4jEngine(ModelSpec spec, Precision precision, long seed) {
        this.precision = precision;
        this.net = new Dl4jNetwork(spec, precision == Precision.FLOAT64 ? DataType.DOUBLE : DataType.FLOAT);
        this.vectors = new HostVectorSpace(spec.parameterCount());
        long values = 0;
        for (var shape : spec.activationShapes()) values += shape.size();
        this.activationValuesPerSample = values;
        net.setParameters(spec.initialParameters(seed));
    }

    /**
     * Counts the native memory a pass over the batch leaves for the collector (activations and
     * their gradients, in float64, for the given number of passes) and asks for a collection when
     * enough has piled up.
     */
    private void released(Batch batch, int passes) {
        nativeBytesSinceCollection += 2L * 8 * passes * activationValuesPerSample * batch.size();
        if (nativeBytesSinceCollection > NATIVE_BYTES_PER_COLLECTION) {
            nativeBytesSinceCollection = 0;
            System.gc();
        }
    }

    @Override public String name() { return "dl4j"; }

    @Override public ModelSpec spec() { return net.spec(); }

    @Override public Precision precision() { return precision; }

    @Override public HostVectorSpace vectors() { return vectors; }

    @Override public Vec parameters() { return new HostVectorSpace.HostVec(net.parameters()); }

    @Override public void setParameters(Vec parameters) { net.setParameters(vectors.data(parameters)); }

    @Override public double loss(Batch batch) {
        return net.meanLoss(net.forward(batch), batch.labels());
    }

    @Override public double lossAndGradient(Batch batch, Vec gradOut) {
        double loss = meanGradient(net, batch, vectors.data(gradOut));
        released(batch, 1);
        return loss;
    }

    /** Writes the gradient of the mean loss into out and returns the mean loss. */
    private static double meanGradient(Dl4jNetwork n, Batch batch, double[] out) {
        GraphPass pass = n.forward(batch);
        double[] g = n.backpropagate(pass, n.outputDelta(pass, batch));
        // DL4J's layer gradients are sums over the batch; the loss is a mean.
        double inv = 1.0 / batch.size();
        for (int i = 0; i < g.length; i++) out[i] = g[i] * inv;
        return n.meanLoss(pass, batch.labels());
    }

    @Override public void perSampleGradients(Batch batch, RowSink sink) {
        int p = net.parameterCount();
        int chunk = Math.min(MAX_CHUNK, LayerGradients.chunkRows(p, ELEMENT_BUDGET, batch.size()));
        double[] row = new double[p];
        for (int start = 0; start < batch.size(); start += chunk) {
            int end = Math.min(batch.size(), start + chunk);
            Batch part = (start == 0 && end == batch.size()) ? batch : batch.slice(start, end);
            GraphPass pass = net.forward(part);
            List<GraphPass.Trace> traces = pass.backward(net.outputDelta(pass, part));
            int n = end - start;
            double[][] perLayer = new double[traces.size()][];
            for (int l = 0; l < traces.size(); l++) {
                perLayer[l] = LayerGradients.perSample(traces.get(l), 0, n).dup('c').reshape(-1).toDoubleVector();
            }
            for (int i = 0; i < n; i++) {
                for (int l = 0; l < traces.size(); l++) {
                    ParamLayer pl = traces.get(l).layer();
                    int size = pl.size();
                    System.arraycopy(perLayer[l], i * size, row, Math.toIntExact(pl.offset()), size);
                }
                sink.accept(start + i, row);
            }
        }
    }

    @Override public double[][] gram(Batch batch, boolean centred) {
        List<GraphPass.Trace> traces = traces(batch);
        double[][] k = new double[batch.size()][batch.size()];
        for (GraphPass.Trace t : traces) LayerGradients.addGram(t, k, ELEMENT_BUDGET);
        return centred ? PerSampleAlgebra.centre(k) : k;
    }

    @Override public double[][] project(Batch batch, List<Vec> directions) {
        List<GraphPass.Trace> traces = traces(batch);
        double[][] out = new double[batch.size()][directions.size()];
        if (directions.isEmpty()) return out;
        double[][] v = new double[directions.size()][];
        for (int j = 0; j < v.length; j++) v[j] = vectors.data(directions.get(j));
        INDArray all = Nd4j.createFromArray(v).castTo(net.dataType());
        for (GraphPass.Trace t : traces) {
            ParamLayer pl = t.layer();
            INDArray slice = all.get(NDArrayIndex.all(), NDArrayIndex.interval(pl.offset(), pl.offset() + pl.size())).dup('c');
            LayerGradients.addProjection(t, slice, out, ELEMENT_BUDGET);
        }
        return out;
    }

    /** Inputs and per-sample deltas (of ℓ_i, no 1/B) of every parameter layer for the whole batch. */
    private List<GraphPass.Trace> traces(Batch batch) {
        GraphPass pass = net.forward(batch);
        return pass.backward(net.outputDelta(pass, batch));
    }

    @Override public void hessianVector(Batch batch, Vec v, Vec out) {
        double[] result = vectors.data(out);
        double[][] g = new double[2][result.length];
        double h = centralDifference(float64(), v, (n, side) -> meanGradient(n, batch, g[side]));
        if (h == 0) {
            java.util.Arrays.fill(result, 0);
            return;
        }
        for (int i = 0; i < result.length; i++) result[i] = (g[0][i] - g[1][i]) / (2 * h);
        released(batch, 2);
    }

    @Override public void gaussNewtonVector(Batch batch, Vec v, Vec out) {
        double[] result = vectors.data(out);
        Dl4jNetwork n = float64();
        INDArray[] z = new INDArray[2];
        double h = centralDifference(n, v, (net, side) -> z[side] = net.forward(batch).logits().dup());
        if (h == 0) {
            java.util.Arrays.fill(result, 0);
            return;
        }
        INDArray jv = z[0].subi(z[1]).divi(2 * h);
        // The loss's Hessian in the logits, per sample, over B for the mean.
        GraphPass pass = n.forward(batch);
        INDArray hu = n.outputHessianTimes(pass, jv, batch.labels()).divi(batch.size());
        double[] g = n.backpropagate(pass, hu);
        System.arraycopy(g, 0, result, 0, g.length);
        released(batch, 3);
    }

    /** Work done at shifted parameters: side 0 at θ + hv, side 1 at θ − hv. */
    private interface AtShift { void apply(Dl4jNetwork net, int side); }

    /**
     * Central differences: calls f at θ + hv and then at θ − hv on the given (float64) network,
     * with h = FD_STEP/‖v‖ (a step relative to a unit direction), and restores θ exactly
     * afterwards. Returns h, or 0 without calling f when v = 0.
     */
    private double centralDifference(Dl4jNetwork n, Vec v, AtShift f) {
        double norm = vectors.norm(v);
        if (norm == 0) return 0;
        double[] dir = vectors.data(v);
        INDArray saved = n.snapshot();
        double[] theta = n.parameters();
        double h = FD_STEP / norm;
        try {
            n.setParameters(shifted(theta, dir, h));
            f.apply(n, 0);
            n.setParameters(shifted(theta, dir, -h));
            f.apply(n, 1);
        } finally {
            n.restore(saved);
        }
        return h;
    }

    /** The float64 network holding this engine's current parameters. */
    private Dl4jNetwork float64() {
        if (precision == Precision.FLOAT64) return net;
        if (twin == null) twin = new Dl4jNetwork(net.spec(), DataType.DOUBLE);
        twin.setParameters(net.parameters());
        return twin;
    }

    private static double[] shifted(double[] theta, double[] v, double h) {
        double[] t = new double[theta.length];
        for (int i = 0; i < t.length; i++) t[i] = theta[i] + h * v[i];
        return t;
    }

    @Override public double[][] probabilities(Batch batch) {
        return net.forward(batch).probabilities().castTo(DataType.DOUBLE).toDoubleMatrix();
    }

    @Override public Capabilities capabilities() {
        return new Capabilities("central-differences-float64", false, true, true,
                "per-layer: ghost for dense layers, explicit per-sample blocks for convolution and batch norm");
    }

    @Override public void close() {
        // ND4J frees its native buffers when they are garbage-collected; nothing is held open.
    }
}
