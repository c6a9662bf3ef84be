package flatbench.measure;

import flatbench.engine.Vec;
import flatbench.engine.VectorSpace;

/**
 * Hutchinson's trace and diagonal estimates, tr A = E[zᵀAz] and diag A = E[z ⊙ Az], with
 * Rademacher z; and, for small operators, the exact diagonal from one product per coordinate.
 */
public final class Hutchinson {
    private Hutchinson() {}

    /**
     * @param trace             mean of zᵀAz over the probes
     * @param standardError     sample standard deviation of zᵀAz over √probes
     * @param probes            number of probes
     * @param probeValues       zᵀAz per probe (raw samples for the record)
     * @param diagonal          mean of z ⊙ Az (length P, on the host)
     * @param diagonalStdError  per-entry standard error of the diagonal estimate
     * @param diagonalHalves    the diagonal estimated from the first ⌊m/2⌋ probes and from the rest
     *                          (two independent estimates; both the exact diagonal when exact)
     * @param exact             true when the diagonal is exact (one product per unit vector): errors are 0
     */
    public record Estimate(double trace, double standardError, int probes, double[] probeValues,
                           double[] diagonal, double[] diagonalStdError, double[][] diagonalHalves, boolean exact) {

        /** Standard errors of the two halves, from the per-entry spread over all probes. */
        public double[][] diagonalHalfStdErrors() {
            if (exact) return new double[][] {diagonalStdError, diagonalStdError};
            int first = probes / 2;
            double[][] se = new double[2][diagonalStdError.length];
            for (int t = 0; t < se[0].length; t++) {
                double sd = diagonalStdError[t] * Math.sqrt(probes);
                se[0][t] = sd / Math.sqrt(first);
                se[1][t] = sd / Math.sqrt(probes - first);
            }
            return se;
        }
    }

    /** The exact diagonal and trace, eᵢᵀAeᵢ for every unit vector: P products, for small P. */
    public static Estimate exact(VectorSpace space, LinearOperator a, ProgressListener progress) {
        long p = space.dimension();
        if (p > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("too many coordinates for an exact diagonal: " + p);
        double[] diag = new double[(int) p];
        double[] unit = new double[(int) p];
        double trace = 0;
        try (Vec out = space.zeros()) {
            for (int t = 0; t < p; t++) {
                unit[t] = 1;
                try (Vec e = space.fromHost(unit)) {
                    a.apply(e, out);
                    diag[t] = space.dot(e, out);
                }
                unit[t] = 0;
                trace += diag[t];
                progress.update("exact diagonal", t + 1, p);
            }
        }
        return new Estimate(trace, 0, 0, new double[0], diag, new double[(int) p], new double[][] {diag, diag}, true);
    }

    public static Estimate estimate(VectorSpace space, LinearOperator a, int probes, long seed, ProgressListener progress) {
        if (probes < 2) throw new IllegalArgumentException("Hutchinson needs at least 2 probes, not " + probes);
        double[] values = new double[probes];
        int first = probes / 2;
        try (Vec z = space.zeros(); Vec az = space.zeros(); Vec sum = space.zeros(); Vec sumSq = space.zeros(); Vec t = space.zeros();
             Vec sumFirst = space.zeros()) {
            for (int i = 0; i < probes; i++) {
                if (i == first) space.assign(sumFirst, sum);
                space.fillRademacher(z, seed + i);
                a.apply(z, az);
                values[i] = space.dot(z, az);
                space.scale(t, 0);
                space.multiplyAccumulate(z, az, t);
                space.axpy(1, t, sum);
                space.multiplyAccumulate(t, t, sumSq);
                progress.update("hutchinson", i + 1, probes);
            }
            double[] mean = space.toHost(sum), sq = space.toHost(sumSq), halfA = space.toHost(sumFirst);
            double[] se = new double[mean.length], halfB = new double[mean.length];
            for (int j = 0; j < mean.length; j++) {
                halfB[j] = (mean[j] - halfA[j]) / (probes - first);
                halfA[j] /= first;
                mean[j] /= probes;
                double var = Math.max(0, sq[j] / probes - mean[j] * mean[j]) * probes / (probes - 1);
                se[j] = Math.sqrt(var / probes);
            }
            double m = 0;
            for (double v : values) m += v;
            m /= probes;
            double ss = 0;
            for (double v : values) ss += (v - m) * (v - m);
            double stdErr = Math.sqrt(ss / (probes - 1) / probes);
            return new Estimate(m, stdErr, probes, values, mean, se, new double[][] {halfA, halfB}, false);
        }
    }
}
