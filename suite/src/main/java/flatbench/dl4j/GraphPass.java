package flatbench.dl4j;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.VertexIndices;
import org.deeplearning4j.nn.graph.vertex.impl.LayerVertex;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One forward pass and any number of backward passes through a computation graph, walked vertex
 * by vertex so that each parameter layer's input activations and output deltas can be kept.
 * The final dense layer is handled here rather than by DL4J's output layer, so that any
 * epsilon at the logits can be back-propagated (the Gauss–Newton product needs that), not only
 * the one of the loss DL4J's output layer computes from labels (and the squared and hinge losses,
 * which it has not in our form, come from the logits alike).
 *
 * <p>DL4J's layers overwrite the epsilons they are given, and an add vertex hands the same
 * array to both of its inputs, so every epsilon is duplicated before a layer sees it.
 */
final class GraphPass {
    /** A parameter layer's input a (after DL4J's flattening pre-processor) and delta δ = ∂/∂z. */
    record Trace(ParamLayer layer, INDArray input, INDArray delta) {}

    private static final LayerWorkspaceMgr NO_WORKSPACES = LayerWorkspaceMgr.noWorkspaces();

    private final ComputationGraph graph;
    private final List<ParamLayer> paramLayers;
    private final ParamLayer output;
    private final GraphVertex outputVertex;
    private final INDArray logits;
    private final INDArray probabilities;

    /** Runs the forward pass on x (NCHW, the network's data type). */
    GraphPass(ComputationGraph graph, List<ParamLayer> paramLayers, INDArray x) {
        this.graph = graph;
        this.paramLayers = paramLayers;
        this.output = paramLayers.get(paramLayers.size() - 1);
        if (!output.output()) throw new IllegalStateException("the last parameter layer must be the output layer");
        graph.setInputs(x);
        GraphVertex[] vertices = graph.getVertices();
        GraphVertex top = null;
        INDArray probs = null;
        for (int idx : graph.topologicalSortOrder()) {
            GraphVertex v = vertices[idx];
            // Training mode changes nothing for these layers (no dropout, batch norm is a fixed
            // affine map) but stops the activation layer from working in place on its input.
            INDArray out = v.isInputVertex() ? x : v.doForward(true, NO_WORKSPACES);
            if (v.getVertexName().equals(output.vertex())) {
                top = v;
                probs = out;
            }
            VertexIndices[] to = v.getOutputVertices();
            if (to != null) {
                for (VertexIndices t : to) vertices[t.getVertexIndex()].setInput(t.getVertexEdgeNumber(), out, NO_WORKSPACES);
            }
        }
        this.outputVertex = top;
        this.probabilities = probs;
        Layer layer = top.getLayer();
        this.logits = layer.input().mmul(layer.getParam("W")).addiRowVector(layer.getParam("b"));
    }

    INDArray logits() { return logits; }

    INDArray probabilities() { return probabilities; }

    /**
     * Back-propagates an epsilon at the logits (n × classes, e.g. p − y per sample). Leaves the
     * batch-summed gradients of every layer except the output layer in DL4J's gradient view
     * (the caller computes the output layer's own) and returns one trace per parameter layer, in
     * flat order.
     */
    List<Trace> backward(INDArray topDelta) {
        GraphVertex[] vertices = graph.getVertices();
        INDArray[] eps = new INDArray[vertices.length];
        Map<String, Trace> traces = new HashMap<>();
        Map<String, ParamLayer> byVertex = new HashMap<>();
        for (ParamLayer pl : paramLayers) byVertex.put(pl.vertex(), pl);

        Layer top = outputVertex.getLayer();
        traces.put(output.vertex(), new Trace(output, top.input(), topDelta));
        INDArray below = topDelta.mmul(top.getParam("W").transpose());
        if (outputVertex instanceof LayerVertex lv && lv.getLayerPreProcessor() != null) {
            below = lv.getLayerPreProcessor().backprop(below, (int) topDelta.size(0), NO_WORKSPACES);
        }
        eps[outputVertex.getInputVertices()[0].getVertexIndex()] = below;

        int[] order = graph.topologicalSortOrder();
        for (int i = order.length - 1; i >= 0; i--) {
            GraphVertex v = vertices[order[i]];
            if (v.isInputVertex() || v == outputVertex) continue;
            INDArray e = eps[v.getVertexIndex()];
            if (e == null) throw new IllegalStateException("no epsilon reached vertex " + v.getVertexName());
            ParamLayer pl = byVertex.get(v.getVertexName());
            if (pl != null) traces.put(pl.vertex(), new Trace(pl, v.getLayer().input(), e.dup()));
            v.setEpsilon(e.dup());
            Pair<Gradient, INDArray[]> r = v.doBackward(false, NO_WORKSPACES);
            VertexIndices[] from = v.getInputVertices();
            for (int j = 0; j < from.length; j++) {
                int k = from[j].getVertexIndex();
                if (vertices[k].isInputVertex()) continue;
                INDArray ej = r.getSecond()[j];
                eps[k] = eps[k] == null ? ej : eps[k].add(ej);
            }
        }
        return paramLayers.stream().map(pl -> traces.get(pl.vertex())).toList();
    }
}
