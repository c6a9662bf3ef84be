package flatbench.measure;

import java.util.Locale;

import flatbench.model.ModelSpec;

/**
 * Which samples the curvature (Hessian or Gauss–Newton) is measured on. C and H both estimate
 * training-set quantities; a small separate curvature batch inflates the top eigenvalues and
 * tilts the eigenvectors toward its own samples, which biases σ²/λ low. So the whole training
 * set is the unbiased choice, the noise batch the fallback (H on at least the samples C is
 * measured on) where the whole set costs too much or the engine's products degrade over many
 * samples, and a number N of training samples an explicit trade of accuracy for time.
 *
 * @param kind    auto, train, noise or a sample of N
 * @param samples N for {@link Kind#SAMPLE}; 0 otherwise
 */
public record CurvatureData(Kind kind, int samples) {
    public enum Kind { AUTO, TRAIN, NOISE, SAMPLE }

    /**
     * The most multiply-adds one product over the whole training set may cost for {@code auto}
     * to choose it: the MLP on the 8,000 MNIST digits (3.4e8) fits, convolutional models on them
     * (cnn-small 4e9, LeNet 2e10) take the noise batch instead.
     */
    public static final double AUTO_TRAIN_MAX_MULTIPLY_ADDS = 1e9;

    public static final CurvatureData AUTO = new CurvatureData(Kind.AUTO, 0);
    public static final CurvatureData TRAIN = new CurvatureData(Kind.TRAIN, 0);
    public static final CurvatureData NOISE = new CurvatureData(Kind.NOISE, 0);

    /** The option's help text: what each choice means and why auto is the default. */
    public static final String HELP = "samples the Hessian is measured on: train (the whole training set: unbiased, "
            + "C and H both estimate training-set quantities), noise (the noise batch: H on the samples C is measured on), "
            + "N (N training samples: a small separate batch inflates the top eigenvalues and biases sigma^2/lambda low; "
            + "a split-half check then shows how far the numbers move), or auto (default: train when one product over it "
            + "costs at most " + String.format(Locale.ROOT, "%.0e", AUTO_TRAIN_MAX_MULTIPLY_ADDS)
            + " multiply-adds, as for the mlp on MNIST, and the engine's products are exact (cpu, java, cuda) or Gauss-Newton; "
            + "else noise: dl4j's finite-difference Hessian products straddle ReLU kinks more often the more samples they average)";

    public CurvatureData {
        if (kind == null) throw new IllegalArgumentException("choose curvature data: train, noise, auto or a number of samples");
        if (kind == Kind.SAMPLE && samples < 2) {
            throw new IllegalArgumentException("needs at least 2 samples (the split-half check needs two halves), not " + samples);
        }
        if (kind != Kind.SAMPLE && samples != 0) throw new IllegalArgumentException("only a sample has a sample count");
    }

    public static CurvatureData samples(int n) { return new CurvatureData(Kind.SAMPLE, n); }

    /** Parses "train", "noise", "auto" or a positive whole number. */
    public static CurvatureData parse(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        switch (t) {
            case "train": return TRAIN;
            case "noise": return NOISE;
            case "auto": return AUTO;
            default:
                try {
                    return samples(Integer.parseInt(t));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("must be train, noise, auto or a number of samples, not '" + s + "'");
                }
        }
    }

    /** "train", "noise", "auto" or the number. */
    public String label() {
        return kind == Kind.SAMPLE ? Integer.toString(samples) : kind.name().toLowerCase(Locale.ROOT);
    }

    /**
     * {@code auto} made concrete for a model, training-set size and engine; other choices unchanged.
     *
     * @param kinkSafeProducts whether the curvature products stay accurate over many samples: exact
     *        (R-operator) products, or Gauss–Newton ones. A finite-difference Hessian product of a
     *        ReLU network is off by about jump/(2h·N) for every sample whose step crosses a kink;
     *        over N samples such crossings become likely (over the 8,000 MNIST digits the DL4J
     *        products of the mlp were off by hundreds of times |Hv|), so those engines take the
     *        noise batch, where the Lanczos residual check still catches a spoiled pair.
     */
    public CurvatureData resolve(ModelSpec spec, int trainingSamples, boolean kinkSafeProducts) {
        if (kind != Kind.AUTO) return this;
        boolean affordable = (double) trainingSamples * spec.multiplyAddsPerSample() <= AUTO_TRAIN_MAX_MULTIPLY_ADDS;
        return affordable && kinkSafeProducts ? TRAIN : NOISE;
    }

    @Override public String toString() { return label(); }

    /**
     * What to do when the split-half check finds metrics whose halves disagree by more than their
     * interval's width: they are limited by the curvature data, not by the noise samples, so more
     * curvature data (not more noise samples) would narrow them. Each half holds half the samples,
     * so the difference between halves overstates the full data's own spread (about half of it for
     * a √N-consistent metric); the sentence says so rather than calling the run wrong. Where the
     * engine's products are finite differences of a Hessian, more samples make the products worse
     * on a ReLU net ({@link #resolve}), so it names an engine or operator that stays accurate.
     *
     * @param data              what the curvature was measured on (a sample or the noise batch)
     * @param trainingSamples   N of the training set
     * @param kinkSafeProducts  as in {@link #resolve}
     */
    public static String whenHalvesDisagree(Resolved data, int trainingSamples, boolean kinkSafeProducts) {
        int n = data.samples();
        String why = String.format(Locale.ROOT, "the curvature data (%d samples%s) limit them, not the noise samples; each half has %d, "
                + "so the full data's own spread is about half the difference between halves", n,
                data.used().kind() == Kind.NOISE ? ", the noise batch" : "", n / 2);
        if (!kinkSafeProducts) {
            return why + ". More samples would make this engine's finite-difference Hessian products less accurate on a ReLU net: "
                    + "measure with exact products (--engine cpu or java) and --curvature-data train, or use --curvature ggn";
        }
        int more = (int) Math.min((long) trainingSamples, 4L * n);
        String train = "--curvature-data train (all " + trainingSamples + " training samples, the unbiased choice; no split-half check then)";
        return why + ". To narrow them, measure on more training samples: "
                + (more < trainingSamples ? "--curvature-data " + more + " (4 times as many), or " : "") + train;
    }

    /**
     * What a run measured the curvature on, for the record.
     *
     * @param requested  as configured (may be auto)
     * @param used       what it resolved to
     * @param samples    samples averaged over
     * @param population whether they are the whole training set
     */
    public record Resolved(CurvatureData requested, CurvatureData used, int samples, boolean population) {}
}
