package flatbench.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

import flatbench.engine.Batch;
import flatbench.model.Loss;
import flatbench.model.ModelSpec;
import flatbench.model.Models;

/** The network's pieces against each other and against DL4J's own training path. */
class LayerGradientsTest {

    /**
     * DL4J's own backprop (its output layer computing p − y from labels) gives the batch SUM of
     * gradients in M2.1, and its score the mean loss; the graph walk must agree with both.
     */
    @Test
    void graphWalkAgreesWithDl4jsOwnGradient() {
        for (ModelSpec spec : List.of(Models.mlp(), Models.smallCnn())) {
            Dl4jNetwork net = new Dl4jNetwork(spec, DataType.DOUBLE);
            net.setParameters(Dl4jEngineTest.randomParameters(spec, 3));
            Batch b = Dl4jEngineTest.randomBatch(spec, 4, 4);
            GraphPass pass = net.forward(b);
            double loss = net.meanLoss(pass, b.labels());
            double[] walked = net.backpropagate(pass, net.outputDelta(pass, b));

            var graph = net.graph();
            graph.setInputs(net.inputs(b));
            graph.setLabels(net.targets(b.labels()));
            graph.computeGradientAndScore();
            double[] dl4j = net.fromDl4jGradient(graph.gradient().gradient());
            assertTrue(Dl4jEngineTest.relativeError(walked, dl4j) < 1e-12, spec.name() + " gradient sum");
            assertEquals(loss, graph.score(), 1e-12 * loss, spec.name() + " mean loss");
        }
    }


    /**
     * The squared loss and the quadratic hinge, computed by the engine from the logits, against
     * DL4J's own L2 and squared-hinge output layers, which have no ½: gradient and score are 2×
     * ours. The last bias is moved to 1.5 so the hinge batch has samples on both sides of the kink.
     */
    @Test
    void squaredAndHingeLossesAreHalfOfDl4jsOwn() {
        for (ModelSpec spec : List.of(Models.mlp().withLoss(Loss.SQUARED), Models.mlp().withLoss(Loss.QUADRATIC_HINGE),
                Models.smallCnn().withLoss(Loss.QUADRATIC_HINGE))) {
            Dl4jNetwork net = new Dl4jNetwork(spec, DataType.DOUBLE);
            double[] theta = Dl4jEngineTest.randomParameters(spec, 3);
            theta[theta.length - 1] = 1.5;
            net.setParameters(theta);
            Batch b = Dl4jEngineTest.randomBatch(spec, 8, 4);
            GraphPass pass = net.forward(b);
            String what = spec.name() + " " + spec.loss().label();
            if (spec.loss() == Loss.QUADRATIC_HINGE) {
                double[] f = pass.logits().toDoubleVector();
                long active = java.util.stream.IntStream.range(0, b.size()).filter(i -> 1 - b.labels()[i] * f[i] > 0).count();
                assertTrue(active > 0 && active < b.size(), what + ": " + active + " of " + b.size() + " samples in the hinge");
            }
            double loss = net.meanLoss(pass, b.labels());
            double[] walked = net.backpropagate(pass, net.outputDelta(pass, b));
            for (int i = 0; i < walked.length; i++) walked[i] *= 2;

            var graph = net.graph();
            graph.setInputs(net.inputs(b));
            graph.setLabels(net.targets(b.labels()));
            graph.computeGradientAndScore();
            double[] dl4j = net.fromDl4jGradient(graph.gradient().gradient());
            assertTrue(Dl4jEngineTest.relativeError(walked, dl4j) < 1e-12, what + " gradient sum: " + Dl4jEngineTest.relativeError(walked, dl4j));
            assertEquals(2 * loss, graph.score(), 1e-12 * loss, what + " mean loss");
        }
    }

    @Test
    void convolutionGhostGramEqualsExplicitGram() {
        for (ModelSpec spec : List.of(Dl4jEngineTest.tinyResidual(), Models.smallCnn())) {
            Dl4jNetwork net = new Dl4jNetwork(spec, DataType.DOUBLE);
            net.setParameters(Dl4jEngineTest.randomParameters(spec, 1));
            Batch b = Dl4jEngineTest.randomBatch(spec, 5, 2);
            GraphPass pass = net.forward(b);
            int convs = 0;
            for (GraphPass.Trace t : pass.backward(net.outputDelta(pass, b))) {
                if (t.layer().kind() != ParamLayer.Kind.CONV) continue;
                convs++;
                double[][] explicit = new double[5][5], ghost = new double[5][5], blocked = new double[5][5], ghostBlocked = new double[5][5];
                LayerGradients.addExplicitGram(t, explicit, 1L << 24);
                LayerGradients.addConvGhostGram(t, ghost, 1L << 24);
                // Budgets this small force blocks of one or two rows, so off-diagonal blocks are exercised.
                LayerGradients.addExplicitGram(t, blocked, 2L * t.layer().size());
                LayerGradients.addConvGhostGram(t, ghostBlocked, 4L * t.delta().size(2) * t.delta().size(3) * t.delta().size(2) * t.delta().size(3));
                String what = spec.name() + " " + t.layer().vertex();
                assertTrue(Dl4jEngineTest.relativeError(ghost, explicit) < 1e-12, what + " ghost");
                assertTrue(Dl4jEngineTest.relativeError(blocked, explicit) < 1e-12, what + " blocked explicit");
                assertTrue(Dl4jEngineTest.relativeError(ghostBlocked, explicit) < 1e-12, what + " blocked ghost");
            }
            assertTrue(convs > 0);
        }
    }
}
