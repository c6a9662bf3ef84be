package flatbench.cuda.check;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import flatbench.cuda.CudaContext;
import flatbench.cuda.CudaDriver;
import flatbench.engine.EngineProvider.KernelCheck;

/**
 * {@link SelfCheck} on a real GPU: every binding's check and the engine check pass, and every checked
 * kernel has a row. Runs where there is a GPU; reported SKIPPED (never passed) elsewhere, where
 * {@link EmulatedKernelsTest} runs the same checks on the CPU emulator.
 */
class SelfCheckTest {
    private static void requireGpu() {
        String why = CudaDriver.probe();
        assumeTrue(why == null, () -> "no usable GPU: " + why);
    }

    @Test
    void everyKernelAndTheEngineMatchTheirReferences() {
        requireGpu();
        try (CudaContext cuda = CudaContext.create()) {
            List<KernelCheck> rows = SelfCheck.run(cuda, 20261124L);
            String failed = rows.stream().filter(r -> !r.pass()).map(Object::toString).collect(Collectors.joining("\n"));
            assertTrue(failed.isEmpty(), "failing kernels:\n" + failed);
            java.util.Set<String> named = rows.stream().map(r -> r.kernel() + "_" + r.version()).collect(Collectors.toSet());
            assertTrue(named.containsAll(SelfCheck.checkedKernels()), "kernels without a row: " + SelfCheck.checkedKernels().stream()
                    .filter(k -> !named.contains(k)).toList());
        }
    }
}
