package flatbench.jamming;

import java.util.ArrayList;
import java.util.List;

import flatbench.model.Layer;
import flatbench.model.Loss;
import flatbench.model.ModelSpec;
import flatbench.model.Shape;

/**
 * A fully connected ReLU net with a scalar output under the quadratic hinge, as in Geiger et al.'s
 * jamming experiments: {@code depth} hidden layers of {@code width} units over {@code inputs}
 * inputs, every layer with a bias.
 */
public record Architecture(int inputs, int depth, int width) {
    public Architecture {
        if (inputs < 1 || depth < 1 || width < 1) throw new IllegalArgumentException("inputs, depth and width must be positive");
    }

    public ModelSpec spec() {
        List<Layer> layers = new ArrayList<>();
        int in = inputs;
        for (int l = 0; l < depth; l++) {
            layers.add(new Layer.Dense(in, width));
            layers.add(new Layer.Relu());
            in = width;
        }
        layers.add(new Layer.Dense(in, 1));
        return new ModelSpec("fc" + depth + "x" + width, new Shape(1, 1, inputs), 1, layers, Loss.QUADRATIC_HINGE);
    }

    /** N, every weight and bias: d·h + h + (L − 1)(h² + h) + h + 1. */
    public long parameters() { return weights() + (long) depth * width + 1; }

    /** The weights alone (the N of Geiger et al.'s code, which leaves the biases out). */
    public long weights() { return (long) inputs * width + (long) (depth - 1) * width * width + width; }

    /**
     * Hidden units: each gives a direction along which f is constant on every input (its incoming
     * weights and bias scaled by c, its outgoing weights by 1/c), so the ∇f_μ span at most
     * N − hiddenUnits dimensions.
     */
    public int hiddenUnits() { return depth * width; }

    /**
     * Geiger et al.'s initialisation: every weight matrix orthogonal (Gaussian, then Gram–Schmidt:
     * orthonormal rows when it has fewer rows than columns, orthonormal columns otherwise), biases
     * zero. Each layer then keeps the norm of its input (√d for the patterns here) up to the ReLU, so
     * f starts at O(1) and few units start dead — unlike ±1/√fan-in uniform weights with random
     * biases, which on these narrow nets leave whole layers dead after training. In the flat layout
     * of {@link #spec()}.
     */
    public double[] initialParameters(long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        double[] theta = new double[(int) parameters()];
        int off = 0, in = inputs;
        for (int l = 0; l <= depth; l++) {
            int out = l < depth ? width : 1;
            double[][] w = orthogonal(out, in, r);
            for (int i = 0; i < out; i++) for (int j = 0; j < in; j++) theta[off++] = w[i][j];
            off += out;  // zero biases
            in = out;
        }
        return theta;
    }

    /** A rows × cols matrix with orthonormal rows (rows ≤ cols) or orthonormal columns (rows &gt; cols). */
    static double[][] orthogonal(int rows, int cols, java.util.SplittableRandom r) {
        boolean byRows = rows <= cols;
        int k = byRows ? rows : cols, len = byRows ? cols : rows;
        double[][] v = new double[k][len];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < len; j++) v[i][j] = r.nextGaussian();
            for (int pass = 0; pass < 2; pass++) {  // Gram–Schmidt twice: orthogonal to working precision
                for (int q = 0; q < i; q++) {
                    double dot = 0;
                    for (int j = 0; j < len; j++) dot += v[q][j] * v[i][j];
                    for (int j = 0; j < len; j++) v[i][j] -= dot * v[q][j];
                }
            }
            double norm = 0;
            for (int j = 0; j < len; j++) norm += v[i][j] * v[i][j];
            norm = Math.sqrt(norm);
            for (int j = 0; j < len; j++) v[i][j] /= norm;
        }
        double[][] m = new double[rows][cols];
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) m[i][j] = byRows ? v[i][j] : v[j][i];
        return m;
    }
}
