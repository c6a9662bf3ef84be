package flatbench.dl4j;

import java.util.List;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import flatbench.engine.Batch;
import flatbench.model.Loss;
import flatbench.model.ModelSpec;
import flatbench.model.ParamBlock;

/**
 * A model spec translated into a DL4J computation graph of one data type, with the map between
 * its parameters and the flat layout. The network's data type is set in its configuration;
 * ND4J's global default data types are left alone.
 */
final class Dl4jNetwork {
    private final ModelSpec spec;
    private final DataType dataType;
    private final ComputationGraph graph;
    private final List<ParamLayer> paramLayers;
    private final ParameterMap map;
    private final int parameterCount;

    Dl4jNetwork(ModelSpec spec, DataType dataType) {
        this.spec = spec;
        this.dataType = dataType;
        long p = spec.parameterCount();
        if (p > Integer.MAX_VALUE - 8) throw new IllegalArgumentException(spec.name() + " has too many parameters for host vectors: " + p);
        this.parameterCount = (int) p;
        Translation.Result t = Translation.translate(spec, dataType);
        this.graph = new ComputationGraph(t.configuration());
        graph.init();
        // Layers write their gradients into views of one flat array; without it they have nowhere to write.
        graph.initGradientsView();
        this.paramLayers = t.paramLayers();
        this.map = new ParameterMap(graph, paramLayers, parameterCount);
    }

    ModelSpec spec() { return spec; }

    DataType dataType() { return dataType; }

    ComputationGraph graph() { return graph; }

    List<ParamLayer> paramLayers() { return paramLayers; }

    int parameterCount() { return parameterCount; }

    double[] parameters() {
        return map.parametersFrom(graph.params().toDoubleVector());
    }

    void setParameters(double[] theta) {
        if (theta.length != parameterCount) {
            throw new IllegalArgumentException("expected " + parameterCount + " parameters for " + spec.name() + ", got " + theta.length);
        }
        graph.params().assign(Nd4j.createFromArray(map.toDl4j(theta)).castTo(dataType));
    }

    /** A copy of DL4J's own parameter array, to restore exactly after a perturbation. */
    INDArray snapshot() { return graph.params().dup(); }

    void restore(INDArray snapshot) { graph.params().assign(snapshot); }

    INDArray inputs(Batch batch) {
        if (!batch.shape().equals(spec.input())) {
            throw new IllegalArgumentException("batch of " + batch.shape() + " samples given to " + spec.name() + ", which takes " + spec.input());
        }
        var s = batch.shape();
        return Nd4j.createFromArray(batch.inputs()).reshape('c', batch.size(), s.channels(), s.height(), s.width()).castTo(dataType);
    }

    /** The target of every output: onehot(y), or y itself (±1) on a scalar output. */
    INDArray targets(int[] labels) {
        int k = spec.numClasses();
        INDArray y = Nd4j.zeros(dataType, labels.length, k);
        for (int i = 0; i < labels.length; i++) {
            if (!Loss.validLabel(labels[i], k)) {
                throw new IllegalArgumentException("label " + labels[i] + " is not one of " + Loss.labelRange(k) + " for " + spec.name());
            }
            if (k == 1) y.putScalar(i, 0, labels[i]);
            else y.putScalar(i, labels[i], 1.0);
        }
        return y;
    }

    GraphPass forward(Batch batch) {
        return new GraphPass(graph, paramLayers, inputs(batch));
    }

    /**
     * ∂ℓ_i/∂z at the logits for every sample (no 1/B): p − onehot(y) for cross-entropy, z − t for
     * the squared loss, −y max(0, 1 − y z) for the quadratic hinge.
     */
    INDArray outputDelta(GraphPass pass, Batch batch) {
        INDArray t = targets(batch.labels());
        return switch (spec.loss()) {
            case CROSS_ENTROPY -> pass.probabilities().sub(t);
            case SQUARED -> pass.logits().sub(t);
            case QUADRATIC_HINGE -> t.mul(hingeGap(pass, t)).negi();
        };
    }

    /** max(0, 1 − y z) per sample. */
    private static INDArray hingeGap(GraphPass pass, INDArray y) {
        return Transforms.relu(y.mul(pass.logits()).rsubi(1), false);
    }

    /**
     * H_out u per sample, H_out = ∂²ℓ/∂z²: (diag p − ppᵀ) u for cross-entropy, u for the squared
     * loss, [1 − y z > 0] u for the quadratic hinge (its kink counts as satisfied).
     */
    INDArray outputHessianTimes(GraphPass pass, INDArray u, int[] labels) {
        return switch (spec.loss()) {
            case CROSS_ENTROPY -> {
                INDArray p = pass.probabilities(), pu = p.mul(u);
                yield pu.sub(p.mulColumnVector(pu.sum(1).reshape(-1, 1)));
            }
            case SQUARED -> u.dup();
            case QUADRATIC_HINGE -> u.mul(Transforms.sign(hingeGap(pass, targets(labels)), false));
        };
    }

    /** The mean loss, from the logits in double precision. */
    double meanLoss(GraphPass pass, int[] labels) {
        double[][] z = pass.logits().castTo(DataType.DOUBLE).toDoubleMatrix();
        double sum = 0;
        for (int i = 0; i < z.length; i++) {
            int y = labels[i];
            switch (spec.loss()) {
                case CROSS_ENTROPY -> {
                    double max = Double.NEGATIVE_INFINITY;
                    for (double v : z[i]) max = Math.max(max, v);
                    double s = 0;
                    for (double v : z[i]) s += Math.exp(v - max);
                    sum += max + Math.log(s) - z[i][y];
                }
                case SQUARED -> {
                    for (int c = 0; c < z[i].length; c++) {
                        double r = z[i][c] - (z[i].length == 1 ? y : (c == y ? 1 : 0));
                        sum += 0.5 * r * r;
                    }
                }
                case QUADRATIC_HINGE -> {
                    double gap = Math.max(0, 1 - y * z[i][0]);
                    sum += 0.5 * gap * gap;
                }
            }
        }
        return sum / z.length;
    }

    /** A gradient in DL4J's flattened layout, in the flat layout of the spec. */
    double[] fromDl4jGradient(INDArray dl4jGradient) {
        double[] out = new double[parameterCount];
        map.gradientInto(dl4jGradient.toDoubleVector(), out);
        return out;
    }

    /**
     * Σ_i J_iᵀ e_i: back-propagates an epsilon at the logits and returns the batch-summed
     * parameter gradient in the flat layout.
     */
    double[] backpropagate(GraphPass pass, INDArray topDelta) {
        List<GraphPass.Trace> traces = pass.backward(topDelta);
        double[] out = fromDl4jGradient(graph.getGradientsViewArray());
        // The output layer's gradient was not computed by DL4J: W (ours [out, in]) = δᵀa, b = Σδ.
        GraphPass.Trace top = traces.get(traces.size() - 1);
        ParamLayer pl = top.layer();
        double[] w = top.delta().transpose().mmul(top.input()).dup('c').reshape(-1).toDoubleVector();
        double[] b = top.delta().sum(0).toDoubleVector();
        ParamBlock wb = pl.blocks().get(0), bb = pl.blocks().get(1);
        System.arraycopy(w, 0, out, Math.toIntExact(wb.offset()), w.length);
        System.arraycopy(b, 0, out, Math.toIntExact(bb.offset()), b.length);
        return out;
    }
}
