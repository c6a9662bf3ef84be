package flatbench.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import flatbench.model.Layer.*;

/** The catalogue of named models. Each builder states the architecture once. */
public final class Models {
    private Models() {}

    private static final Map<String, Entry> CATALOGUE = new LinkedHashMap<>();

    /** A named model with a one-line description for {@code flatbench list}. */
    public record Entry(String name, String description, Supplier<ModelSpec> builder) {}

    static {
        add("mlp", "fully connected 784-50-50-10 with ReLU (Feng & Tu), 42,310 weights", Models::mlp);
        add("cnn-small", "conv 1→10 5×5, pool, conv 10→20 5×5, pool, FC 320→128→10 (Entropy-SGD), 47,658 weights", Models::smallCnn);
        add("lenet", "LeNet-like: conv 20@5×5, pool, conv 50@5×5, pool, FC 500, FC 10, 431,080 weights", Models::lenet);
        add("resnet18", "ResNet-18, CIFAR variant (3×32×32 input, inference-form batch norm), 11,173,962 weights", Models::resnet18);
    }

    private static void add(String name, String description, Supplier<ModelSpec> builder) {
        CATALOGUE.put(name, new Entry(name, description, builder));
    }

    public static List<Entry> entries() { return new ArrayList<>(CATALOGUE.values()); }

    public static Optional<ModelSpec> byName(String name) {
        Entry e = CATALOGUE.get(name);
        return e == null ? Optional.empty() : Optional.of(e.builder().get());
    }

    /** Feng & Tu's 784-50-50-10 fully connected network. */
    public static ModelSpec mlp() { return mlp(new Shape(1, 28, 28), 10, 50, 50); }

    /** A ReLU MLP with the given hidden widths over any input shape. */
    public static ModelSpec mlp(Shape input, int classes, int... hidden) {
        List<Layer> layers = new ArrayList<>();
        int in = input.size();
        for (int h : hidden) {
            layers.add(new Dense(in, h));
            layers.add(new Relu());
            in = h;
        }
        layers.add(new Dense(in, classes));
        return new ModelSpec("mlp", input, classes, layers);
    }

    /** Entropy-SGD's small CNN for 28×28 grey images. */
    public static ModelSpec smallCnn() {
        return new ModelSpec("cnn-small", new Shape(1, 28, 28), 10, List.of(
                Conv2d.of(1, 10, 5), new MaxPool(2, 2), new Relu(),
                Conv2d.of(10, 20, 5), new MaxPool(2, 2), new Relu(),
                new Dense(320, 128), new Relu(),
                new Dense(128, 10)));
    }

    /** The LeNet-like CNN of Caffe's MNIST example, with ReLU after the first FC layer. */
    public static ModelSpec lenet() {
        return new ModelSpec("lenet", new Shape(1, 28, 28), 10, List.of(
                Conv2d.of(1, 20, 5), new Relu(), new MaxPool(2, 2),
                Conv2d.of(20, 50, 5), new Relu(), new MaxPool(2, 2),
                new Dense(800, 500), new Relu(),
                new Dense(500, 10)));
    }

    /** ResNet-18 for CIFAR-10: 3×3 stem, four stages of two basic blocks, global average pool. */
    public static ModelSpec resnet18() {
        List<Layer> layers = new ArrayList<>(List.of(
                new Conv2d(3, 64, 3, 1, 1, false), BatchNorm.of(64), new Relu()));
        int in = 64;
        int[] widths = {64, 128, 256, 512};
        for (int stage = 0; stage < 4; stage++) {
            int out = widths[stage];
            for (int block = 0; block < 2; block++) {
                int stride = (stage > 0 && block == 0) ? 2 : 1;
                layers.add(basicBlock(in, out, stride));
                layers.add(new Relu());
                in = out;
            }
        }
        layers.add(new GlobalAvgPool());
        layers.add(new Dense(512, 10));
        return new ModelSpec("resnet18", new Shape(3, 32, 32), 10, layers);
    }

    private static Residual basicBlock(int in, int out, int stride) {
        List<Layer> main = List.of(
                new Conv2d(in, out, 3, stride, 1, false), BatchNorm.of(out), new Relu(),
                new Conv2d(out, out, 3, 1, 1, false), BatchNorm.of(out));
        List<Layer> shortcut = (stride != 1 || in != out)
                ? List.of(new Conv2d(in, out, 1, stride, 0, false), BatchNorm.of(out))
                : List.of();
        return new Residual(main, shortcut);
    }
}
