package flatbench.npy;

import java.util.Arrays;

/**
 * An array read from a .npy file: its element type, its shape (C order) and its values widened to double.
 */
public record NpyArray(NpyType type, int[] shape, double[] data) {
    public NpyArray {
        shape = shape.clone();
        data = data.clone();
        long n = 1;
        for (int d : shape) n *= d;
        if (n != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + n + " values, not " + data.length);
        }
    }

    @Override
    public int[] shape() { return shape.clone(); }

    @Override
    public double[] data() { return data.clone(); }

    /** The values of a 1-D array. */
    public double[] vector() {
        if (shape.length != 1) throw new IllegalStateException("array has shape " + Arrays.toString(shape) + ", not 1-D");
        return data.clone();
    }

    /** The rows of a 2-D array. */
    public double[][] matrix() {
        if (shape.length != 2) throw new IllegalStateException("array has shape " + Arrays.toString(shape) + ", not 2-D");
        double[][] m = new double[shape[0]][];
        for (int i = 0; i < shape[0]; i++) m[i] = Arrays.copyOfRange(data, i * shape[1], (i + 1) * shape[1]);
        return m;
    }
}
