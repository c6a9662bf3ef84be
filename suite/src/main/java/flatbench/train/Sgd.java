package flatbench.train;

import java.util.Map;

import flatbench.engine.Vec;
import flatbench.engine.VectorSpace;

/**
 * The update rule of plain SGD or heavy-ball momentum, v ← μv + ∇L, θ ← θ − ηv, with the
 * velocity it owns; {@link #state()} and {@link #restore} carry it through a checkpoint.
 */
final class Sgd implements Stepper {
    static final String KIND = "sgd";
    private static final String VELOCITY = "velocity";

    private final VectorSpace space;
    private final double learningRate;
    private final double momentum;
    private final Vec velocity;

    Sgd(VectorSpace space, double learningRate, double momentum) {
        this.space = space;
        this.learningRate = learningRate;
        this.momentum = momentum;
        this.velocity = momentum > 0 ? space.zeros() : null;
    }

    @Override public void update(Vec theta, Vec grad, long step, GradientOracle more) {
        if (velocity != null) {
            space.scale(velocity, momentum);
            space.axpy(1.0, grad, velocity);
            space.axpy(-learningRate, velocity, theta);
        } else {
            space.axpy(-learningRate, grad, theta);
        }
    }

    @Override public OptimizerState state() {
        return new OptimizerState(KIND, velocity == null ? Map.of() : Map.of(VELOCITY, space.toHost(velocity)));
    }

    @Override public void restore(OptimizerState s) {
        if (!KIND.equals(s.kind())) throw new IllegalArgumentException("an optimizer state of kind '" + s.kind() + "' cannot restore " + KIND);
        if (velocity == null) {
            if (!s.buffers().isEmpty()) throw new IllegalArgumentException("plain SGD has no buffers, but the state holds " + s.buffers().keySet());
            return;
        }
        Stepper.load(space, velocity, Stepper.buffer(s, KIND, VELOCITY, space));
    }

    @Override public void close() {
        if (velocity != null) velocity.close();
    }
}
