package flatbench.train;

import flatbench.engine.Vec;
import flatbench.engine.VectorSpace;

/**
 * {@link UpdateRule.EntropySgd}: an inner loop of SGD Langevin dynamics around θ, then an outer
 * step towards the inner loop's running mean. Only the outer momentum carries between steps;
 * x′ and μ start from θ, and the inner momentum from zero, at every step.
 */
final class EntropySgd implements Stepper {
    static final String KIND = "entropy-sgd";

    private final VectorSpace space;
    private final double learningRate;
    private final UpdateRule.EntropySgd rule;
    private final long seed;
    private final Vec inner, mean, g, z, velocity, innerVelocity;

    EntropySgd(VectorSpace space, double learningRate, UpdateRule.EntropySgd rule, long seed) {
        this.space = space;
        this.learningRate = learningRate;
        this.rule = rule;
        this.seed = seed;
        this.inner = space.zeros();
        this.mean = space.zeros();
        this.g = space.zeros();
        this.z = rule.noise() > 0 ? space.zeros() : null;
        this.velocity = rule.momentum() > 0 ? space.zeros() : null;
        this.innerVelocity = rule.innerMomentum() > 0 ? space.zeros() : null;
    }

    @Override public void update(Vec theta, Vec grad, long step, GradientOracle more) {
        double gamma = rule.gamma(step - 1), eta = rule.innerLearningRate(), alpha = rule.meanWeight();
        double noiseScale = rule.noise() * Math.sqrt(2 * eta);
        space.assign(inner, theta);
        space.assign(mean, theta);
        if (innerVelocity != null) space.scale(innerVelocity, 0);
        for (int l = 0; l < rule.innerSteps(); l++) {
            // The first inner gradient is the caller's: x′ = θ there, on this step's first batch.
            if (l == 0) space.assign(g, grad);
            else more.at(inner, g);
            if (innerVelocity != null) {
                // As the authors' code: Nesterov momentum on the mini-batch gradient alone, before the coupling and the noise.
                space.scale(innerVelocity, rule.innerMomentum());
                space.axpy(1, g, innerVelocity);
                space.axpy(rule.innerMomentum(), innerVelocity, g);
            }
            space.axpy(gamma, inner, g);
            space.axpy(-gamma, theta, g);
            space.axpy(-eta, g, inner);
            if (z != null) {
                space.fillGaussian(z, LangevinNoise.stepSeed(seed, (step - 1) * rule.innerSteps() + l));
                space.axpy(noiseScale, z, inner);
            }
            space.scale(mean, 1 - alpha);
            space.axpy(alpha, inner, mean);
        }
        // The local-entropy gradient is γ(θ − μ); the authors step along θ − μ itself, η absorbing γ.
        if (velocity != null) {
            space.scale(velocity, rule.momentum());
            space.axpy(1, theta, velocity);
            space.axpy(-1, mean, velocity);
            space.axpy(-learningRate, velocity, theta);
        } else {
            space.scale(theta, 1 - learningRate);
            space.axpy(learningRate, mean, theta);
        }
    }

    @Override public OptimizerState state() { return Stepper.velocityState(KIND, space, velocity); }

    @Override public void restore(OptimizerState s) { Stepper.restoreVelocity(s, KIND, space, velocity); }

    @Override public void close() {
        inner.close();
        mean.close();
        g.close();
        if (z != null) z.close();
        if (velocity != null) velocity.close();
        if (innerVelocity != null) innerVelocity.close();
    }
}
