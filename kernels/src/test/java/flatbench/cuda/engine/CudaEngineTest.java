package flatbench.cuda.engine;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

import flatbench.cuda.CudaDriver;
import flatbench.engine.Batch;
import flatbench.engine.Vec;
import flatbench.model.Models;
import flatbench.model.Shape;

/** {@link CudaEngine} on a real GPU; reported SKIPPED (never passed) elsewhere. */
class CudaEngineTest {
    private static void requireGpu() {
        String why = CudaDriver.probe();
        assumeTrue(why == null, () -> "no usable GPU: " + why);
    }

    @Test
    void hessianVectorProductsAreSymmetricAndLinear() {
        requireGpu();
        var spec = Models.mlp(new Shape(1, 4, 4), 3, 8);
        try (CudaEngine e = CudaEngine.create(spec, 5)) {
            java.util.SplittableRandom r = new java.util.SplittableRandom(1);
            float[] x = new float[6 * 16];
            for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
            Batch b = new Batch(spec.input(), 6, x, new int[] {0, 1, 2, 0, 1, 2});
            var s = e.vectors();
            try (Vec v1 = s.zeros(); Vec v2 = s.zeros(); Vec h1 = s.zeros(); Vec h2 = s.zeros()) {
                s.fillGaussian(v1, 1);
                s.fillGaussian(v2, 2);
                e.hessianVector(b, v1, h1);
                e.hessianVector(b, v2, h2);
                double a = s.dot(v1, h2), c = s.dot(v2, h1);
                assertEquals(a, c, 1e-3 * Math.max(1, Math.abs(a)), "symmetric: v1·Hv2 = v2·Hv1");
                // Linear: H(0.5 v1 + v2) = 0.5 Hv1 + Hv2, up to float32 rounding of the R-passes.
                try (Vec w = s.copy(v2); Vec hw = s.zeros(); Vec expected = s.copy(h2)) {
                    s.axpy(0.5, v1, w);
                    e.hessianVector(b, w, hw);
                    s.axpy(0.5, h1, expected);
                    s.axpy(-1, hw, expected);
                    assertTrue(s.norm(expected) <= 1e-4 * Math.max(1, s.norm(hw)), "linear: |H(0.5v1+v2) - (0.5Hv1+Hv2)| = " + s.norm(expected));
                }
            }
        }
    }
}
