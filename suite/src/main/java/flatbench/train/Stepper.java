package flatbench.train;

import flatbench.engine.Vec;
import flatbench.engine.VectorSpace;

/**
 * An {@link UpdateRule} at work on one vector space, with the buffers it carries from step to
 * step. The {@link Trainer} drives it through an engine; an analytic objective can drive it with
 * its own {@link GradientOracle} on a {@link flatbench.engine.HostVectorSpace}.
 */
public sealed interface Stepper extends AutoCloseable permits Sgd, Adam, EntropySgd {
    /**
     * One step of θ. The caller has drawn this step's first mini-batch and passes its gradient at
     * θ; a rule that needs more gradients ({@link UpdateRule#gradientsPerStep()}) draws them from
     * {@code more}, which may move the engine's parameters.
     *
     * @param step the step's number, 1 for the first (Adam's bias correction, Entropy-SGD's γ(t), noise seeds)
     */
    void update(Vec theta, Vec grad, long step, GradientOracle more);

    /** The buffers that carry to the next step, for a checkpoint. */
    OptimizerState state();

    /** Sets the buffers from a checkpoint written by the same rule. */
    void restore(OptimizerState s);

    @Override void close();

    /**
     * A stepper for the rule.
     *
     * @param learningRate η
     * @param seed         seeds the noise a rule draws (Entropy-SGD's inner Langevin steps)
     */
    static Stepper of(UpdateRule rule, VectorSpace space, double learningRate, long seed) {
        if (rule instanceof UpdateRule.Sgd s) return new Sgd(space, learningRate, s.momentum());
        if (rule instanceof UpdateRule.Adam a) return new Adam(space, learningRate, a);
        return new EntropySgd(space, learningRate, (UpdateRule.EntropySgd) rule, seed);
    }

    /** The buffer named, checked against the space's dimension; refuses a state of another kind. */
    static double[] buffer(OptimizerState s, String kind, String name, VectorSpace space) {
        if (!kind.equals(s.kind())) throw new IllegalArgumentException("an optimizer state of kind '" + s.kind() + "' cannot restore " + kind);
        double[] v = s.buffers().get(name);
        if (v == null) throw new IllegalArgumentException("the " + kind + " optimizer state lacks its " + name);
        if (v.length != space.dimension()) throw new IllegalArgumentException("the optimizer's " + name + " has " + v.length + " entries, the model " + space.dimension());
        return v;
    }

    /** The state of a rule whose only buffer is an optional momentum velocity (null: none). */
    static OptimizerState velocityState(String kind, VectorSpace space, Vec velocity) {
        return new OptimizerState(kind, velocity == null ? java.util.Map.of() : java.util.Map.of(VELOCITY, space.toHost(velocity)));
    }

    /** Restores what {@link #velocityState} saved; a rule without momentum refuses a state with buffers. */
    static void restoreVelocity(OptimizerState s, String kind, VectorSpace space, Vec velocity) {
        if (!kind.equals(s.kind())) throw new IllegalArgumentException("an optimizer state of kind '" + s.kind() + "' cannot restore " + kind);
        if (velocity != null) load(space, velocity, buffer(s, kind, VELOCITY, space));
        else if (!s.buffers().isEmpty()) throw new IllegalArgumentException(kind + " without momentum has no buffers, but the state holds " + s.buffers().keySet());
    }

    /** The momentum velocity's buffer name in a checkpoint. */
    String VELOCITY = "velocity";

    /** dst ← the host array. */
    static void load(VectorSpace space, Vec dst, double[] values) {
        try (Vec restored = space.fromHost(values)) {
            space.assign(dst, restored);
        }
    }
}
