package flatbench.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** A pass's shape over a batch agrees with its layer's output shape, and its sizes are the NCHW products. */
class PassShapesTest {

    @Test
    void convShapeOfALayerHasTheLayersOutputShape() {
        Layer.Conv2d layer = new Layer.Conv2d(3, 8, 3, 2, 1, false);
        Shape in = new Shape(3, 32, 31);
        ConvShape s = ConvShape.of(5, in, layer);
        Shape out = layer.outputShape(in);
        assertEquals(new Shape(s.cout(), s.ho(), s.wo()), out);
        assertEquals(5L * out.size(), s.outputSize());
        assertEquals(5L * in.size(), s.inputSize());
        assertEquals(8L * 3 * 3 * 3, s.weightSize());
        assertEquals(s.ho() * s.wo(), s.positions());
    }

    @Test
    void poolShapeOfALayerHasTheLayersOutputShape() {
        Layer.MaxPool layer = new Layer.MaxPool(3, 2);
        Shape in = new Shape(4, 7, 8);
        PoolShape s = PoolShape.of(2, in, layer.kernel(), layer.stride());
        Shape out = layer.outputShape(in);
        assertEquals(8, s.planes());
        assertEquals(new Shape(out.channels(), s.ho(), s.wo()), out);
        assertEquals(2L * out.size(), s.outputSize());
    }

    @Test
    void denseAndChannelShapesCountTheirElements() {
        DenseShape d = new DenseShape(4, 7, 3);
        assertEquals(28, d.inputSize());
        assertEquals(12, d.outputSize());
        assertEquals(21, d.weightSize());
        ChannelShape c = new ChannelShape(4, 5, 6);
        assertEquals(20, c.planes());
        assertEquals(120, c.size());
    }

    @Test
    void emptyOrNegativeGeometryIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new DenseShape(0, 7, 3));
        assertThrows(IllegalArgumentException.class, () -> new ChannelShape(4, 5, 0));
        assertThrows(IllegalArgumentException.class, () -> new ConvShape(1, 1, 2, 2, 1, 5, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new PoolShape(1, 2, 2, 3, 1));
    }
}
