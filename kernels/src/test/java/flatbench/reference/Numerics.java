package flatbench.reference;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/** Test helpers: seeded random arrays, float64 central differences, and comparisons that show the first mismatches. */
final class Numerics {
    private Numerics() {}

    static final double EPS = 1e-6;

    static double[] random(SplittableRandom r, int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = 2 * r.nextDouble() - 1;
        return a;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    /** ∂f/∂x_i by central differences, every i; x is restored afterwards. */
    static double[] gradient(ToDoubleFunction<double[]> f, double[] x) {
        double[] g = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double keep = x[i];
            x[i] = keep + EPS;
            double up = f.applyAsDouble(x);
            x[i] = keep - EPS;
            double down = f.applyAsDouble(x);
            x[i] = keep;
            g[i] = (up - down) / (2 * EPS);
        }
        return g;
    }

    /** (F(+ε) − F(−ε))/2ε for a map of a scalar step ε along a fixed direction. */
    static double[] directional(Function<Double, double[]> f) {
        double[] up = f.apply(EPS), down = f.apply(-EPS);
        double[] d = new double[up.length];
        for (int i = 0; i < d.length; i++) d[i] = (up[i] - down[i]) / (2 * EPS);
        return d;
    }

    /** x + e·v as a new array (v null means x itself). */
    static double[] step(double[] x, double[] v, double e) {
        double[] y = x.clone();
        if (v != null) for (int i = 0; i < y.length; i++) y[i] += e * v[i];
        return y;
    }

    static void assertClose(double[] expected, double[] actual, Tolerance tol, String what) {
        int bad = tol.firstMismatch(expected, actual);
        if (bad >= 0) fail(what + " differs (expected vs actual):\n" + tol.describeMismatches(expected, actual, 5));
    }

    /** Finite-difference checks in float64: central differences are accurate to about 1e-9 here. */
    static final Tolerance FD = new Tolerance(1e-7, 1e-6);
}
