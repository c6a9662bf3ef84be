package flatbench.measure;

/**
 * Settings of the curvature measurements; {@link #defaults()} is the one place their defaults live.
 *
 * @param operator         Hessian or Gauss–Newton products
 * @param topK             number of top (largest algebraic) eigenpairs wanted
 * @param lanczosSteps     largest Krylov dimension Lanczos may build (one operator product each)
 * @param tol              Lanczos stops once every wanted pair has ‖Av − λv‖ ≤ tol · |λ_max|
 * @param hutchinsonProbes Rademacher probes for the trace and the diagonal
 * @param slqRuns          random starts of stochastic Lanczos quadrature
 * @param slqSteps         Lanczos steps per SLQ run
 * @param slqSigma         Gaussian smoothing width of the density as a fraction of the spectral range
 * @param slqGridPoints    points of the grid the density is evaluated on
 * @param seed             all random vectors derive from this
 */
public record CurvatureConfig(CurvatureOperator operator, int topK, int lanczosSteps, double tol,
                              int hutchinsonProbes, int slqRuns, int slqSteps, double slqSigma,
                              int slqGridPoints, long seed) {

    public CurvatureConfig {
        if (operator == null) throw new IllegalArgumentException("choose a curvature operator (hessian or ggn)");
        if (topK < 1) throw new IllegalArgumentException("topK must be at least 1, not " + topK);
        if (lanczosSteps < topK) throw new IllegalArgumentException("lanczosSteps (" + lanczosSteps + ") must be at least topK (" + topK + ")");
        if (!(tol > 0)) throw new IllegalArgumentException("Lanczos tolerance must be positive, not " + tol);
        if (hutchinsonProbes < 2) throw new IllegalArgumentException("Hutchinson needs at least 2 probes for a standard error, not " + hutchinsonProbes);
        if (slqRuns < 1 || slqSteps < 2) throw new IllegalArgumentException("SLQ needs at least 1 run of at least 2 steps");
        if (!(slqSigma > 0)) throw new IllegalArgumentException("SLQ smoothing width must be positive, not " + slqSigma);
        if (slqGridPoints < 2) throw new IllegalArgumentException("the SLQ grid needs at least 2 points");
    }

    public static CurvatureConfig defaults() {
        // tol 1e-4: float32 and finite-difference products are accurate to ~1e-6..1e-5 relative, so a
        // tighter residual is unreachable there; eigenvalue errors scale as residual², far smaller.
        return new CurvatureConfig(CurvatureOperator.HESSIAN, 20, 100, 1e-4, 100, 5, 80, 0.01, 512, 1L);
    }

    public CurvatureConfig withOperator(CurvatureOperator op) {
        return new CurvatureConfig(op, topK, lanczosSteps, tol, hutchinsonProbes, slqRuns, slqSteps, slqSigma, slqGridPoints, seed);
    }

    /** Sets k and raises the step budget so it stays at least 5k (keeps the default ratio). */
    public CurvatureConfig withTopK(int k) {
        return new CurvatureConfig(operator, k, Math.max(lanczosSteps, 5 * k), tol, hutchinsonProbes, slqRuns, slqSteps, slqSigma, slqGridPoints, seed);
    }

    public CurvatureConfig withLanczos(int steps, double tolerance) {
        return new CurvatureConfig(operator, topK, steps, tolerance, hutchinsonProbes, slqRuns, slqSteps, slqSigma, slqGridPoints, seed);
    }

    public CurvatureConfig withHutchinsonProbes(int probes) {
        return new CurvatureConfig(operator, topK, lanczosSteps, tol, probes, slqRuns, slqSteps, slqSigma, slqGridPoints, seed);
    }

    public CurvatureConfig withSlq(int runs, int steps, double sigma) {
        return new CurvatureConfig(operator, topK, lanczosSteps, tol, hutchinsonProbes, runs, steps, sigma, slqGridPoints, seed);
    }

    public CurvatureConfig withSeed(long s) {
        return new CurvatureConfig(operator, topK, lanczosSteps, tol, hutchinsonProbes, slqRuns, slqSteps, slqSigma, slqGridPoints, s);
    }
}
