package flatbench.measure;

import flatbench.engine.Vec;
import flatbench.engine.VectorSpace;
import flatbench.record.Metric;

/**
 * Spectral density by stochastic Lanczos quadrature (Ghorbani, Krishnan & Xiao 2019; Lin, Saad
 * & Yang 2016): each run's Gauss quadrature nodes θ and weights τ (squared first components of
 * the tridiagonal's eigenvectors) approximate the spectral measure seen from a random unit
 * start; runs are averaged and smoothed with a Gaussian. The density integrates to 1 (multiply
 * by P for eigenvalue counts).
 *
 * @param grid          evaluation points
 * @param density       smoothed density on the grid
 * @param sigma         absolute Gaussian width used
 * @param sigmaFraction width as a fraction of the node range (the configured value)
 * @param runs          random starts
 * @param steps         Lanczos steps per run (fewer when a run found an invariant subspace)
 * @param nodes         nodes[r] of run r (raw samples for the record)
 * @param weights       weights[r] of run r, summing to 1
 */
public record SpectralDensity(double[] grid, double[] density, double sigma, double sigmaFraction, int runs,
                              int[] steps, double[][] nodes, double[][] weights) {

    public static SpectralDensity estimate(VectorSpace space, LinearOperator a, int runs, int steps, double sigmaFraction,
                                           int gridPoints, long seed, ProgressListener progress) {
        double[][] nodes = new double[runs][], weights = new double[runs][];
        int[] used = new int[runs];
        for (int r = 0; r < runs; r++) {
            try (Krylov kr = new Krylov(space, a::apply, steps)) {
                Vec start = space.zeros();
                space.fillRademacher(start, seed + r);
                final int run = r;
                kr.run(start, s -> false, false, 0, (phase, done, total) -> progress.update("slq", (long) run * steps + done, (long) runs * steps), "slq");
                SymmetricEigen t = kr.ritz();
                used[r] = kr.steps();
                nodes[r] = t.values();
                weights[r] = new double[used[r]];
                for (int i = 0; i < used[r]; i++) weights[r][i] = t.vectors()[i][0] * t.vectors()[i][0];
            }
        }
        return smooth(nodes, weights, used, sigmaFraction, gridPoints);
    }

    /** Averages the runs' quadratures and smooths them on a grid padded by 5σ beyond the extreme nodes. */
    static SpectralDensity smooth(double[][] nodes, double[][] weights, int[] steps, double sigmaFraction, int gridPoints) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double[] n : nodes) for (double x : n) { lo = Math.min(lo, x); hi = Math.max(hi, x); }
        double range = hi - lo;
        // A single-valued spectrum has no range; fall back to its magnitude so σ stays positive.
        if (!(range > 0)) range = Math.max(Math.abs(hi), 1.0);
        double sigma = sigmaFraction * range;
        double from = lo - 5 * sigma, to = hi + 5 * sigma;
        double[] grid = new double[gridPoints], density = new double[gridPoints];
        double norm = 1.0 / (nodes.length * sigma * Math.sqrt(2 * Math.PI));
        for (int g = 0; g < gridPoints; g++) {
            double x = from + (to - from) * g / (gridPoints - 1);
            grid[g] = x;
            double s = 0;
            for (int r = 0; r < nodes.length; r++) {
                for (int i = 0; i < nodes[r].length; i++) {
                    double d = (x - nodes[r][i]) / sigma;
                    s += weights[r][i] * Math.exp(-0.5 * d * d);
                }
            }
            density[g] = s * norm;
        }
        return new SpectralDensity(grid, density, sigma, sigmaFraction, nodes.length, steps, nodes, weights);
    }

    /** Σ τ θ^p averaged over runs: the p-th moment of the quadrature measure (≈ tr(Aᵖ)/P). */
    public double moment(int p) {
        double s = 0;
        for (int r = 0; r < nodes.length; r++) {
            for (int i = 0; i < nodes[r].length; i++) s += weights[r][i] * Math.pow(nodes[r][i], p);
        }
        return s / nodes.length;
    }

    public java.util.Map<String, Object> toMetrics() {
        var m = new java.util.LinkedHashMap<String, Object>();
        Metric.DENSITY_GRID.put(m, grid);
        Metric.DENSITY_DENSITY.put(m, density);
        Metric.DENSITY_SIGMA.put(m, sigma);
        Metric.DENSITY_SIGMA_FRACTION.put(m, sigmaFraction);
        Metric.DENSITY_RUNS.put(m, runs);
        Metric.DENSITY_STEPS.put(m, steps);
        Metric.DENSITY_NODES.put(m, nodes);
        Metric.DENSITY_WEIGHTS.put(m, weights);
        return m;
    }
}
