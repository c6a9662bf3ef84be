package flatbench.measure;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import flatbench.benchmark.BenchHarness;
import flatbench.data.Part;
import flatbench.data.Synthetic;
import flatbench.engine.Batch;
import flatbench.engine.Engine;
import flatbench.engine.Engines;
import flatbench.engine.HostVectorSpace;
import flatbench.engine.Precision;
import flatbench.engine.Vec;
import flatbench.engine.VectorSpace;
import flatbench.model.Layer;
import flatbench.model.ModelSpec;
import flatbench.model.Shape;

/**
 * The near-zero eigenvalue fraction from SLQ's quadratures against exact counts: a planted
 * spectrum (rotated, so every probe sees it with its own sampling error), and the dense float64
 * Hessian of a small CNN built from central differences of the reference engine's gradient (no
 * Hessian-vector product code involved). The quadrature bracket must hold every run's exact
 * probe mass always; the probe interval must hold the exact fraction where the threshold sits in
 * a gap of the spectrum (resolved), and exclude a count that is off by a few percent.
 */
class NearZeroFractionTest {

    /** Exact fraction of |λ| &lt; t. */
    private static double exactFraction(double[] lambda, double t) {
        return Arrays.stream(lambda).filter(l -> Math.abs(l) < t).count() / (double) lambda.length;
    }

    private static LinearOperator dense(HostVectorSpace space, double[][] a) {
        return (v, out) -> System.arraycopy(DenseReference.times(a, space.data(v)), 0, space.data(out), 0, a.length);
    }

    /** 55% exact zeros, 10% tiny of both signs (|λ| ≤ 1e-6), a bulk in [0.3, 1], a few outliers in [3, 10] and negatives in [−0.5, −0.3]. */
    private static double[] planted(int p) {
        SplittableRandom r = new SplittableRandom(5);
        double[] l = new double[p];
        for (int i = 0; i < p; i++) {
            double u = i / (double) p;
            l[i] = u < 0.55 ? 0 : u < 0.65 ? (r.nextDouble() * 2 - 1) * 1e-6 : u < 0.9 ? Math.exp(Math.log(0.3) * r.nextDouble())
                    : u < 0.95 ? 3 + 7 * r.nextDouble() : -0.3 - 0.2 * r.nextDouble();
        }
        return l;
    }

    @Test
    void plantedSpectrumIsCountedWithinItsIntervalAndTheBracketAlwaysHolds() {
        int p = 400;
        double[] lambda = planted(p);
        double[][] a = DenseReference.withSpectrum(lambda, 11);
        HostVectorSpace space = new HostVectorSpace(p);
        DenseReference.Eig eig = DenseReference.eig(a);
        double[] thresholds = {0.01, 0.1};
        // Both thresholds lie well inside the gap between 1e-6 and 0.3: the quadrature resolves them.
        for (double t : thresholds) assertEquals(0.65, exactFraction(lambda, t), 1e-12);
        int repeats = 40, runs = 10, steps = 40, covered = 0;
        for (int rep = 0; rep < repeats; rep++) {
            long seed = 1000L * rep;
            SpectralDensity d = SpectralDensity.estimate(space, dense(space, a), runs, steps, 0.01, 50, seed, ProgressListener.NONE);
            NearZeroFraction f = NearZeroFraction.of(d, thresholds, 1000, rep);
            for (int j = 0; j < thresholds.length; j++) {
                assertTrue(f.bracketLow()[j] <= f.fraction()[j] && f.fraction()[j] <= f.bracketHigh()[j]);
                // Narrow enough to catch a count off by ten points (the tiny eigenvalues left out, 0.55, or counted twice, 0.75).
                assertTrue(f.lower()[j] > 0.55 && f.upper()[j] < 0.75, "interval " + f.lower()[j] + " – " + f.upper()[j]);
            }
            if (f.lower()[1] <= 0.65 && 0.65 <= f.upper()[1]) covered++;
            if (rep > 2) continue;
            // The bracket is rigorous for each run's own measure: that measure, exactly, from the dense eigenvectors.
            for (int r = 0; r < runs; r++) {
                Vec z = space.zeros();
                space.fillRademacher(z, seed + r);
                double[] v = space.toHost(z);
                for (int i = 0; i < p; i++) v[i] /= Math.sqrt(p);
                NearZeroFraction.Quadrature q = NearZeroFraction.Quadrature.sorted(d.nodes()[r], d.weights()[r]);
                for (double t : new double[] {1e-7, 1e-4, 0.02, 0.1, 0.4, 1, 5}) {
                    double mass = 0;
                    for (int k = 0; k < p; k++) if (Math.abs(eig.values()[k]) < t) mass += Math.pow(DenseReference.dot(eig.vectors()[k], v), 2);
                    assertTrue(q.lowerMassWithin(t) <= mass + 1e-9 && mass <= q.upperMassWithin(t) + 1e-9,
                            "run " + r + " t=" + t + ": mass " + mass + " outside [" + q.lowerMassWithin(t) + ", " + q.upperMassWithin(t) + "]");
                }
            }
        }
        // Nominal 95%; a percentile bootstrap over 10 runs covers a little less. 32 of 40 would fail a biased count or a
        // too-narrow interval (one of the probe sampling error alone, about 0.01 here, halved, covers about 70%).
        assertTrue(covered >= 32, "the interval held the exact fraction in " + covered + " of " + repeats + " repetitions");
    }

    @Test
    void tooFewStepsLeaveTheCountUnresolvedAndTheBracketSaysSo() {
        int p = 400;
        double[] lambda = planted(p);
        double[][] a = DenseReference.withSpectrum(lambda, 12);
        HostVectorSpace space = new HostVectorSpace(p);
        SpectralDensity d = SpectralDensity.estimate(space, dense(space, a), 4, 6, 0.01, 100, 7, ProgressListener.NONE);
        NearZeroFraction f = NearZeroFraction.of(d, new double[] {1e-4}, 500, 1);
        // Six nodes over [−0.5, 10]: the zero cluster shares its node with part of the bulk, and the bracket is wide.
        assertTrue(f.bracketHigh()[0] - f.bracketLow()[0] > 0.3, "bracket " + f.bracketLow()[0] + " – " + f.bracketHigh()[0]);
        assertTrue(f.bracketLow()[0] <= 0.65 && 0.65 <= f.bracketHigh()[0]);
        assertTrue(BenchHarness.median(f.nodeSpacing()) > 1e-4, "the nodes around zero are further apart than the threshold");
        flatbench.record.Estimate m = f.measured(0, 0.05);
        assertTrue(Double.isNaN(m.number()), "an unresolved count has no value, whatever the nodes' estimate (" + f.fraction()[0] + ")");
        assertTrue(m.lower(0) <= f.bracketLow()[0] && f.bracketHigh()[0] <= m.upper(0), "its interval holds the whole bracket");
    }

    /**
     * The row's arithmetic on hand-made numbers: resolved, the probe interval [0.88, 0.93] around
     * 0.90 is widened to the bracket [0.89, 0.91] moved out by the half-widths 0.02 and 0.03; not
     * resolved (a bracket 0.98 wide around an estimate 0 with a degenerate probe interval), no value
     * and the bracket itself.
     */
    @Test
    void measuredValueOnlyWhereTheBracketResolvesTheThreshold() {
        double[] none = {0};
        NearZeroFraction resolved = new NearZeroFraction(new double[] {1e-4}, new double[] {0.90}, new double[] {0.88}, new double[] {0.93},
                new double[] {0.89}, new double[] {0.91}, none, none, none);
        assertTrue(resolved.resolved(0, 0.05));
        flatbench.record.Estimate r = resolved.measured(0, 0.05);
        assertEquals(0.90, r.number(), 0);
        assertEquals(0.87, r.lower(0), 1e-12);
        assertEquals(0.94, r.upper(0), 1e-12);
        assertFalse(resolved.resolved(0, 0.01), "a criterion narrower than the bracket");
        assertTrue(Double.isNaN(resolved.measured(0, 0.01).number()));

        NearZeroFraction wide = new NearZeroFraction(new double[] {1e-4}, new double[] {0.0}, new double[] {0.0}, new double[] {0.0},
                new double[] {0.0}, new double[] {0.98}, none, none, none);
        flatbench.record.Estimate w = wide.measured(0, 0.05);
        assertTrue(Double.isNaN(w.number()), "0 is where the nodes fell, not a measurement");
        assertEquals(0.0, w.lower(0), 0);
        assertEquals(0.98, w.upper(0), 1e-12);
    }

    /**
     * A small CNN (P = 363) on 12 samples of 3 classes: the Gauss–Newton part has rank at most
     * 12 · 2 = 24, so most eigenvalues of the Hessian come from the residual term alone, and about
     * 65% are zero to rounding (dead and pooled-away units). The dense Hessian from float64 central differences of the reference engine's
     * gradient is the reference; SLQ runs on the engine's exact Hessian-vector products.
     */
    @Test
    void smallCnnHessianNearZeroFractionAgreesWithTheDenseEigendecomposition() {
        ModelSpec spec = new ModelSpec("tiny-cnn", new Shape(1, 8, 8), 3, java.util.List.of(
                Layer.Conv2d.of(1, 4, 3), new Layer.MaxPool(2, 2), new Layer.Relu(),
                new Layer.Dense(36, 8), new Layer.Relu(), new Layer.Dense(8, 3)));
        try (Engine e = Engines.find("java").orElseThrow().create(spec, Precision.FLOAT64, 4)) {
            int p = Math.toIntExact(e.parameterCount());
            Batch batch = Synthetic.teacherStudent(spec.input(), 3, 12, new Synthetic.Teacher(6), 8, Part.TRAIN).all();
            double[][] h = denseHessian(e, batch);
            double[] lambda = DenseReference.eig(h).values();
            HostVectorSpace space = new HostVectorSpace(p);
            LinearOperator op = (v, out) -> {
                try (Vec ev = e.vectors().fromHost(space.data(v)); Vec eo = e.vectors().zeros()) {
                    e.hessianVector(batch, ev, eo);
                    System.arraycopy(e.vectors().toHost(eo), 0, space.data(out), 0, p);
                }
            };
            SpectralDensity d = SpectralDensity.estimate(space, op, 16, 60, 0.01, 100, 21, ProgressListener.NONE);
            double[] t = gapThresholds(lambda);
            NearZeroFraction f = NearZeroFraction.of(d, t, 2000, 5);
            for (int j = 0; j < t.length; j++) {
                double exact = exactFraction(lambda, t[j]);
                System.out.printf("P=%d t=%.3g exact %.4f slq %.4f [%.4f, %.4f] bracket [%.4f, %.4f]%n", p, t[j], exact, f.fraction()[j],
                        f.lower()[j], f.upper()[j], f.bracketLow()[j], f.bracketHigh()[j]);
                assertTrue(f.bracketLow()[j] <= exact + 0.02 && exact <= f.bracketHigh()[j] + 0.02, "bracket misses at t=" + t[j]);
                assertTrue(f.lower()[j] <= exact && exact <= f.upper()[j], "t=" + t[j] + ": dense " + exact + " outside ["
                        + f.lower()[j] + ", " + f.upper()[j] + "]");
                assertTrue(f.upper()[j] - f.lower()[j] < 0.1, "interval too wide to catch a wrong count");
            }
        }
    }

    /**
     * Two thresholds in the widest gaps of |λ| (log scale) between the 10% and 90% quantiles and
     * above 1e-3·max|λ|: counts away from any eigenvalue, at a scale the quadrature can resolve
     * (60 nodes do not place the zero cluster to within 1e-9; {@link #tooFewStepsLeaveTheCountUnresolvedAndTheBracketSaysSo}).
     */
    private static double[] gapThresholds(double[] lambda) {
        double[] abs = Arrays.stream(lambda).map(Math::abs).map(x -> Math.max(x, 1e-300)).sorted().toArray();
        int n = abs.length;
        double best1 = 0, best2 = 0;
        int at1 = -1, at2 = -1;
        for (int i = n / 10; i < n * 9 / 10; i++) {
            double gap = Math.log(abs[i + 1]) - Math.log(abs[i]);
            if (abs[i] < 1e-3 * abs[n - 1]) continue;
            if (gap > best1) {
                best2 = best1;
                at2 = at1;
                best1 = gap;
                at1 = i;
            } else if (gap > best2) {
                best2 = gap;
                at2 = i;
            }
        }
        double[] t = {Math.sqrt(abs[at1] * abs[at1 + 1]), Math.sqrt(abs[at2] * abs[at2 + 1])};
        Arrays.sort(t);
        return t;
    }

    /** Symmetrised (∇L(θ + εe_j) − ∇L(θ − εe_j)) / 2ε, column by column; θ restored. */
    private static double[][] denseHessian(Engine e, Batch b) {
        VectorSpace s = e.vectors();
        double[] theta = s.toHost(e.parameters());
        int p = theta.length;
        double[][] h = new double[p][];
        try (Vec g = s.zeros()) {
            for (int j = 0; j < p; j++) {
                double eps = 1e-5 * Math.max(1, Math.abs(theta[j]));
                double[] plus = theta.clone(), minus = theta.clone();
                plus[j] += eps;
                minus[j] -= eps;
                e.setParameters(s.fromHost(plus));
                e.lossAndGradient(b, g);
                double[] gp = s.toHost(g);
                e.setParameters(s.fromHost(minus));
                e.lossAndGradient(b, g);
                double[] gm = s.toHost(g);
                h[j] = new double[p];
                for (int i = 0; i < p; i++) h[j][i] = (gp[i] - gm[i]) / (2 * eps);
            }
        } finally {
            e.setParameters(s.fromHost(theta));
        }
        double[][] sym = new double[p][p];
        for (int i = 0; i < p; i++) for (int j = 0; j < p; j++) sym[i][j] = 0.5 * (h[i][j] + h[j][i]);
        return sym;
    }
}
