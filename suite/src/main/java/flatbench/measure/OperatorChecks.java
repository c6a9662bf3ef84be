package flatbench.measure;

import flatbench.engine.Batch;
import flatbench.engine.Engine;
import flatbench.engine.Vec;
import flatbench.engine.VectorSpace;

/**
 * Checks any engine's curvature products can be put through (for the engines' own tests):
 * symmetry v₁ᵀAv₂ = v₂ᵀAv₁, linearity, and agreement with central differences of gradients.
 */
public final class OperatorChecks {
    private OperatorChecks() {}

    /** Two sides of an identity and their difference relative to the larger side. */
    public record Defect(double left, double right, double relative) {
        static Defect of(double l, double r) {
            double scale = Math.max(Math.abs(l), Math.abs(r));
            return new Defect(l, r, scale == 0 ? 0 : Math.abs(l - r) / scale);
        }
    }

    /** v₁ᵀ(Av₂) against v₂ᵀ(Av₁) for two Gaussian directions drawn from the seed. */
    public static Defect symmetry(Engine engine, Batch batch, CurvatureOperator op, long seed) {
        VectorSpace s = engine.vectors();
        try (Vec v1 = s.zeros(); Vec v2 = s.zeros(); Vec a1 = s.zeros(); Vec a2 = s.zeros()) {
            s.fillGaussian(v1, seed);
            s.fillGaussian(v2, seed + 1);
            op.apply(engine, batch, v1, a1);
            op.apply(engine, batch, v2, a2);
            return Defect.of(s.dot(v1, a2), s.dot(v2, a1));
        }
    }

    /** ‖A(2v₁ − 3v₂) − (2Av₁ − 3Av₂)‖ / ‖A(2v₁ − 3v₂)‖ for Gaussian v₁, v₂ from the seed. */
    public static double linearityDefect(Engine engine, Batch batch, CurvatureOperator op, long seed) {
        VectorSpace s = engine.vectors();
        try (Vec v1 = s.zeros(); Vec v2 = s.zeros(); Vec a1 = s.zeros(); Vec a2 = s.zeros(); Vec mix = s.zeros(); Vec am = s.zeros()) {
            s.fillGaussian(v1, seed);
            s.fillGaussian(v2, seed + 1);
            op.apply(engine, batch, v1, a1);
            op.apply(engine, batch, v2, a2);
            s.axpy(2, v1, mix);
            s.axpy(-3, v2, mix);
            op.apply(engine, batch, mix, am);
            double scale = s.norm(am);
            s.axpy(-2, a1, am);
            s.axpy(3, a2, am);
            return scale == 0 ? 0 : s.norm(am) / scale;
        }
    }

    /**
     * ‖Hv − (∇L(θ+εv) − ∇L(θ−εv))/2ε‖ / ‖Hv‖ for a Gaussian unit v with ε = step·max(1, ‖θ‖);
     * restores θ afterwards. Meaningful in float64 (use step ≈ 1e-5 there).
     */
    public static double finiteDifferenceDefect(Engine engine, Batch batch, long seed, double step) {
        VectorSpace s = engine.vectors();
        try (Vec theta = engine.parameters(); Vec v = s.zeros(); Vec hv = s.zeros()) {
            s.fillGaussian(v, seed);
            s.scale(v, 1 / s.norm(v));
            engine.hessianVector(batch, v, hv);
            try (Vec fd = gradientDifference(engine, batch, v, step * Math.max(1, s.norm(theta)))) {
                double scale = s.norm(hv);
                s.axpy(-1, hv, fd);
                return scale == 0 ? s.norm(fd) : s.norm(fd) / scale;
            }
        }
    }

    /**
     * (∇L(θ+hv) − ∇L(θ−hv)) / 2h from the engine's own gradients, an independent estimate of Hv;
     * restores θ afterwards. The caller closes the result.
     */
    public static Vec gradientDifference(Engine engine, Batch batch, Vec v, double h) {
        VectorSpace s = engine.vectors();
        Vec gp = s.zeros();
        try (Vec theta = engine.parameters(); Vec gm = s.zeros(); Vec shifted = s.copy(theta)) {
            try {
                s.axpy(h, v, shifted);
                engine.setParameters(shifted);
                engine.lossAndGradient(batch, gp);
                s.assign(shifted, theta);
                s.axpy(-h, v, shifted);
                engine.setParameters(shifted);
                engine.lossAndGradient(batch, gm);
            } finally {
                engine.setParameters(theta);
            }
            s.axpy(-1, gm, gp);
            s.scale(gp, 1 / (2 * h));
            return gp;
        } catch (RuntimeException e) {
            gp.close();
            throw e;
        }
    }
}
