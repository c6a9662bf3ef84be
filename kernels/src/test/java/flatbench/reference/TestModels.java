package flatbench.reference;

import java.util.List;
import java.util.SplittableRandom;

import flatbench.engine.Batch;
import flatbench.model.Layer;
import flatbench.model.ModelSpec;
import flatbench.model.Models;
import flatbench.model.Shape;

/** Small models that exercise every layer type, and random batches for them. */
final class TestModels {
    private TestModels() {}

    static ModelSpec mlp() { return Models.mlp(new Shape(1, 3, 4), 3, 5, 4); }

    /** Softmax regression: one dense layer, so the loss is convex and G = H. */
    static ModelSpec linear() { return Models.mlp(new Shape(2, 2, 2), 4); }

    /**
     * Conv with padding, overlapping max pooling, conv, average pooling, then a conv with one
     * output position (whose Gram the cost rule takes in ghost form) and a dense layer.
     */
    static ModelSpec cnn() {
        return new ModelSpec("test-cnn", new Shape(1, 8, 8), 3, List.of(
                new Layer.Conv2d(1, 3, 3, 1, 1, true), new Layer.MaxPool(3, 2), new Layer.Relu(),
                new Layer.Conv2d(3, 4, 3, 1, 1, true), new Layer.Relu(), new Layer.AvgPool(2, 1),
                new Layer.Conv2d(4, 5, 2, 1, 0, true), new Layer.Dense(5, 3)));
    }

    /** A tiny ResNet: BN, a block with a strided 1×1 shortcut, a block with the identity, global pooling. */
    static ModelSpec residual() {
        return new ModelSpec("test-resnet", new Shape(1, 8, 8), 3, List.of(
                new Layer.Conv2d(1, 4, 3, 1, 1, false), Layer.BatchNorm.of(4), new Layer.Relu(),
                new Layer.Residual(List.of(new Layer.Conv2d(4, 6, 3, 2, 1, false), Layer.BatchNorm.of(6), new Layer.Relu(),
                                     new Layer.Conv2d(6, 6, 3, 1, 1, false), Layer.BatchNorm.of(6)),
                             List.of(new Layer.Conv2d(4, 6, 1, 2, 0, false), Layer.BatchNorm.of(6))),
                new Layer.Relu(),
                new Layer.Residual(List.of(new Layer.Conv2d(6, 6, 3, 1, 1, false), Layer.BatchNorm.of(6)), List.of()),
                new Layer.Relu(), new Layer.GlobalAvgPool(), new Layer.Dense(6, 3)));
    }

    static Batch batch(ModelSpec spec, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n * spec.input().size()];
        for (int i = 0; i < x.length; i++) x[i] = (float) (2 * r.nextDouble() - 1);
        int[] y = new int[n];
        for (int i = 0; i < n; i++) y[i] = r.nextInt(spec.numClasses());
        return new Batch(spec.input(), n, x, y);
    }

    /** Initial parameters plus noise, so batch-norm scales and shifts are not 1 and 0. */
    static double[] parameters(ModelSpec spec, long seed) {
        double[] theta = spec.initialParameters(seed);
        SplittableRandom r = new SplittableRandom(seed + 1);
        for (int i = 0; i < theta.length; i++) theta[i] += 0.3 * (2 * r.nextDouble() - 1);
        return theta;
    }
}
