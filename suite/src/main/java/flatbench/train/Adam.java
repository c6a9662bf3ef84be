package flatbench.train;

import java.util.LinkedHashMap;
import java.util.Map;

import flatbench.engine.Vec;
import flatbench.engine.VectorSpace;

/** {@link UpdateRule.Adam} with its first and second moments; the step count comes from the trainer. */
final class Adam implements Stepper {
    static final String KIND = "adam";
    private static final String FIRST = "m", SECOND = "v";

    private final VectorSpace space;
    private final double learningRate;
    private final UpdateRule.Adam rule;
    private final Vec m, v, scratch;

    Adam(VectorSpace space, double learningRate, UpdateRule.Adam rule) {
        this.space = space;
        this.learningRate = learningRate;
        this.rule = rule;
        this.m = space.zeros();
        this.v = space.zeros();
        this.scratch = space.zeros();
    }

    @Override public void update(Vec theta, Vec grad, long step, GradientOracle more) {
        double b1 = rule.beta1(), b2 = rule.beta2();
        space.scale(m, b1);
        space.axpy(1 - b1, grad, m);
        // v ← β₂v + (1 − β₂) g⊙g, through the space's one element-wise product.
        space.scale(v, b2);
        space.assign(scratch, grad);
        space.scale(scratch, 1 - b2);
        space.multiplyAccumulate(scratch, grad, v);
        // θ ← θ − η m̂/(√v̂ + ε) = θ − (η/(1−β₁ᵗ)) · m/(√v + ε√(1−β₂ᵗ)) · √(1−β₂ᵗ)
        double c1 = 1 - Math.pow(b1, step), c2 = Math.sqrt(1 - Math.pow(b2, step));
        space.addRatio(-learningRate * c2 / c1, m, v, rule.epsilon() * c2, theta);
    }

    @Override public OptimizerState state() {
        Map<String, double[]> b = new LinkedHashMap<>();
        b.put(FIRST, space.toHost(m));
        b.put(SECOND, space.toHost(v));
        return new OptimizerState(KIND, b);
    }

    @Override public void restore(OptimizerState s) {
        Stepper.load(space, m, Stepper.buffer(s, KIND, FIRST, space));
        Stepper.load(space, v, Stepper.buffer(s, KIND, SECOND, space));
    }

    @Override public void close() {
        m.close();
        v.close();
        scratch.close();
    }
}
