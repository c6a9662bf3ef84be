package flatbench.landscape;

/**
 * The 1-D double well V(x) = h (x² − 1)²: minima at ±1 with curvature 8h, the barrier at 0 with
 * curvature −4h and height h. One "sample" (no data noise): the reference case of escape by
 * injected noise, whose mean first-passage time is known (Kramers; the exact 1-D integral).
 */
public record DoubleWell(double height) implements Objective {
    public int dimension() { return 1; }

    public int samples() { return 1; }

    public double addSampleGradient(int i, double[] x, int off, double scale, double[] g, int gOff) {
        double v = x[off], q = v * v - 1;
        g[gOff] += scale * 4 * height * v * q;
        return height * q * q;
    }

    public double[][] hessian(double[] x) {
        return new double[][] {{height * (12 * x[0] * x[0] - 4)}};
    }
}
