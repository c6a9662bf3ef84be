package flatbench.measure;

/**
 * Settings of the curvature measurements; {@link #defaults()} is the one place their defaults live.
 *
 * @param operator         Hessian or Gauss–Newton products
 * @param topK             number of top (largest algebraic) eigenpairs wanted
 * @param lanczosSteps     largest Krylov dimension Lanczos may build (one operator product each)
 * @param tol              a pair counts as converged when its true residual ‖Av − λv‖ ≤ tol · |λ_max|;
 *                         pairs that miss it are left out of every alignment metric
 * @param hutchinsonProbes Rademacher probes for the trace and the diagonal
 * @param slqRuns          random starts of stochastic Lanczos quadrature
 * @param slqSteps         Lanczos steps per SLQ run
 * @param slqSigma         Gaussian smoothing width of the density as a fraction of the spectral range
 * @param slqGridPoints    points of the grid the density is evaluated on
 * @param exactDiagonalMaxParameters up to this many parameters the diagonal and trace are exact
 *                         (one product per coordinate) instead of Hutchinson estimates
 * @param seed             all random vectors derive from this
 */
public record CurvatureConfig(CurvatureOperator operator, int topK, int lanczosSteps, double tol,
                              int hutchinsonProbes, int slqRuns, int slqSteps, double slqSigma,
                              int slqGridPoints, int exactDiagonalMaxParameters, long seed) {

    public CurvatureConfig {
        if (operator == null) throw new IllegalArgumentException("choose a curvature operator (hessian or ggn)");
        if (topK < 1) throw new IllegalArgumentException("topK must be at least 1, not " + topK);
        if (lanczosSteps < topK) throw new IllegalArgumentException("lanczosSteps (" + lanczosSteps + ") must be at least topK (" + topK + ")");
        if (!(tol > 0)) throw new IllegalArgumentException("Lanczos tolerance must be positive, not " + tol);
        if (hutchinsonProbes < 2) throw new IllegalArgumentException("Hutchinson needs at least 2 probes for a standard error, not " + hutchinsonProbes);
        if (slqRuns < 1 || slqSteps < 2) throw new IllegalArgumentException("SLQ needs at least 1 run of at least 2 steps");
        if (!(slqSigma > 0)) throw new IllegalArgumentException("SLQ smoothing width must be positive, not " + slqSigma);
        if (slqGridPoints < 2) throw new IllegalArgumentException("the SLQ grid needs at least 2 points");
        if (exactDiagonalMaxParameters < 0) throw new IllegalArgumentException("exactDiagonalMaxParameters must not be negative");
    }

    public static CurvatureConfig defaults() {
        // tol 1e-4 (true residual): float32 and finite-difference products are accurate to ~1e-6..1e-5
        // relative, so a much tighter residual is unreachable there; eigenvalue errors scale as
        // residual², far smaller. Lanczos stops on its cheap estimate only at a tenth of this (see
        // Lanczos.STOP_MARGIN), which the top 20 of the MLP's Hessian reach in 100–150 steps.
        // Exact diagonal up to 1,024 parameters: at most ten times Hutchinson's 100 products, on models
        // whose products cost little.
        return new CurvatureConfig(CurvatureOperator.HESSIAN, 20, 150, 1e-4, 100, 5, 80, 0.01, 512, 1024, 1L);
    }

    public CurvatureConfig withOperator(CurvatureOperator op) {
        return new CurvatureConfig(op, topK, lanczosSteps, tol, hutchinsonProbes, slqRuns, slqSteps, slqSigma, slqGridPoints, exactDiagonalMaxParameters, seed);
    }

    /** Sets k and raises the step budget so it stays at least 5k. */
    public CurvatureConfig withTopK(int k) {
        return new CurvatureConfig(operator, k, Math.max(lanczosSteps, 5 * k), tol, hutchinsonProbes, slqRuns, slqSteps, slqSigma, slqGridPoints,
                exactDiagonalMaxParameters, seed);
    }

    public CurvatureConfig withLanczos(int steps, double tolerance) {
        return new CurvatureConfig(operator, topK, steps, tolerance, hutchinsonProbes, slqRuns, slqSteps, slqSigma, slqGridPoints, exactDiagonalMaxParameters, seed);
    }

    public CurvatureConfig withHutchinsonProbes(int probes) {
        return new CurvatureConfig(operator, topK, lanczosSteps, tol, probes, slqRuns, slqSteps, slqSigma, slqGridPoints, exactDiagonalMaxParameters, seed);
    }

    public CurvatureConfig withSlq(int runs, int steps, double sigma) {
        return new CurvatureConfig(operator, topK, lanczosSteps, tol, hutchinsonProbes, runs, steps, sigma, slqGridPoints, exactDiagonalMaxParameters, seed);
    }

    public CurvatureConfig withExactDiagonalMaxParameters(int max) {
        return new CurvatureConfig(operator, topK, lanczosSteps, tol, hutchinsonProbes, slqRuns, slqSteps, slqSigma, slqGridPoints, max, seed);
    }

    public CurvatureConfig withSeed(long s) {
        return new CurvatureConfig(operator, topK, lanczosSteps, tol, hutchinsonProbes, slqRuns, slqSteps, slqSigma, slqGridPoints, exactDiagonalMaxParameters, s);
    }

    /** Whether a model of this size gets the exact diagonal. */
    public boolean exactDiagonal(long parameters) { return parameters <= exactDiagonalMaxParameters; }
}
