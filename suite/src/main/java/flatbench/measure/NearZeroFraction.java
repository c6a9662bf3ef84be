package flatbench.measure;

import java.util.Arrays;

import flatbench.record.Estimate;

/**
 * The fraction of a symmetric operator's eigenvalues with |λ| &lt; t, read off the Gauss
 * quadratures of stochastic Lanczos quadrature ({@link SpectralDensity}): run r, started from a
 * random unit vector v_r, gives nodes θ and weights τ of its spectral measure
 * μ_r = Σ_j (q_jᵀv_r)² δ(λ_j), whose mass in [−t, t] estimates the fraction without bias (for
 * Rademacher starts E (q_jᵀv)² = 1/P). Two uncertainties, reported apart:
 * <ul>
 * <li><b>Probes.</b> The runs' values f_r(t) = Σ τ [|θ| &lt; t] are averaged; a percentile
 *     bootstrap over the runs gives the 95% interval. With P in the tens of thousands one probe
 *     already sees the measure closely (the weight of a subspace holding a fraction f varies by
 *     about √(2f(1−f)/P)), so this interval is narrow.</li>
 * <li><b>Quadrature.</b> m nodes cannot say where inside the gaps between nodes the mass lies:
 *     a node near zero stands for every eigenvalue the quadrature could not separate from it. The
 *     Chebyshev–Markov–Stieltjes inequalities bound each run's distribution function rigorously
 *     between node sums, Σ_{i&lt;k} τ_i ≤ F(x) ≤ Σ_{i≤k+1} τ_i for θ_k ≤ x &lt; θ_{k+1}; their
 *     difference at ±t brackets the mass in [−t, t]. Where the bracket is wide (a threshold
 *     narrower than the node spacing near zero), the count at t is not resolved, whatever the
 *     probe interval says. More Lanczos steps narrow it.</li>
 * </ul>
 *
 * @param thresholds   the t, ascending
 * @param fraction     mean over runs of Σ τ [|θ| &lt; t], per threshold
 * @param lower        2.5% bootstrap percentile over the runs (null with a single run)
 * @param upper        97.5% percentile (null with a single run)
 * @param bracketLow   mean over runs of the quadrature's lower bound of the mass in [−t, t]
 * @param bracketHigh  the upper bound
 * @param nearestNode  per run, the node closest to zero
 * @param nearestWeight per run, its weight
 * @param nodeSpacing  per run, half the distance between the nodes on either side of that node
 *                     (the full distance to its one neighbour at an end of the spectrum): the
 *                     width around zero within which the quadrature places no mass apart
 */
public record NearZeroFraction(double[] thresholds, double[] fraction, double[] lower, double[] upper, double[] bracketLow,
                               double[] bracketHigh, double[] nearestNode, double[] nearestWeight, double[] nodeSpacing) {

    public static NearZeroFraction of(SpectralDensity d, double[] thresholds, int resamples, long seed) {
        double[] t = thresholds.clone();
        Arrays.sort(t);
        int runs = d.runs(), k = t.length;
        double[][] perRun = new double[runs][k], low = new double[runs][k], high = new double[runs][k];
        double[] nearest = new double[runs], weight = new double[runs], spacing = new double[runs];
        for (int r = 0; r < runs; r++) {
            Quadrature q = Quadrature.sorted(d.nodes()[r], d.weights()[r]);
            for (int j = 0; j < k; j++) {
                perRun[r][j] = q.massWithin(t[j]);
                low[r][j] = q.lowerMassWithin(t[j]);
                high[r][j] = q.upperMassWithin(t[j]);
            }
            int z = q.nearestToZero();
            nearest[r] = q.nodes[z];
            weight[r] = q.weights[z];
            spacing[r] = q.spacingAround(z);
        }
        double[] fraction = new double[k], lo = null, hi = null, bl = new double[k], bh = new double[k];
        for (int j = 0; j < k; j++) {
            for (int r = 0; r < runs; r++) {
                fraction[j] += perRun[r][j] / runs;
                bl[j] += low[r][j] / runs;
                bh[j] += high[r][j] / runs;
            }
        }
        if (runs > 1) {
            GroupBootstrap.Result[] b = GroupBootstrap.ofAll(new int[] {runs}, resamples, seed, w -> weightedMeans(perRun, w[0]));
            lo = new double[k];
            hi = new double[k];
            for (int j = 0; j < k; j++) {
                // A threshold every run gives the same value (0 or 1 exactly) has a degenerate interval: the value itself.
                double[] ci = b[j].ci95();
                lo[j] = ci == null ? fraction[j] : Math.min(ci[0], fraction[j]);
                hi[j] = ci == null ? fraction[j] : Math.max(ci[1], fraction[j]);
            }
        }
        return new NearZeroFraction(t, fraction, lo, hi, bl, bh, nearest, weight, spacing);
    }

    private static double[] weightedMeans(double[][] perRun, double[] w) {
        int k = perRun[0].length;
        double[] m = new double[k];
        double sw = 0;
        for (int r = 0; r < perRun.length; r++) {
            sw += w[r];
            for (int j = 0; j < k; j++) m[j] += w[r] * perRun[r][j];
        }
        for (int j = 0; j < k; j++) m[j] /= sw;
        return m;
    }

    /** Whether the quadrature resolves threshold j: its bracket is at most {@code width} wide. */
    public boolean resolved(int j, double width) { return bracketHigh[j] - bracketLow[j] <= width; }

    /**
     * The count at threshold j as a measurement: an interval that holds both uncertainties, the
     * probes' bootstrap interval widened to the quadrature bracket (each end of the bracket moved
     * out by the probes' half-width on its side), within [0, 1]; its value the quadrature estimate
     * only where the bracket is at most {@code width} wide. Where it is wider, the estimate says
     * only on which side of t the nodes happened to fall, so the value is NaN (not resolved) and the
     * interval alone says what is known.
     */
    public Estimate measured(int j, double width) {
        double v = fraction[j];
        double plo = lower == null ? v : lower[j], phi = upper == null ? v : upper[j];
        double lo = Math.max(0, Math.min(plo, bracketLow[j] - (v - plo))), hi = Math.min(1, Math.max(phi, bracketHigh[j] + (phi - v)));
        return Estimate.of(resolved(j, width) ? v : Double.NaN).withInterval(lo, hi);
    }

    /** Index of a threshold (exactly as given). */
    public int indexOf(double threshold) {
        for (int j = 0; j < thresholds.length; j++) if (thresholds[j] == threshold) return j;
        throw new IllegalArgumentException("no threshold " + threshold + " in " + Arrays.toString(thresholds));
    }

    /** One run's Gauss quadrature with its nodes ascending, and the prefix sums of its weights. */
    record Quadrature(double[] nodes, double[] weights, double[] prefix) {
        static Quadrature sorted(double[] nodes, double[] weights) {
            Integer[] order = new Integer[nodes.length];
            for (int i = 0; i < order.length; i++) order[i] = i;
            Arrays.sort(order, (a, b) -> Double.compare(nodes[a], nodes[b]));
            double[] n = new double[nodes.length], w = new double[nodes.length], s = new double[nodes.length + 1];
            for (int i = 0; i < n.length; i++) {
                n[i] = nodes[order[i]];
                w[i] = weights[order[i]];
                s[i + 1] = s[i] + w[i];
            }
            return new Quadrature(n, w, s);
        }

        int m() { return nodes.length; }

        /** Σ τ over nodes with |θ| &lt; t: the quadrature of the indicator of (−t, t). */
        double massWithin(double t) {
            double s = 0;
            for (int i = 0; i < m(); i++) if (Math.abs(nodes[i]) < t) s += weights[i];
            return s;
        }

        /** Nodes at or below x. */
        private int countAtOrBelow(double x) {
            int c = 0;
            while (c < m() && nodes[c] <= x) c++;
            return c;
        }

        /** Chebyshev–Markov–Stieltjes: with k nodes ≤ x, F(x) ≥ Σ of the first k − 1 weights. */
        private double cdfLow(double x) { return prefix[Math.max(0, countAtOrBelow(x) - 1)]; }

        /** …and F(x) ≤ Σ of the first k + 1 weights. */
        private double cdfHigh(double x) { return prefix[Math.min(m(), countAtOrBelow(x) + 1)]; }

        /** A lower bound of the measure's mass in (−t, t] (the end points carry no mass of their own almost surely). */
        double lowerMassWithin(double t) { return Math.max(0, cdfLow(t) - cdfHigh(-t)); }

        double upperMassWithin(double t) { return Math.min(prefix[m()], cdfHigh(t) - cdfLow(-t)); }

        int nearestToZero() {
            int z = 0;
            for (int i = 1; i < m(); i++) if (Math.abs(nodes[i]) < Math.abs(nodes[z])) z = i;
            return z;
        }

        double spacingAround(int z) {
            if (m() == 1) return Double.POSITIVE_INFINITY;
            if (z == 0) return nodes[1] - nodes[0];
            if (z == m() - 1) return nodes[z] - nodes[z - 1];
            return 0.5 * (nodes[z + 1] - nodes[z - 1]);
        }
    }
}
