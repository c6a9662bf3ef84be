package flatbench.jamming;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** Parameter counts against the model spec, and the orthogonal initialisation. */
class ArchitectureTest {
    @Test void countsMatchTheSpec() {
        for (int depth = 1; depth <= 3; depth++) {
            for (int width : new int[] {1, 4, 13}) {
                Architecture a = new Architecture(10, depth, width);
                assertEquals(a.spec().parameterCount(), a.parameters());
                assertEquals(a.parameters() - depth * width - 1, a.weights());
            }
        }
        assertEquals(10 * 12 + 12 + 12 * 12 + 12 + 12 + 1, new Architecture(10, 2, 12).parameters());
    }

    /** A 5 × 3 first layer has orthonormal columns, the 5 × 5 second is orthogonal, the 1 × 5 output a unit row; biases 0. */
    @Test void orthogonalWeightsAndZeroBiases() {
        Architecture a = new Architecture(3, 2, 5);
        double[] t = a.initialParameters(4);
        int off = 0;
        int[][] shapes = {{5, 3}, {5, 5}, {1, 5}};
        for (int[] s : shapes) {
            int rows = s[0], cols = s[1];
            double[][] w = new double[rows][cols];
            for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) w[i][j] = t[off++];
            boolean byRows = rows <= cols;
            int k = byRows ? rows : cols;
            for (int p = 0; p < k; p++) {
                for (int q = 0; q < k; q++) {
                    double dot = 0;
                    for (int i = 0; i < (byRows ? cols : rows); i++) dot += byRows ? w[p][i] * w[q][i] : w[i][p] * w[i][q];
                    assertEquals(p == q ? 1 : 0, dot, 1e-12, rows + "×" + cols + " entry " + p + "," + q);
                }
            }
            for (int i = 0; i < rows; i++) assertEquals(0, t[off++], "bias");
        }
        assertEquals(t.length, off);
    }
}
