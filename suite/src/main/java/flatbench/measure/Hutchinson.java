package flatbench.measure;

import flatbench.engine.Vec;
import flatbench.engine.VectorSpace;

/** Hutchinson's trace and diagonal estimates, tr A = E[zᵀAz] and diag A = E[z ⊙ Az], with Rademacher z. */
public final class Hutchinson {
    private Hutchinson() {}

    /**
     * @param trace             mean of zᵀAz over the probes
     * @param standardError     sample standard deviation of zᵀAz over √probes
     * @param probes            number of probes
     * @param probeValues       zᵀAz per probe (raw samples for the record)
     * @param diagonal          mean of z ⊙ Az (length P, on the host)
     * @param diagonalStdError  per-entry standard error of the diagonal estimate
     */
    public record Estimate(double trace, double standardError, int probes, double[] probeValues,
                           double[] diagonal, double[] diagonalStdError) {}

    public static Estimate estimate(VectorSpace space, LinearOperator a, int probes, long seed, ProgressListener progress) {
        if (probes < 2) throw new IllegalArgumentException("Hutchinson needs at least 2 probes, not " + probes);
        double[] values = new double[probes];
        try (Vec z = space.zeros(); Vec az = space.zeros(); Vec sum = space.zeros(); Vec sumSq = space.zeros(); Vec t = space.zeros()) {
            for (int i = 0; i < probes; i++) {
                space.fillRademacher(z, seed + i);
                a.apply(z, az);
                values[i] = space.dot(z, az);
                space.scale(t, 0);
                space.multiplyAccumulate(z, az, t);
                space.axpy(1, t, sum);
                space.multiplyAccumulate(t, t, sumSq);
                progress.update("hutchinson", i + 1, probes);
            }
            double[] mean = space.toHost(sum), sq = space.toHost(sumSq);
            double[] se = new double[mean.length];
            for (int j = 0; j < mean.length; j++) {
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
            return new Estimate(m, stdErr, probes, values, mean, se);
        }
    }
}
