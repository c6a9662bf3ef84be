package flatbench.scenario;

import java.util.List;

import flatbench.landscape.Committee;
import flatbench.landscape.CriticalPoints;
import flatbench.landscape.Ensemble;
import flatbench.landscape.FirstPassage;
import flatbench.landscape.Objective;
import flatbench.landscape.Optimizer;
import flatbench.record.Estimate;
import flatbench.scenario.ReproductionSettings.Scale;
import flatbench.scenario.XieScenario.Sweep;
import flatbench.scenario.XieScenario.SweepBuilder;

/**
 * Xie et al.'s escape experiment on a single tanh neuron (the smallest network): one tanh unit with a bias on the
 * four-cluster XOR-like data of {@link Committee#quadrants} (d = 3 weights, squared loss, 200
 * samples: gradient descent with white noise takes the full batch every step). Its small-weight minimum (the unit in its near-linear range) is the basin; the
 * index-1 saddles on its rim, towards the solutions that fit three of the four clusters, are found
 * by eigenvector following ({@link CriticalPoints#saddlesAround}). A run has escaped once it
 * crosses the hyperplane through any rim saddle normal to that saddle's unstable direction (its
 * dividing surface). The input scale s sets the curvature (λ ∝ s²) at fixed barrier heights.
 *
 * <p>At this minimum C ≈ H (per-sample gradient covariance about equal to the Hessian along the escape
 * direction) and the noise is not zero along the saddles' unstable directions, so the setting is
 * the one Xie et al.'s theory assumes. (A saddle where two hidden units coincide would not do: there
 * every per-sample gradient moves both units alike, and SGD has no noise to cross it.)
 *
 * <p>Sweeps, as on the multi-well landscape: SGD with B swept at η₀ (ηλ_max = 0.1) against gradient
 * descent plus isotropic white noise of the same mean variance tr(C)/(dB) at the minimum; η swept at
 * fixed B; the curvature swept for SGD and for white noise of one fixed temperature (matched to SGD's
 * mean variance at the steepest setting), the white times checked against Kramers–Langer's formula.
 */
final class XieNetEscape {
    private XieNetEscape() {}

    static final int SAMPLES = 200, CURVATURE_BATCH = 1, ETA_SWEEP_BATCH = 1;
    static final double SPREAD = 0.3;

    /**
     * @param batches     B of the B sweep (SGD's effective barrier over T grows by about 3.5 per unit of B at η₀)
     * @param sgdRange    λ_max/λ_min of SGD's curvature sweep (its barrier over T grows in proportion)
     * @param whiteRange  λ_max/λ_min of the white noise's (its barrier over T is fixed)
     */
    record Sizes(int runs, long maxSteps, int[] batches, int curvaturePoints, double sgdRange, double whiteRange, double[] etaDivisors,
                 int resamples) {
        static Sizes of(Scale s) {
            return s.pick(new Sizes(100, 2_000_000, new int[] {1, 2}, 3, 1.5, 3, new double[] {1, 1.5}, 100),
                    new Sizes(300, 20_000_000, new int[] {1, 2, 3}, 4, 2, 10, new double[] {1, 1.5, 2}, 300),
                    new Sizes(2000, 100_000_000, new int[] {1, 2, 3}, 6, 2.5, 10, new double[] {1, 1.5, 2, 2.5}, 1000));
        }
    }

    /**
     * The basin at input scale 1: its minimum, the saddles on its rim (lowest first), the per-sample
     * gradient covariance C at the minimum, and the escape direction e (minimum to lowest saddle).
     */
    record Basin(Committee net, CriticalPoints.Point minimum, List<CriticalPoints.Point> saddles, double[][] noise, double[] escape) {
        static Basin locate(Committee net) {
            CriticalPoints.Point m = CriticalPoints.minimum(net, new double[net.dimension()], 2000);
            List<CriticalPoints.Point> rim = CriticalPoints.saddlesAround(net, m, 20_000);
            if (rim.isEmpty()) throw new IllegalStateException("no saddle found on the rim of the network's small-weight minimum");
            double[] e = new double[m.x().length];
            double n = 0;
            for (int j = 0; j < e.length; j++) {
                e[j] = rim.get(0).x()[j] - m.x()[j];
                n += e[j] * e[j];
            }
            for (int j = 0; j < e.length; j++) e[j] /= Math.sqrt(n);
            return new Basin(net, m, rim, net.sampleCovariance(m.x()), e);
        }

        int dimension() { return minimum.x().length; }

        /** The lowest saddle's height above the minimum (every scale). */
        double barrier() { return saddles.get(0).loss() - minimum.loss(); }

        /** eᵀ A e. */
        double along(double[][] a, double[] v) {
            double s = 0;
            for (int i = 0; i < v.length; i++) for (int j = 0; j < v.length; j++) s += v[i] * a[i][j] * v[j];
            return s;
        }

        /** The curvature along the escape direction at the minimum, scale 1. */
        double escapeCurvature() { return along(net.hessian(minimum.x()), escape); }

        /** C_ee/λ_e: the per-sample noise over the curvature along the escape direction (C ≈ H gives 1). */
        double noiseOverCurvature() { return along(noise, escape) / escapeCurvature(); }

        /** At the lowest saddle, uᵀCu/|λ_b| along its unstable direction u (0 would mean SGD cannot cross it). */
        double saddleNoiseOverCurvature() {
            CriticalPoints.Point s = saddles.get(0);
            return along(net.sampleCovariance(s.x()), s.unstable()) / Math.abs(s.lowest());
        }

        /** uᵀCu at the lowest saddle along its unstable direction, scale 1: SGD's per-sample noise variance there (B = 1). */
        double saddleNoise() {
            CriticalPoints.Point s = saddles.get(0);
            return along(net.sampleCovariance(s.x()), s.unstable());
        }

        /** tr(C)/d at the minimum, scale 1: white noise of this variance per coordinate has SGD's mean variance (B = 1). */
        double meanNoise() {
            double t = 0;
            for (int j = 0; j < noise.length; j++) t += noise[j][j];
            return t / noise.length;
        }

        /** Left once the run is past any rim saddle's dividing hyperplane, at input scale s (every point divided by s). */
        Ensemble.Basin exit(double s) {
            int d = dimension(), k = saddles.size();
            double[][] u = new double[k][], at = new double[k][];
            for (int i = 0; i < k; i++) {
                u[i] = saddles.get(i).unstable().clone();
                at[i] = saddles.get(i).x().clone();
                for (int j = 0; j < d; j++) at[i][j] /= s;
            }
            return (x, off) -> {
                for (int i = 0; i < k; i++) {
                    double p = 0;
                    for (int j = 0; j < d; j++) p += (x[off + j] - at[i][j]) * u[i][j];
                    if (p > 0) return true;
                }
                return false;
            };
        }

        /**
         * Kramers–Langer's mean time (t = η·steps) to reach a dividing surface at temperature T and input scale s:
         * each saddle's rate |λ_b|/(2π)·√(det H_min/|det H_b|)·e^{−ΔL/T}, twice over (half the runs that reach a
         * saddle's surface would fall back), summed over the rim; every eigenvalue scales with s², the determinant ratio does not.
         */
        double kramers(double s, double temperature) {
            double rate = 0;
            for (CriticalPoints.Point b : saddles) {
                rate += 2 * Math.abs(b.lowest()) * s * s / (2 * Math.PI) * Math.sqrt(minimum.absDeterminant() / b.absDeterminant())
                        * Math.exp(-(b.loss() - minimum.loss()) / temperature);
            }
            return 1 / rate;
        }

        /**
         * SGD's continuous-limit time along the straight line from the minimum to the lowest saddle, at input scale s:
         * the 1-D Itô passage time with drift −L′ and diffusion ηC_ee(x)/(2B) along that line (C the per-sample gradient
         * covariance, e the line's direction). The real path bends and has d − 1 more directions, so it is an estimate
         * (the budgets use it), not a check.
         */
        double itoTime(double s, double eta, int batch) {
            Committee f = s == 1 ? net : net.withScale(s);
            double[] m = start(s);
            double top = 0;
            for (int j = 0; j < m.length; j++) top += (saddles.get(0).x()[j] / s - m[j]) * escape[j];
            double lam = escapeCurvature() * s * s, t0 = eta * along(noise, escape) * s * s / (2 * batch);
            java.util.function.Function<Double, double[]> point = q -> {  // q = −(distance from the minimum towards the saddle)
                double[] x = m.clone();
                for (int j = 0; j < x.length; j++) x[j] -= q * escape[j];
                return x;
            };
            double hi = 8 * Math.sqrt(t0 / lam) + 0.5 * top;
            return FirstPassage.exactMean(q -> {
                double[] g = f.gradient(point.apply(q));
                double dl = 0;
                for (int j = 0; j < g.length; j++) dl -= g[j] * escape[j];
                return dl;
            }, q -> eta * along(f.sampleCovariance(point.apply(q)), escape) / (2 * batch), -top, 0, hi, 1_000);
        }

        /**
         * The censored runs of r (still inside every known dividing hyperplane at the budget) that are not in this basin:
         * quenched by gradient descent and Newton ({@link CriticalPoints#minimum}), they end at another minimum (or at no
         * minimum at all). Each one is an escape through a saddle the rim search missed, counted as censored, biasing τ up.
         */
        int undetectedEscapes(Objective f, double s, Ensemble.Result r) {
            double[] m = start(s);
            double reach = 1e-3 * Math.max(1, norm(m));
            int n = 0;
            for (int i = 0; i < r.runs(); i++) {
                if (r.exitStep()[i] >= 0 || r.divergedStep()[i] >= 0) continue;
                double miss;
                try {
                    double[] q = CriticalPoints.minimum(f, r.position(i), 3_000).x();
                    miss = 0;
                    for (int j = 0; j < q.length; j++) miss = Math.max(miss, Math.abs(q[j] - m[j]));
                } catch (IllegalStateException notAMinimum) {
                    miss = Double.POSITIVE_INFINITY;  // it stopped on a saddle: not at this minimum either
                }
                if (miss > reach) n++;
            }
            return n;
        }

        private static double norm(double[] v) {
            double t = 0;
            for (double a : v) t += a * a;
            return Math.sqrt(t);
        }

        double[] start(double s) {
            double[] x = minimum.x().clone();
            for (int j = 0; j < x.length; j++) x[j] /= s;
            return x;
        }
    }

    /**
     * @param sgdSlope         b of ln(τ/x) = a + b·x, x = λ₁/λ (c = 1 exactly: L_s(θ) = L₁(sθ))
     * @param whiteSlope       the same for the white noise
     * @param sgdFit           {b, c} with c free (a check: c is barely identified over the short range)
     * @param whiteTemperature the fixed temperature of the white-noise curvature sweep
     * @param whiteKramers     Kramers–Langer's time at each of its settings
     * @param undetectedEscapes censored runs (all settings) that gradient descent plus Newton takes to another minimum
     *                          than the basin's: escapes through a rim saddle the search missed (0 when the rim is complete)
     */
    record Result(Basin basin, double eta, Sweep sgdByB, Sweep whiteByB, Sweep sgdByEta, Sweep sgdByH, Sweep whiteByH, Estimate sgdSlope,
                  Estimate whiteSlope, Estimate[] sgdFit, Estimate[] whiteFit, double whiteTemperature, double[] whiteKramers, double censored, int undetectedEscapes) {}

    static Result run(Scale scale, long seed, RunListener listener) {
        Sizes z = Sizes.of(scale);
        Basin b = Basin.locate(Committee.quadrants(SAMPLES, SPREAD, 1, Ensemble.stream(seed, "net-data", 0)));
        int d = b.dimension(), runs = z.runs();
        double eta0 = XieScenario.ETA_LAMBDA / b.minimum().highest(), c1 = b.meanNoise();
        double[] censored = {0};
        int[] undetected = {0}, setting = {0};
        long[] budget = {0};
        interface Exits { double[] of(double s, Optimizer opt, double expected); }
        Exits exits = (s, opt, expected) -> {
            budget[0] = XieScenario.budget(expected, opt.eta(), z.maxSteps());
            Objective f = s == 1 ? b.net() : b.net().withScale(s);
            Ensemble.Result r = Ensemble.run(f, opt, Ensemble.replicate(b.start(s), runs),
                    Ensemble.seeds(Ensemble.stream(seed, "net-escape", setting[0]++), runs), new Ensemble.Limits(budget[0], 1e3), b.exit(s), null);
            listener.update("net escape", setting[0], 0);
            censored[0] = Math.max(censored[0], FirstPassage.censoredFraction(r));
            undetected[0] += b.undetectedEscapes(f, s, r);
            return XieScenario.exitSteps(r);
        };
        // Budgets from the expected times: SGD's 1-D Itô estimate, white noise's Kramers–Langer time.
        int[] bs = z.batches();
        // SGD at (s = 1, η₀, B = 1) is a setting of all three SGD sweeps: it runs once and each sweep reuses its runs.
        double[] shared = null;
        long sharedBudget = 0;
        SweepBuilder sgdB = new SweepBuilder(bs.length), whiteB = new SweepBuilder(bs.length);
        for (int i = 0; i < bs.length; i++) {
            double[] e = exits.of(1, new Optimizer.Sgd(eta0, bs[i]), b.itoTime(1, eta0, bs[i]));
            if (bs[i] == 1) {
                shared = e;
                sharedBudget = budget[0];
            }
            sgdB.add(i, bs[i] / eta0, eta0, e, budget[0]);
            whiteB.add(i, bs[i] / eta0, eta0, exits.of(1, Optimizer.Langevin.isotropic(eta0, d, c1 / bs[i]), b.kramers(1, eta0 * c1 / (2 * bs[i]))),
                    budget[0]);
        }
        SweepBuilder sgdEta = new SweepBuilder(z.etaDivisors().length);
        for (int i = 0; i < z.etaDivisors().length; i++) {
            double eta = eta0 / z.etaDivisors()[i];
            if (shared != null && z.etaDivisors()[i] == 1 && ETA_SWEEP_BATCH == 1) sgdEta.add(i, 1 / eta, eta, shared, sharedBudget);
            else sgdEta.add(i, ETA_SWEEP_BATCH / eta, eta, exits.of(1, new Optimizer.Sgd(eta, ETA_SWEEP_BATCH), b.itoTime(1, eta, ETA_SWEEP_BATCH)),
                    budget[0]);
        }
        int np = z.curvaturePoints();
        SweepBuilder sgdH = new SweepBuilder(np), whiteH = new SweepBuilder(np);
        double whiteT = eta0 * c1 / (2 * CURVATURE_BATCH);
        double[] kramers = new double[np];
        for (int i = 0; i < np; i++) {
            // λ ∝ s²: s from 1 down to 1/√range, geometric in λ.
            double s = Math.pow(z.sgdRange(), -0.5 * i / (np - 1));
            if (shared != null && i == 0 && CURVATURE_BATCH == 1) sgdH.add(i, 1, eta0, shared, sharedBudget);
            else sgdH.add(i, 1 / (s * s), eta0, exits.of(s, new Optimizer.Sgd(eta0, CURVATURE_BATCH), b.itoTime(s, eta0, CURVATURE_BATCH)),
                    budget[0]);
            double sw = Math.pow(z.whiteRange(), -0.5 * i / (np - 1));
            kramers[i] = b.kramers(sw, whiteT);
            whiteH.add(i, 1 / (sw * sw), eta0, exits.of(sw, Optimizer.Langevin.temperature(eta0, d, whiteT), kramers[i]), budget[0]);
        }
        int res = z.resamples();
        return new Result(b, eta0, sgdB.line(res, Ensemble.stream(seed, "net-bootstrap-b", 0)), whiteB.line(res, Ensemble.stream(seed, "net-bootstrap-b", 1)),
                sgdEta.line(res, Ensemble.stream(seed, "net-bootstrap-eta", 0)), sgdH.line(res, Ensemble.stream(seed, "net-bootstrap-h", 0)),
                whiteH.line(res, Ensemble.stream(seed, "net-bootstrap-h", 1)), sgdH.unitLogSlope(res, Ensemble.stream(seed, "net-bootstrap-fit", 2)),
                whiteH.unitLogSlope(res, Ensemble.stream(seed, "net-bootstrap-fit", 3)), sgdH.curvatureFit(res, Ensemble.stream(seed, "net-bootstrap-fit", 0)),
                whiteH.curvatureFit(res, Ensemble.stream(seed, "net-bootstrap-fit", 1)), whiteT, kramers, censored[0], undetected[0]);
    }
}
