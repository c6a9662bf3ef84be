package flatbench.data;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

import flatbench.engine.Batch;
import flatbench.model.Shape;

class DatasetTest {
    private static final Shape SHAPE = new Shape(1, 2, 2);

    /** Sample i holds values 10 i + j, label i mod 3. */
    private static Dataset numbered(int n) {
        float[] x = new float[n * 4];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 4; j++) x[i * 4 + j] = 10 * i + j;
            y[i] = i % 3;
        }
        return new Dataset("numbered", SHAPE, 3, x, y, "test", "abc");
    }

    @Test
    void batchGathersTheGivenSamplesInOrder() {
        Batch b = numbered(6).batch(new int[] {4, 1, 4});
        assertEquals(3, b.size());
        assertArrayEquals(new int[] {1, 1, 1}, b.labels());
        assertArrayEquals(new float[] {40, 41, 42, 43, 10, 11, 12, 13, 40, 41, 42, 43}, b.inputs());
        assertThrows(IndexOutOfBoundsException.class, () -> numbered(6).batch(new int[] {6}));
    }

    @Test
    void constructorCopiesSoTheDataSetStaysUnchanged() {
        float[] x = {1, 2, 3, 4};
        int[] y = {1};
        Dataset d = new Dataset("d", SHAPE, 2, x, y, "s", "c");
        x[0] = 99;
        y[0] = 0;
        assertEquals(1, d.image(0)[0]);
        assertEquals(1, d.label(0));
        d.all().inputs()[1] = 99;
        assertEquals(2, d.image(0)[1]);
    }

    @Test
    void headSplitAndSubsetKeepChecksumAndSaySoInTheSource() {
        Dataset d = numbered(10);
        Dataset h = d.head(4);
        assertEquals(4, h.size());
        assertEquals("abc", h.checksum());
        assertEquals("test (first 4)", h.source());
        assertSame(d, d.head(10));
        Dataset.Split s = d.split(7);
        assertEquals(7, s.first().size());
        assertEquals(3, s.second().size());
        assertArrayEquals(d.image(7), s.second().image(0));
        Dataset sub = d.subset(new int[] {9, 0}, "two");
        assertArrayEquals(new int[] {0, 0}, sub.labels());
        assertArrayEquals(new int[] {4, 3, 3}, d.classCounts());
    }

    @Test
    void inconsistentArraysAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Dataset("d", SHAPE, 2, new float[5], new int[1], "s", "c"));
        assertThrows(IllegalArgumentException.class, () -> new Dataset("d", SHAPE, 2, new float[4], new int[] {2}, "s", "c"));
        assertThrows(IllegalArgumentException.class, () -> numbered(3).split(3));
    }

    /** The scalar-output problem: +1 for even labels, −1 for odd; inputs, size and checksum kept. */
    @Test
    void parityMapsEvenLabelsToPlusOneAndOddToMinusOne() {
        Dataset d = numbered(6), p = d.parity();
        assertEquals(1, p.numClasses());
        assertArrayEquals(new int[] {1, -1, 1, 1, -1, 1}, p.labels());
        assertArrayEquals(d.image(5), p.image(5));
        assertEquals("abc", p.checksum());
        assertTrue(p.source().contains("parity"), p.source());
        assertArrayEquals(new int[] {2, 4}, p.classCounts());
        assertSame(p, p.parity());
        assertThrows(IllegalArgumentException.class, () -> new Dataset("d", SHAPE, 1, new float[4], new int[] {0}, "s", "c"));
    }
}
