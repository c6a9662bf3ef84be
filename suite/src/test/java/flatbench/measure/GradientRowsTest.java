package flatbench.measure;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

import flatbench.engine.Batch;

class GradientRowsTest {
    @Test
    void chunksCoverEveryRowOnceInOrder() {
        var e = new LinearRegressionEngine(4);
        e.theta = DenseReference.gaussian(5, 1, 1);
        Batch b = DenseReference.regressionBatch(50, 4, DenseReference.gaussian(5, 1, 2), 0.1, 3);
        double[][] ref = DenseReference.gradients(e, b);
        double[][] got = new double[50][];
        int[] chunks = {0};
        GradientRows.forEachChunk(e, b, 7, (first, rows) -> {
            chunks[0]++;
            assertTrue(rows.length <= 7);
            for (int r = 0; r < rows.length; r++) {
                assertNull(got[first + r]);
                got[first + r] = rows[r];
            }
        });
        assertEquals(8, chunks[0]);
        for (int i = 0; i < 50; i++) assertArrayEquals(ref[i], got[i], 0.0);
    }
}
