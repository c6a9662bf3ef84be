package flatbench.data;

import java.util.Random;

import flatbench.model.Shape;

/**
 * Seeded synthetic data sets. Inputs are i.i.d. standard Gaussian per value. Every sample
 * stream is drawn sample by sample, so the first k samples do not depend on how many are asked
 * for, and the test part uses other streams than the training part from the same seed (a
 * teacher is shared by both). {@link java.util.Random} is used because its Gaussian algorithm is
 * specified, so a seed gives the same data on every JVM.
 */
public final class Synthetic {
    private Synthetic() {}

    /** Input shape when none is asked for: the MNIST models run on it. */
    public static final Shape DEFAULT_SHAPE = new Shape(1, 28, 28);
    public static final int DEFAULT_CLASSES = 10;
    public static final int DEFAULT_SAMPLES = 10_000;
    /** Bumped whenever a generator changes what a seed produces, and part of every checksum. */
    static final int GENERATOR_VERSION = 1;

    /**
     * The network that labels teacher–student inputs: argmax of W x (linear, {@code hidden = 0}) or
     * of W₂ tanh(W₁ x). Weight rows are Gaussian, scaled to unit norm so that preactivations are
     * standard normal; tanh being odd keeps the classes balanced (ReLU's positive mean would favour
     * a few classes).
     */
    public record Teacher(int hidden) {
        public static final Teacher LINEAR = new Teacher(0);

        public Teacher {
            if (hidden < 0) throw new IllegalArgumentException("teacher hidden width must be ≥ 0, got " + hidden);
        }

        public String describe() { return hidden == 0 ? "linear" : "tanh-mlp-" + hidden; }
    }

    /** Gaussian inputs labelled by a random teacher network. */
    public static Dataset teacherStudent(Shape shape, int classes, int n, Teacher teacher, long seed, Part part) {
        checkCounts(classes, n);
        int d = shape.size();
        Random teacherRandom = new Random(stream(seed, 0));
        double[][] w1 = teacher.hidden() == 0 ? null : unitRows(teacher.hidden(), d, teacherRandom);
        double[][] w2 = unitRows(classes, teacher.hidden() == 0 ? d : teacher.hidden(), teacherRandom);
        float[] x = gaussians(n, d, seed, part);
        int[] labels = new int[n];
        double[] in = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) in[j] = x[i * d + j];
            double[] features = in;
            if (w1 != null) {
                features = times(w1, in);
                for (int j = 0; j < features.length; j++) features[j] = Math.tanh(features[j]);
            }
            labels[i] = argmax(times(w2, features));
        }
        String settings = "teacher-student(teacher=" + teacher.describe() + ", shape=" + shape + ", classes=" + classes + ")";
        String name = teacher.hidden() == 0 ? "teacher-student" : "teacher-student-mlp";
        return build(name, shape, classes, x, labels, settings, seed, part);
    }

    /** Gaussian inputs with labels drawn uniformly, independent of the inputs (memorisation only). */
    public static Dataset randomLabels(Shape shape, int classes, int n, long seed, Part part) {
        checkCounts(classes, n);
        float[] x = gaussians(n, shape.size(), seed, part);
        Random r = new Random(stream(seed, part == Part.TRAIN ? 3 : 4));
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) labels[i] = r.nextInt(classes);
        String settings = "random-labels(shape=" + shape + ", classes=" + classes + ")";
        return build("random-labels", shape, classes, x, labels, settings, seed, part);
    }

    /**
     * Gaussian inputs with random ±1 labels, as in Geiger et al.'s jamming experiments; label −1
     * is class 0 and +1 is class 1.
     */
    public static Dataset gaussianPm1(Shape shape, int n, long seed, Part part) {
        checkCounts(2, n);
        float[] x = gaussians(n, shape.size(), seed, part);
        Random r = new Random(stream(seed, part == Part.TRAIN ? 5 : 6));
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) labels[i] = r.nextBoolean() ? 1 : 0;
        String settings = "gaussian-pm1(shape=" + shape + ", classes=2)";
        return build("gaussian-pm1", shape, 2, x, labels, settings, seed, part);
    }

    private static Dataset build(String name, Shape shape, int classes, float[] x, int[] labels, String settings, long seed, Part part) {
        String source = settings + " seed " + seed + " " + part.label();
        // The sample count is left out: a smaller set is a prefix of a larger one from the same stream.
        String checksum = FileBytes.sha256Hex("flatbench-synthetic-v" + GENERATOR_VERSION + " " + source);
        return Dataset.owning(name, shape, classes, x, labels, source, checksum);
    }

    private static void checkCounts(int classes, int n) {
        if (classes < 2) throw new DataException("synthetic data needs at least 2 classes, got " + classes);
        if (n <= 0) throw new DataException("synthetic data needs a positive sample count, got " + n);
    }

    private static float[] gaussians(int n, int d, long seed, Part part) {
        if ((long) n * d > Integer.MAX_VALUE - 8) {
            throw new DataException("synthetic data of " + n + " samples × " + d + " values exceeds one Java array");
        }
        Random r = new Random(stream(seed, part == Part.TRAIN ? 1 : 2));
        float[] x = new float[n * d];
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
        return x;
    }

    /** A seed for sub-stream {@code k} of {@code seed} (SplitMix64 finaliser, so nearby seeds give unrelated streams). */
    static long stream(long seed, int k) {
        long z = seed + 0x9E3779B97F4A7C15L * (k + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static double[][] unitRows(int rows, int cols, Random r) {
        double[][] w = new double[rows][cols];
        for (double[] row : w) {
            double norm = 0;
            for (int j = 0; j < cols; j++) {
                row[j] = r.nextGaussian();
                norm += row[j] * row[j];
            }
            norm = Math.sqrt(norm);
            for (int j = 0; j < cols; j++) row[j] /= norm;
        }
        return w;
    }

    private static double[] times(double[][] w, double[] v) {
        double[] out = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            double s = 0;
            for (int j = 0; j < v.length; j++) s += w[i][j] * v[j];
            out[i] = s;
        }
        return out;
    }

    private static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
        return best;
    }
}
