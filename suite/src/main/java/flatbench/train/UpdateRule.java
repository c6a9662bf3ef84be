package flatbench.train;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Which update rule a {@link Trainer} applies, with its own constants; the step size η is
 * {@link TrainingConfig#learningRate()}. Written on the command line as a name with optional
 * constants, e.g. {@code sgd}, {@code adam:beta2=0.99}, {@code entropy-sgd:L=5,gamma0=0.03}
 * ({@link #parse}, {@link #label} reads back).
 */
public sealed interface UpdateRule {
    /** The name and the constants that differ from the defaults, as {@link #parse} reads them. */
    String label();

    /** Mini-batch gradients one step evaluates. */
    default int gradientsPerStep() { return 1; }

    /** A momentum setting applied to this rule; refused by rules without one. */
    UpdateRule withMomentum(double momentum);

    /** Plain SGD (μ = 0) or heavy-ball momentum: v ← μv + ∇L, θ ← θ − ηv. */
    record Sgd(double momentum) implements UpdateRule {
        public Sgd {
            if (!(momentum >= 0 && momentum < 1)) throw new IllegalArgumentException("momentum must be in [0, 1), not " + momentum);
        }

        public String label() { return "sgd"; }

        public UpdateRule withMomentum(double m) { return new Sgd(m); }
    }

    /**
     * Adam (Kingma &amp; Ba): m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², θ ← θ − η m̂ / (√v̂ + ε) with the
     * bias corrections m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ) at step t = 1, 2, ….
     */
    record Adam(double beta1, double beta2, double epsilon) implements UpdateRule {
        public Adam {
            if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) throw new IllegalArgumentException("Adam's beta1 and beta2 must be in [0, 1)");
            if (!(epsilon > 0) || !Double.isFinite(epsilon)) throw new IllegalArgumentException("Adam's epsilon must be a positive number, not " + epsilon);
        }

        public String label() {
            Map<String, Double> c = new LinkedHashMap<>();
            c.put("beta1", beta1);
            c.put("beta2", beta2);
            c.put("epsilon", epsilon);
            return "adam" + constants(c, adam());
        }

        public UpdateRule withMomentum(double m) {
            if (m != 0) throw new IllegalArgumentException("--momentum applies to sgd and entropy-sgd; Adam's momentum is its beta1 (adam:beta1=…)");
            return this;
        }
    }

    /**
     * Entropy-SGD (Chaudhari et al., ICLR 2017): each outer step runs L inner steps of SGD Langevin
     * dynamics from x′ = θ on the mini-batch loss coupled to θ,
     * x′ ← x′ − η′(∇L(x′) + γ(x′ − θ)) + ε√(2η′)·z, keeping the running mean μ ← (1 − α)μ + αx′
     * (μ starts at θ), then moves θ along the local-entropy gradient θ − μ:
     * θ ← θ − η(θ − μ), with heavy-ball momentum when μ_m &gt; 0. The coupling grows as
     * γ(t) = γ₀(1 + γ₁)^t with the outer step t = 0, 1, … ("scoping").
     *
     * @param innerSteps        L
     * @param innerLearningRate η′
     * @param noise             ε, the inner Langevin noise
     * @param gamma0            γ₀
     * @param gamma1            γ₁
     * @param meanWeight        α (0.25 in the authors' code: μ ← 0.75μ + 0.25x′)
     * @param innerMomentum     Nesterov momentum m of the inner loop on the mini-batch gradient, its buffer u zeroed at
     *                          every outer step: u ← mu + g, g ← g + mu (0: none; the authors' code uses 0.9)
     * @param momentum          μ_m on the outer step
     */
    record EntropySgd(int innerSteps, double innerLearningRate, double noise, double gamma0, double gamma1, double meanWeight,
                      double innerMomentum, double momentum) implements UpdateRule {
        public EntropySgd {
            if (innerSteps < 1) throw new IllegalArgumentException("Entropy-SGD needs at least one inner step (L), not " + innerSteps);
            if (!(innerLearningRate > 0) || !Double.isFinite(innerLearningRate)) throw new IllegalArgumentException("Entropy-SGD's inner learning rate must be positive");
            if (!(noise >= 0) || !Double.isFinite(noise)) throw new IllegalArgumentException("Entropy-SGD's noise must be ≥ 0");
            if (!(gamma0 >= 0) || !(gamma1 >= 0) || !Double.isFinite(gamma0) || !Double.isFinite(gamma1)) throw new IllegalArgumentException("Entropy-SGD's gamma0 and gamma1 must be ≥ 0");
            if (!(meanWeight > 0 && meanWeight <= 1)) throw new IllegalArgumentException("Entropy-SGD's mean weight must be in (0, 1], not " + meanWeight);
            if (!(innerMomentum >= 0 && innerMomentum < 1)) throw new IllegalArgumentException("Entropy-SGD's inner (Nesterov) momentum must be in [0, 1), not " + innerMomentum);
            if (!(momentum >= 0 && momentum < 1)) throw new IllegalArgumentException("momentum must be in [0, 1), not " + momentum);
        }

        public int gradientsPerStep() { return innerSteps; }

        /** γ at outer step t (0-based). */
        public double gamma(long t) { return gamma0 * Math.pow(1 + gamma1, t); }

        public String label() {
            Map<String, Double> c = new LinkedHashMap<>();
            c.put("L", (double) innerSteps);
            c.put("lr", innerLearningRate);
            c.put("noise", noise);
            c.put("gamma0", gamma0);
            c.put("gamma1", gamma1);
            c.put("alpha", meanWeight);
            c.put("nesterov", innerMomentum);
            return "entropy-sgd" + constants(c, entropySgd());
        }

        public UpdateRule withMomentum(double m) {
            return new EntropySgd(innerSteps, innerLearningRate, noise, gamma0, gamma1, meanWeight, innerMomentum, m);
        }
    }

    static Sgd sgd() { return new Sgd(0); }

    /** Adam with its usual constants: β₁ = 0.9, β₂ = 0.999, ε = 1e-8. */
    static Adam adam() { return new Adam(0.9, 0.999, 1e-8); }

    /** Entropy-SGD with the constants of the authors' LeNet/MNIST run: L = 20, η′ = 0.1, ε = 1e-4, γ₀ = 1e-4, γ₁ = 1e-3, α = 0.25. */
    static EntropySgd entropySgd() { return new EntropySgd(20, 0.1, 1e-4, 1e-4, 1e-3, 0.25, 0, 0); }

    String HELP = "sgd, adam or entropy-sgd, optionally with constants: adam:beta1=B1,beta2=B2,epsilon=E; "
            + "entropy-sgd:L=N,lr=ETA,noise=EPS,gamma0=G0,gamma1=G1,alpha=A,nesterov=M (defaults: the authors' LeNet run, L=20, lr=0.1, "
            + "noise=1e-4, gamma0=1e-4, gamma1=1e-3, alpha=0.25, and no inner momentum, where their code has nesterov=0.9); "
            + "the outer step's momentum comes from --momentum";

    /** Reads {@code name[:key=value,…]}; throws IllegalArgumentException in one sentence for anything else. */
    static UpdateRule parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        int colon = t.indexOf(':');
        String name = colon < 0 ? t : t.substring(0, colon);
        Map<String, Double> c = new LinkedHashMap<>();
        if (colon >= 0) {
            for (String part : t.substring(colon + 1).split(",")) {
                if (part.isBlank()) continue;
                int eq = part.indexOf('=');
                if (eq < 0) throw new IllegalArgumentException("'" + part.strip() + "' in '" + text + "' is not KEY=VALUE");
                String key = part.substring(0, eq).strip();
                try {
                    c.put(key, Double.valueOf(part.substring(eq + 1).strip()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("the value of " + key + " in '" + text + "' is not a number");
                }
            }
        }
        return switch (name) {
            case "sgd" -> {
                known(c, text);
                yield sgd();
            }
            case "adam" -> {
                Adam d = adam();
                known(c, text, "beta1", "beta2", "epsilon");
                yield new Adam(c.getOrDefault("beta1", d.beta1()), c.getOrDefault("beta2", d.beta2()), c.getOrDefault("epsilon", d.epsilon()));
            }
            case "entropy-sgd" -> {
                EntropySgd d = entropySgd();
                known(c, text, "l", "lr", "noise", "gamma0", "gamma1", "alpha", "nesterov");
                double l = c.getOrDefault("l", (double) d.innerSteps());
                if (l != Math.rint(l)) throw new IllegalArgumentException("L in '" + text + "' must be a whole number");
                yield new EntropySgd((int) l, c.getOrDefault("lr", d.innerLearningRate()), c.getOrDefault("noise", d.noise()),
                        c.getOrDefault("gamma0", d.gamma0()), c.getOrDefault("gamma1", d.gamma1()), c.getOrDefault("alpha", d.meanWeight()),
                        c.getOrDefault("nesterov", d.innerMomentum()), 0);
            }
            default -> throw new IllegalArgumentException("unknown optimizer '" + text + "'; choose sgd, adam or entropy-sgd");
        };
    }

    private static void known(Map<String, Double> given, String text, String... keys) {
        for (String k : given.keySet()) {
            if (!java.util.List.of(keys).contains(k)) {
                throw new IllegalArgumentException("'" + k + "' is not a constant of '" + text.strip() + "'"
                        + (keys.length == 0 ? "" : "; it takes " + String.join(", ", keys)));
            }
        }
    }

    /** ":k=v,…" for the constants that differ from the defaults' (momentum excluded: it is its own setting). */
    private static String constants(Map<String, Double> values, UpdateRule defaults) {
        Map<String, Double> d = Map.of();
        if (defaults instanceof Adam a) d = Map.of("beta1", a.beta1(), "beta2", a.beta2(), "epsilon", a.epsilon());
        if (defaults instanceof EntropySgd e) {
            d = Map.of("L", (double) e.innerSteps(), "lr", e.innerLearningRate(), "noise", e.noise(),
                    "gamma0", e.gamma0(), "gamma1", e.gamma1(), "alpha", e.meanWeight(), "nesterov", e.innerMomentum());
        }
        StringBuilder b = new StringBuilder();
        Map<String, Double> given = d;
        values.forEach((k, v) -> {
            if (!v.equals(given.get(k))) {
                b.append(b.length() == 0 ? ":" : ",").append(k).append('=');
                b.append(v == Math.rint(v) && Math.abs(v) < 1e9 ? Long.toString(v.longValue()) : Double.toString(v));
            }
        });
        return b.toString();
    }
}
