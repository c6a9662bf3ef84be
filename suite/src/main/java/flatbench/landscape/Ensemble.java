package flatbench.landscape;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * R independent runs of one optimizer on one {@link Objective}, advanced together: the state is
 * one R × d array and each step is one pass over it. Run r draws its mini-batches and noise from
 * its own generator, seeded by seeds[r] alone, so a run's path does not depend on which other runs
 * share the ensemble (R runs together equal R runs alone with the same seeds).
 *
 * <p>Each run stops at the first step where it leaves the basin (its first-passage time) or
 * diverges (a non-finite coordinate or one beyond the bound); the others go on to the step budget,
 * where they are censored.
 */
public final class Ensemble {
    private Ensemble() {}

    /** Whether a run at x[off .. off+d) has left the basin it started in (e.g. crossed the barrier's coordinate). */
    @FunctionalInterface
    public interface Basin {
        boolean left(double[] x, int off);

        Basin NEVER = (x, off) -> false;

        /** Left once coordinate j is below (or, with below false, above) the threshold. */
        static Basin crossed(int j, double threshold, boolean below) {
            return below ? (x, off) -> x[off + j] < threshold : (x, off) -> x[off + j] > threshold;
        }
    }

    /** Sees the R × d state after every step (active[r]: run r has neither left nor diverged). */
    @FunctionalInterface
    public interface Observer {
        void observe(long step, double[] x, boolean[] active);
    }

    /**
     * @param maxSteps   the step budget; runs still in the basin then are censored
     * @param divergence a run has diverged once some |x_j| exceeds this (or is not finite)
     */
    public record Limits(long maxSteps, double divergence) {
        public Limits {
            if (maxSteps < 0 || !(divergence > 0)) throw new IllegalArgumentException("limits need maxSteps ≥ 0 and a positive divergence bound");
        }
    }

    /**
     * @param positions    the R × d state at the end (where each run stopped)
     * @param exitStep     per run, the step at which it left the basin, or −1 (censored or diverged)
     * @param divergedStep per run, the step at which it diverged, or −1
     * @param steps        steps taken by the longest run
     */
    public record Result(double[] positions, int dimension, long[] exitStep, long[] divergedStep, long steps, long maxSteps) {
        public int runs() { return exitStep.length; }

        public double[] position(int r) { return Arrays.copyOfRange(positions, r * dimension, (r + 1) * dimension); }

        public int exited() { return (int) Arrays.stream(exitStep).filter(s -> s >= 0).count(); }

        public int diverged() { return (int) Arrays.stream(divergedStep).filter(s -> s >= 0).count(); }
    }

    /** R seeds from one: the r-th output of a generator seeded by seed. */
    public static long[] seeds(long seed, int runs) {
        return new SplittableRandom(seed).longs(runs).toArray();
    }

    /**
     * The seed of one named stream of an experiment, from the experiment's root seed: a 64-bit mix
     * of (root, tag, index), so streams of different tags or indices never coincide the way
     * root + 31·i and root + 977·i, or root ^ 2 and root + 2, can (Stafford's variant 13 finaliser).
     */
    public static long stream(long root, String tag, long index) {
        long h = mix(root ^ 0x9e3779b97f4a7c15L);
        for (int i = 0; i < tag.length(); i++) h = mix(h ^ tag.charAt(i));
        return mix(h ^ mix(index + 0x632be59bd9b4e019L));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** R copies of one start point as an R × d state. */
    public static double[] replicate(double[] start, int runs) {
        double[] x = new double[runs * start.length];
        for (int r = 0; r < runs; r++) System.arraycopy(start, 0, x, r * start.length, start.length);
        return x;
    }

    public static Result run(Objective f, Optimizer opt, double[] start, long[] seeds, Limits limits, Basin basin, Observer observer) {
        int d = f.dimension(), runs = seeds.length;
        if (start.length != runs * d) throw new IllegalArgumentException("the start holds " + start.length + " values, not R × d = " + runs * d);
        double[] x = start.clone();
        double[] velocity = new double[runs * d];
        double[] g = new double[d], z = new double[d];
        SplittableRandom[] rng = new SplittableRandom[runs];
        for (int r = 0; r < runs; r++) rng[r] = new SplittableRandom(seeds[r]);
        long[] exit = new long[runs], diverged = new long[runs];
        Arrays.fill(exit, -1);
        Arrays.fill(diverged, -1);
        boolean[] active = new boolean[runs];
        Arrays.fill(active, true);
        int left = runs;
        long step = 0;
        int n = f.samples();
        while (step < limits.maxSteps() && left > 0) {
            step++;
            for (int r = 0; r < runs; r++) {
                if (!active[r]) continue;
                int off = r * d;
                Arrays.fill(g, 0);
                double momentum = 0;
                if (opt instanceof Optimizer.Sgd s) {
                    double w = 1.0 / s.batch();
                    for (int b = 0; b < s.batch(); b++) f.addSampleGradient(rng[r].nextInt(n), x, off, w, g, 0);
                    momentum = s.momentum();
                } else if (opt instanceof Optimizer.ShapedLangevin l) {
                    f.addGradient(x, off, 1, g, 0);
                    for (int j = 0; j < d; j++) z[j] = rng[r].nextGaussian();
                    l.shape().addNoise(x, off, z, g);
                } else if (opt instanceof Optimizer.Langevin l) {
                    f.addGradient(x, off, 1, g, 0);
                    for (int j = 0; j < d; j++) z[j] = rng[r].nextGaussian();
                    double[][] fac = l.factor();
                    for (int j = 0; j < d; j++) {
                        double s = 0;
                        for (int k = 0; k < d; k++) s += fac[j][k] * z[k];
                        g[j] += s;
                    }
                }
                double eta = opt.eta();
                boolean bad = false;
                for (int j = 0; j < d; j++) {
                    double v = momentum > 0 ? (velocity[off + j] = momentum * velocity[off + j] + g[j]) : g[j];
                    double nx = x[off + j] - eta * v;
                    x[off + j] = nx;
                    if (!(Math.abs(nx) <= limits.divergence())) bad = true;
                }
                if (bad) {
                    diverged[r] = step;
                    active[r] = false;
                    left--;
                } else if (basin.left(x, off)) {
                    exit[r] = step;
                    active[r] = false;
                    left--;
                }
            }
            if (observer != null) observer.observe(step, x, active);
        }
        return new Result(x, d, exit, diverged, step, limits.maxSteps());
    }
}
