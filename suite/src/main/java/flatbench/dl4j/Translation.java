package flatbench.dl4j;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import flatbench.model.Layer;
import flatbench.model.Loss;
import flatbench.model.ModelSpec;
import flatbench.model.ParamBlock;
import flatbench.model.Shape;

/**
 * Turns a {@link ModelSpec} into a DL4J computation graph. Every spec is built as a
 * ComputationGraph (a chain for sequential specs, add vertices for residual blocks) so one graph
 * walk serves every model. Layers with parameters have identity activations, so the epsilon
 * arriving at a layer's output is its delta δ = ∂ℓ/∂z, which per-sample gradients need.
 */
final class Translation {
    static final String INPUT = "input";

    /** The graph configuration and the parameter layers in flat order. */
    record Result(ComputationGraphConfiguration configuration, List<ParamLayer> paramLayers, String outputVertex) {}

    private final ComputationGraphConfiguration.GraphBuilder graph;
    private final List<ParamLayer> paramLayers = new ArrayList<>();
    private final Iterator<ParamBlock> blocks;
    private final Layer lastLayer;
    private final Loss loss;
    private int counter;
    private String outputVertex;

    private Translation(ModelSpec spec, DataType dataType) {
        this.blocks = spec.parameterBlocks().iterator();
        this.lastLayer = spec.layers().get(spec.layers().size() - 1);
        this.loss = spec.loss();
        if (!(lastLayer instanceof Layer.Dense)) {
            throw new IllegalArgumentException(spec.name() + ": the DL4J engine needs a Dense last layer to act as its output layer");
        }
        // Workspaces off: the graph walk keeps layer inputs and epsilons after each call, which
        // workspace-scoped arrays would not survive. The updater is unused (no fit()), so NoOp.
        this.graph = new NeuralNetConfiguration.Builder()
                .dataType(dataType)
                .weightInit(WeightInit.ZERO)
                .updater(new NoOp())
                .trainingWorkspaceMode(WorkspaceMode.NONE)
                .inferenceWorkspaceMode(WorkspaceMode.NONE)
                .convolutionMode(ConvolutionMode.Truncate)
                .graphBuilder()
                .addInputs(INPUT)
                .setInputTypes(InputType.convolutional(spec.input().height(), spec.input().width(), spec.input().channels()));
    }

    static Result translate(ModelSpec spec, DataType dataType) {
        Translation t = new Translation(spec, dataType);
        t.chain(spec.layers(), INPUT, spec.input());
        t.graph.setOutputs(t.outputVertex);
        return new Result(t.graph.build(), List.copyOf(t.paramLayers), t.outputVertex);
    }

    /** Adds layers one after another from {@code from}; returns the name of the last vertex. */
    private String chain(List<Layer> layers, String from, Shape in) {
        String prev = from;
        Shape s = in;
        for (Layer l : layers) {
            prev = add(l, prev, s);
            s = l.outputShape(s);
        }
        return prev;
    }

    private String add(Layer layer, String from, Shape in) {
        String name = "v" + counter++;
        if (layer instanceof Layer.Dense d && d == lastLayer && outputVertex == null) {
            // The engine computes the loss itself from the logits (Dl4jNetwork), so that any epsilon can be
            // back-propagated; DL4J's own loss is what LayerGradientsTest checks it against. Its L2 and
            // squared hinge have no ½: they are 2ℓ. The activation decides what GraphPass.probabilities holds.
            LossFunctions.LossFunction own = switch (loss) {
                case CROSS_ENTROPY -> LossFunctions.LossFunction.MCXENT;
                case SQUARED -> LossFunctions.LossFunction.L2;
                case QUADRATIC_HINGE -> LossFunctions.LossFunction.SQUARED_HINGE;
            };
            graph.addLayer(name, new OutputLayer.Builder(own).nIn(d.in()).nOut(d.out())
                    .activation(loss == Loss.CROSS_ENTROPY ? Activation.SOFTMAX : Activation.IDENTITY).build(), from);
            outputVertex = name;
            register(name, ParamLayer.Kind.DENSE, layer, in, true);
        } else if (layer instanceof Layer.Dense d) {
            graph.addLayer(name, new DenseLayer.Builder().nIn(d.in()).nOut(d.out()).activation(Activation.IDENTITY).build(), from);
            register(name, ParamLayer.Kind.DENSE, layer, in, false);
        } else if (layer instanceof Layer.Conv2d c) {
            graph.addLayer(name, new ConvolutionLayer.Builder(c.kernel(), c.kernel())
                    .stride(c.stride(), c.stride()).padding(c.padding(), c.padding())
                    .nIn(c.inChannels()).nOut(c.outChannels()).hasBias(c.bias())
                    .activation(Activation.IDENTITY).build(), from);
            register(name, ParamLayer.Kind.CONV, layer, in, false);
        } else if (layer instanceof Layer.BatchNorm b) {
            graph.addLayer(name, new DepthwiseConvolution2D.Builder(1, 1).depthMultiplier(1)
                    .nIn(b.channels()).nOut(b.channels()).hasBias(true)
                    .activation(Activation.IDENTITY).build(), from);
            register(name, ParamLayer.Kind.CHANNEL_AFFINE, layer, in, false);
        } else if (layer instanceof Layer.Relu) {
            graph.addLayer(name, new ActivationLayer.Builder().activation(Activation.RELU).build(), from);
        } else if (layer instanceof Layer.MaxPool p) {
            graph.addLayer(name, new SubsamplingLayer.Builder(PoolingType.MAX)
                    .kernelSize(p.kernel(), p.kernel()).stride(p.stride(), p.stride()).build(), from);
        } else if (layer instanceof Layer.AvgPool p) {
            graph.addLayer(name, new SubsamplingLayer.Builder(PoolingType.AVG)
                    .kernelSize(p.kernel(), p.kernel()).stride(p.stride(), p.stride()).build(), from);
        } else if (layer instanceof Layer.GlobalAvgPool) {
            graph.addLayer(name, new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), from);
        } else if (layer instanceof Layer.Residual r) {
            String main = chain(r.main(), from, in);
            String shortcut = chain(r.shortcut(), from, in);
            graph.addVertex(name, new ElementWiseVertex(ElementWiseVertex.Op.Add), main, shortcut);
        } else {
            throw new IllegalArgumentException("the DL4J engine cannot translate layer " + layer);
        }
        return name;
    }

    private void register(String vertex, ParamLayer.Kind kind, Layer layer, Shape in, boolean output) {
        int count = layer.parameterShapes(in).size();
        List<ParamBlock> mine = new ArrayList<>(count);
        for (int i = 0; i < count; i++) mine.add(blocks.next());
        paramLayers.add(new ParamLayer(vertex, kind, layer, mine, output));
    }
}
