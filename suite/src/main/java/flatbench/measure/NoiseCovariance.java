package flatbench.measure;

import java.util.ArrayList;
import java.util.List;

import flatbench.engine.Batch;
import flatbench.engine.Engine;
import flatbench.engine.HostVectorSpace;
import flatbench.engine.PerSampleAlgebra;
import flatbench.engine.Vec;
import flatbench.engine.VectorSpace;

/**
 * Measures the per-sample gradient covariance C of one batch of n samples without holding the
 * n × P matrix G: one streamed pass over the rows for ḡ and diag(C) (Welford, in float64), and
 * the engine's centred Gram matrix for the spectrum. The Gram matrix is requested for the whole
 * noise batch in one call, because centring needs every cross term ⟨gᵢ, gⱼ⟩; engines chunk
 * internally, and it is held as n × n doubles (n up to a few thousand). Small n are
 * diagonalised densely (EJML); larger n by Lanczos for the top eigenpairs.
 */
public final class NoiseCovariance {
    private NoiseCovariance() {}

    /**
     * @param keepEigenvectors how many top eigenvectors of K̃ to keep (for overlaps and
     *                         {@link #eigenvectors}); clipped to n
     */
    public static NoiseResult measure(Engine engine, Batch batch, NoiseConfig config, int keepEigenvectors, ProgressListener progress) {
        int n = batch.size();
        if (n < 2) throw new IllegalArgumentException("the noise covariance needs at least 2 samples, not " + n);
        long p = engine.parameterCount();
        if (p > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("model too large for host accumulators: " + p + " parameters");
        double[] mean = new double[(int) p], m2 = new double[(int) p];
        int[] seen = {0};
        double[] norms = new double[n];
        long t0 = System.nanoTime();
        engine.perSampleGradients(batch, (row, g) -> {
            int count = ++seen[0];
            double sq = 0;
            for (int t = 0; t < g.length; t++) {
                double d = g[t] - mean[t];
                mean[t] += d / count;
                m2[t] += d * (g[t] - mean[t]);
                sq += g[t] * g[t];
            }
            norms[row] = Math.sqrt(sq);
            progress.update("per-sample gradients", count, n);
        });
        double rowSeconds = (System.nanoTime() - t0) / 1e9;
        if (seen[0] != n) throw new IllegalStateException("engine streamed " + seen[0] + " per-sample gradients for " + n + " samples");
        double trace = 0, g2 = 0;
        for (int t = 0; t < m2.length; t++) {
            m2[t] /= n;
            trace += m2[t];
            g2 += mean[t] * mean[t];
        }
        progress.update("noise Gram matrix", 0, 1);
        // The uncentred Gram gives gᵢᵀḡ (its row means) as well, which resampled ‖ḡ‖² needs; centring is exact algebra.
        double[][] raw = engine.gram(batch, false);
        if (raw.length != n) throw new IllegalStateException("engine returned a " + raw.length + "-row Gram matrix for " + n + " samples");
        double[] rowMean = new double[n];
        double all = 0;
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (double x : raw[i]) s += x;
            rowMean[i] = s / n;
            all += rowMean[i] / n;
        }
        double[] meanDots = new double[n];
        for (int i = 0; i < n; i++) meanDots[i] = rowMean[i] - all;
        double[][] k = PerSampleAlgebra.centre(raw);
        double traceK = 0;
        for (int i = 0; i < n; i++) traceK += k[i][i];
        int keep = Math.min(Math.max(0, keepEigenvectors), n);
        GramSpectrum gs = gramSpectrum(k, keep, config, p);
        progress.update("noise Gram matrix", 1, 1);
        long dataset = config.datasetSize() > 0 ? config.datasetSize() : n;
        NoiseResult r = new NoiseResult(n, mean, m2, norms, rowSeconds, trace, traceK / n, g2, gs.values, gs.vectors, gs.method, gs.converged,
                config.sampling(), config.stepBatchSize(), dataset, config.stepFactor(n), k, meanDots, Bootstrap.Intervals.NONE,
                config.bootstrapResamples(), config.seed());
        progress.update("noise bootstrap", 0, 1);
        Bootstrap.Intervals iv = Bootstrap.intervals(n, config.bootstrapResamples(), config.seed(), w -> r.statistics(r.resample(w)));
        progress.update("noise bootstrap", 1, 1);
        return r.withIntervals(iv);
    }

    private record GramSpectrum(double[] values, double[][] vectors, String method, boolean converged) {}

    /** Every eigenvalue for small n; the top ones by Lanczos (host vectors of length n) above {@link NoiseConfig#denseGramMax}. */
    private static GramSpectrum gramSpectrum(double[][] k, int keep, NoiseConfig config, long parameters) {
        int n = k.length;
        if (n <= config.denseGramMax()) {
            SymmetricEigen eig = SymmetricEigen.of(k, keep > 0);
            double[][] u = new double[keep][];
            for (int j = 0; j < keep; j++) u[j] = eig.vectors()[j];
            return new GramSpectrum(eig.values(), u, "dense", true);
        }
        // K̃ has rank at most P: beyond that its eigenvalues are 0 and Lanczos would only chase round-off.
        int m = (int) Math.min(Math.min(n, parameters), Math.max(config.gramEigenvalues(), keep));
        HostVectorSpace space = new HostVectorSpace(n);
        LinearOperator op = (v, out) -> {
            double[] x = space.data(v), y = space.data(out);
            for (int i = 0; i < n; i++) {
                double s = 0;
                double[] row = k[i];
                for (int j = 0; j < n; j++) s += row[j] * x[j];
                y[i] = s;
            }
        };
        // 3m + 20 steps resolve the top m of a Gram spectrum well in practice; unconverged pairs are flagged.
        int steps = Math.min(n, 3 * m + 20);
        try (Lanczos.Eigenpairs e = Lanczos.top(space, op, m, steps, GRAM_LANCZOS_TOL, 1, ProgressListener.NONE)) {
            double[][] u = new double[Math.min(keep, e.values().length)][];
            for (int j = 0; j < u.length; j++) u[j] = space.toHost(e.vectors().get(j));
            return new GramSpectrum(e.values(), u, "lanczos-top-" + m, e.converged());
        }
    }

    /** Relative residual the Gram Lanczos aims for: far below the sampling error of C itself. */
    private static final double GRAM_LANCZOS_TOL = 1e-8;

    /**
     * The top eigenvectors of C in the engine's space, wⱼ = G̃ᵀuⱼ / ‖G̃ᵀuⱼ‖, accumulated from
     * streamed rows. Holds count × P doubles on the host while accumulating.
     */
    public static List<Vec> eigenvectors(Engine engine, Batch batch, NoiseResult noise, int count) {
        if (batch.size() != noise.samples()) throw new IllegalArgumentException("pass the same batch the noise result was measured on");
        if (count > noise.gramEigenvectors().length) {
            throw new IllegalArgumentException("only " + noise.gramEigenvectors().length + " Gram eigenvectors were kept, " + count + " asked for");
        }
        int p = noise.meanGradient().length;
        double[][] acc = new double[count][p];
        double[][] u = noise.gramEigenvectors();
        engine.perSampleGradients(batch, (row, g) -> {
            for (int j = 0; j < count; j++) {
                double c = u[j][row];
                double[] a = acc[j];
                for (int t = 0; t < p; t++) a[t] += c * g[t];
            }
        });
        VectorSpace space = engine.vectors();
        List<Vec> out = new ArrayList<>(count);
        for (int j = 0; j < count; j++) {
            // Centring: G̃ᵀu = Gᵀu − (Σᵢ uᵢ) ḡ; Σᵢ uᵢ ≈ 0 for a centred K̃, but not exactly.
            double su = 0;
            for (double x : u[j]) su += x;
            double norm = 0;
            for (int t = 0; t < p; t++) {
                acc[j][t] -= su * noise.meanGradient()[t];
                norm += acc[j][t] * acc[j][t];
            }
            norm = Math.sqrt(norm);
            if (!(norm > 0)) throw new IllegalStateException("noise eigenvector " + j + " maps to zero: C has rank below " + (j + 1));
            for (int t = 0; t < p; t++) acc[j][t] /= norm;
            out.add(space.fromHost(acc[j]));
            acc[j] = null;
        }
        return out;
    }

    /**
     * Per-sample gradients projected on directions vₖ, centred: σ²ₖ = vₖᵀCvₖ and ḡᵀvₖ.
     *
     * @param centred   n × k, (gᵢ − ḡ)ᵀvₖ
     * @param means     ḡᵀvₖ
     * @param variances σ²ₖ = (1/n) Σᵢ ((gᵢ − ḡ)ᵀvₖ)²
     */
    public record Projections(double[][] centred, double[] means, double[] variances) {}

    public static Projections project(Engine engine, Batch batch, List<Vec> directions) {
        double[][] pr = engine.project(batch, directions);
        int n = pr.length, k = directions.size();
        if (n != batch.size()) throw new IllegalStateException("engine projected " + n + " rows for " + batch.size() + " samples");
        double[] means = new double[k], vars = new double[k];
        double[][] c = new double[n][k];
        for (int j = 0; j < k; j++) {
            double s = 0;
            for (double[] row : pr) s += row[j];
            means[j] = s / n;
            double ss = 0;
            for (int i = 0; i < n; i++) {
                c[i][j] = pr[i][j] - means[j];
                ss += c[i][j] * c[i][j];
            }
            vars[j] = ss / n;
        }
        return new Projections(c, means, vars);
    }

    /**
     * The terms g̃ᵢᵀAg̃ᵢ of tr(AC) = (1/n) Σᵢ g̃ᵢᵀAg̃ᵢ (exact for the sample covariance), by n
     * operator products; for small models and noise batches (the top-k estimate Σ λₖσ²ₖ is the
     * scalable one). Per sample, so the bootstrap can resample them.
     */
    public static double[] rowTraces(Engine engine, Batch batch, NoiseResult noise, LinearOperator a, ProgressListener progress) {
        VectorSpace space = engine.vectors();
        int n = batch.size();
        double[] mean = noise.meanGradient();
        double[] terms = new double[n];
        try (Vec av = space.zeros()) {
            GradientRows.forEachChunk(engine, batch, (first, rows) -> {
                for (int r = 0; r < rows.length; r++) {
                    double[] g = rows[r];
                    for (int t = 0; t < g.length; t++) g[t] -= mean[t];
                    try (Vec v = space.fromHost(g)) {
                        a.apply(v, av);
                        terms[first + r] = space.dot(v, av);
                    }
                    progress.update("exact-trHC", first + r + 1, n);
                }
            });
        }
        return terms;
    }
}
