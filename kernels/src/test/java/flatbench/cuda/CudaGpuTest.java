package flatbench.cuda;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import flatbench.cuda.check.SelfCheck;
import flatbench.cuda.engine.CudaEngine;
import flatbench.engine.Batch;
import flatbench.engine.Vec;
import flatbench.model.Models;
import flatbench.model.Shape;

/** Runs on a machine with a GPU; reported SKIPPED (never passed) elsewhere. */
class CudaGpuTest {
    private static void requireGpu() {
        String why = CudaContext.probe();
        assumeTrue(why == null, () -> "no usable GPU: " + why);
    }

    @Test
    void everyKernelAndTheEngineMatchTheirReferences() {
        requireGpu();
        try (CudaContext cuda = CudaContext.create()) {
            List<SelfCheck.Row> rows = SelfCheck.run(cuda, 20261124L);
            String failed = rows.stream().filter(r -> !r.pass()).map(Object::toString).collect(Collectors.joining("\n"));
            assertTrue(failed.isEmpty(), "failing kernels:\n" + failed);
            assertTrue(rows.size() > 40);
        }
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
                assertEquals(a, c, 1e-3 * Math.max(1, Math.abs(a)));
            }
        }
    }
}
