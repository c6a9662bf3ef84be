package flatbench.dl4j;

import java.util.List;

import flatbench.model.Layer;
import flatbench.model.ParamBlock;

/**
 * A spec layer with parameters, tied to the graph vertex that computes it and to its slice of
 * the flat parameter vector (a layer's tensors are contiguous there, weight before bias).
 *
 * @param vertex  name of the DL4J layer vertex
 * @param kind    how the layer's per-sample gradients are formed
 * @param layer   the spec layer
 * @param blocks  the layer's tensors in flat order
 * @param output  true for the final dense layer, which DL4J runs as its output layer (softmax under cross-entropy, identity otherwise)
 */
record ParamLayer(String vertex, Kind kind, Layer layer, List<ParamBlock> blocks, boolean output) {

    enum Kind {
        /** z = W a + b on a flattened input. */
        DENSE,
        /** Cross-correlation, optionally with a bias. */
        CONV,
        /**
         * Inference-form batch norm, y = γ·s·x + β per channel with s = 1/√(1+eps); DL4J runs it as a
         * 1×1 depthwise convolution whose weight is γ·s.
         */
        CHANNEL_AFFINE
    }

    ParamLayer {
        blocks = List.copyOf(blocks);
    }

    /** First element of this layer in the flat vector. */
    long offset() { return blocks.get(0).offset(); }

    /** Number of parameters of this layer. */
    int size() {
        long n = 0;
        for (ParamBlock b : blocks) n += b.size();
        return Math.toIntExact(n);
    }

    boolean hasBias() { return blocks.size() > 1; }

    /** The batch-norm multiplier s that the depthwise weight carries on top of γ; 1 for other layers. */
    double scaleFactor() {
        return layer instanceof Layer.BatchNorm bn ? bn.inverseStd() : 1.0;
    }
}
