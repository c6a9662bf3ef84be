package flatbench.dl4j;

import java.util.List;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

import flatbench.model.ParamBlock;

/**
 * The correspondence between the flat layout of {@link flatbench.model.ModelSpec} and DL4J's
 * flattened parameter (and gradient) array: element k of ours is element {@code index[k]} of
 * DL4J's, times {@code factor[k]} (the batch-norm multiplier s on γ, 1 elsewhere).
 * Computed from the views' offsets and strides, so it assumes nothing about DL4J's ordering
 * inside a layer (its convolutions store the bias first); DL4J's updaters rely on gradients
 * sharing the parameters' layout, and so does this map.
 */
final class ParameterMap {
    private final int[] index;
    private final double[] factor;
    private final int dl4jLength;

    ParameterMap(ComputationGraph graph, List<ParamLayer> layers, int parameterCount) {
        INDArray flat = graph.params();
        this.dl4jLength = Math.toIntExact(flat.length());
        this.index = new int[parameterCount];
        this.factor = new double[parameterCount];
        java.util.Arrays.fill(index, -1);
        for (ParamLayer pl : layers) {
            org.deeplearning4j.nn.api.Layer layer = graph.getLayer(pl.vertex());
            for (ParamBlock b : pl.blocks()) {
                boolean weight = b.kind() == ParamBlock.Kind.WEIGHT || b.kind() == ParamBlock.Kind.SCALE;
                INDArray view = layer.getParam(weight ? "W" : "b");
                if (view == null || view.length() != b.size()) {
                    throw new IllegalStateException("DL4J layer " + pl.vertex() + " has no parameter matching " + b);
                }
                int[] shape = b.shape();
                boolean transposed = pl.kind() == ParamLayer.Kind.DENSE && b.kind() == ParamBlock.Kind.WEIGHT;
                double f = b.kind() == ParamBlock.Kind.SCALE ? pl.scaleFactor() : 1.0;
                int n = Math.toIntExact(b.size());
                for (int k = 0; k < n; k++) {
                    // Dense weights: ours [out, in] row-major, DL4J's view [in, out].
                    long linear = transposed ? (long) (k % shape[1]) * shape[0] + k / shape[1] : k;
                    int at = Math.toIntExact(elementOffset(view, linear) - flat.offset());
                    index[Math.toIntExact(b.offset()) + k] = at;
                    factor[Math.toIntExact(b.offset()) + k] = f;
                }
            }
        }
        // Batch norm runs as a depthwise convolution, which has no running statistics: DL4J holds
        // exactly our parameters, so the map must be a permutation.
        if (dl4jLength != parameterCount) {
            throw new IllegalStateException("DL4J's network has " + dl4jLength + " parameters, the spec " + parameterCount);
        }
        boolean[] seen = new boolean[dl4jLength];
        for (int k = 0; k < parameterCount; k++) {
            if (index[k] < 0 || seen[index[k]]) throw new IllegalStateException("flat parameter " + k + " has no DL4J counterpart of its own");
            seen[index[k]] = true;
        }
    }

    /** Offset in the data buffer of the element at a row-major (c-order) position of the view. */
    private static long elementOffset(INDArray view, long linear) {
        long[] shape = view.shape();
        long[] stride = view.stride();
        long off = view.offset();
        for (int d = shape.length - 1; d >= 0; d--) {
            off += (linear % shape[d]) * stride[d];
            linear /= shape[d];
        }
        return off;
    }

    /** Our parameters from DL4J's flattened values. */
    double[] parametersFrom(double[] dl4j) {
        double[] out = new double[index.length];
        for (int k = 0; k < out.length; k++) out[k] = dl4j[index[k]] / factor[k];
        return out;
    }

    /** Our parameters in DL4J's layout. */
    double[] toDl4j(double[] ours) {
        double[] dl4j = new double[dl4jLength];
        for (int k = 0; k < ours.length; k++) dl4j[index[k]] = ours[k] * factor[k];
        return dl4j;
    }

    /** Our gradient from a DL4J-layout gradient: the chain rule through θ_dl4j = factor·θ. */
    void gradientInto(double[] dl4jGrad, double[] ours) {
        for (int k = 0; k < ours.length; k++) ours[k] = dl4jGrad[index[k]] * factor[k];
    }
}
