package flatbench.model;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The catalogue's shape rules against counts worked out by hand, without building an engine. */
class ModelSpecTest {
    private static long conv(int cin, int cout, int k, boolean bias) { return (long) cout * cin * k * k + (bias ? cout : 0); }

    private static long dense(int in, int out) { return (long) in * out + out; }

    private static long batchNorm(int channels) { return 2L * channels; }

    @Test
    void mlpHasTheClosedFormCount() {
        assertEquals(dense(784, 50) + dense(50, 50) + dense(50, 10), Models.mlp().parameterCount());
        assertEquals(42_310L, Models.mlp().parameterCount());
    }

    @Test
    void lenetHasTheClosedFormCount() {
        long expected = conv(1, 20, 5, true) + conv(20, 50, 5, true) + dense(800, 500) + dense(500, 10);
        assertEquals(expected, Models.lenet().parameterCount());
        assertEquals(431_080L, expected, "GPU.md's LeNet-like CNN, 431 k parameters");
    }

    @Test
    void resnet18HasItsPublishedCount() {
        long expected = conv(3, 64, 3, false) + batchNorm(64);
        int in = 64;
        for (int out : new int[] {64, 128, 256, 512}) {
            for (int block = 0; block < 2; block++) {
                expected += conv(in, out, 3, false) + batchNorm(out) + conv(out, out, 3, false) + batchNorm(out);
                if (in != out) expected += conv(in, out, 1, false) + batchNorm(out);
                in = out;
            }
        }
        expected += dense(512, 10);
        assertEquals(expected, Models.resnet18().parameterCount());
        assertEquals(11_173_962L, expected, "the CIFAR ResNet-18's published size");
    }

    @Test
    void theFlatLayoutIsContiguousWithUniqueNames() {
        for (Models.Entry entry : Models.entries()) {
            ModelSpec spec = entry.builder().get();
            long offset = 0;
            Set<String> names = new HashSet<>();
            for (ParamBlock b : spec.parameterBlocks()) {
                assertEquals(offset, b.offset(), spec.name() + ": " + b.name() + " does not follow the previous block");
                long size = 1;
                for (int d : b.shape()) size *= d;
                assertEquals(size, b.size(), b.name());
                assertTrue(names.add(b.name()), spec.name() + ": two blocks named " + b.name());
                offset += b.size();
            }
            assertEquals(offset, spec.parameterCount(), spec.name());
            assertEquals(offset, spec.initialParameters(1).length, spec.name() + ": initial parameters fill the layout");
        }
    }

    @Test
    void lenetActivationShapesFollowTheConvAndPoolRules() {
        assertEquals(List.of(new Shape(1, 28, 28), new Shape(20, 24, 24), new Shape(20, 24, 24), new Shape(20, 12, 12),
                new Shape(50, 8, 8), new Shape(50, 8, 8), new Shape(50, 4, 4), Shape.vector(500), Shape.vector(500), Shape.vector(10)),
                Models.lenet().activationShapes());
    }

    @Test
    void strideAndPaddingFollowFloorOfTheSpan() {
        // (H + 2p − k) / s + 1, rounded down: 32 + 2 − 3 = 31, 31 / 2 = 15, + 1 = 16.
        assertEquals(new Shape(8, 16, 16), new Layer.Conv2d(3, 8, 3, 2, 1, false).outputShape(new Shape(3, 32, 32)));
        assertEquals(new Shape(3, 3, 3), new Layer.MaxPool(3, 2).outputShape(new Shape(3, 7, 8)));
        List<Shape> r = Models.resnet18().activationShapes();
        assertEquals(new Shape(64, 32, 32), r.get(1), "the stem keeps 32×32");
        assertEquals(Shape.vector(512), r.get(r.size() - 2), "global average pool");
    }

    @Test
    void aWindowLargerThanItsInputIsRefusedEvenWhenTruncationWouldCountIt() {
        // (4 − 5) / 2 truncates to 0, which would count one window; rounded down it is none.
        assertEquals(0, Layer.windowCount(4, 5, 2, 0));
        assertThrows(IllegalArgumentException.class, () -> new Layer.MaxPool(5, 2).outputShape(new Shape(1, 4, 4)));
        assertEquals(2, Layer.windowCount(4, 3, 1, 0));
    }

    @Test
    void aModelWhoseOutputIsNotTheClassCountIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ModelSpec("bad", Shape.vector(4), 3, List.of(new Layer.Dense(4, 5))));
        assertTrue(e.getMessage().contains("5 outputs, expected 3"), e.getMessage());
    }

    @Test
    void initialWeightsAreSeededAndWithinTheFanInBound() {
        ModelSpec spec = Models.lenet();
        double[] a = spec.initialParameters(3), b = spec.initialParameters(3), c = spec.initialParameters(4);
        assertArrayEquals(a, b);
        assertFalse(java.util.Arrays.equals(a, c));
        ParamBlock first = spec.parameterBlocks().get(0);
        double bound = 1 / Math.sqrt(25);
        for (long i = first.offset(); i < first.offset() + first.size(); i++) assertTrue(Math.abs(a[(int) i]) <= bound, "conv1 weight " + a[(int) i]);
    }
}
