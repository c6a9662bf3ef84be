package flatbench.cuda;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

import flatbench.cuda.engine.CudaEngineProvider;
import flatbench.engine.Precision;
import flatbench.model.Models;

/** Without a GPU, probing must explain itself in one sentence rather than crash. */
class CudaProbeTest {
    @Test
    void withoutAGpuTheReasonIsOneActionableSentence() {
        String why = CudaDriver.probe();
        assumeTrue(why != null, "a usable GPU is present here");
        assertFalse(why.contains("\n"), "one line: " + why);
        assertTrue(why.length() > 20, why);
        assertEquals(why, new CudaEngineProvider().unavailableReason());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new CudaEngineProvider().create(Models.mlp(), Precision.FLOAT32, 1));
        assertTrue(e.getMessage().contains(why));
    }

    /** The probe's answer is what opening a context finds: null exactly when a context opens. */
    @Test
    void theProbeAgreesWithOpeningAContext() {
        String why = assertDoesNotThrow(CudaDriver::probe);
        assumeTrue(KernelBinaries.present(), "without kernels the probe refuses even where a context would open");
        if (why == null) {
            try (CudaContext c = CudaContext.create()) {
                assertFalse(c.deviceName().isBlank());
            }
        } else {
            CudaException e = assertThrows(CudaException.class, CudaContext::create);
            assertTrue(e.isEnvironmentProblem(), "a missing GPU is the machine's problem, not flatbench's: " + e.getMessage());
        }
    }

    @Test
    void theBenchmarkHarnessRefusesFloat64BeforeTouchingTheDevice() {
        var c = new flatbench.benchmark.BenchConfig("cuda", Precision.FLOAT64, java.util.List.of("mlp"), 4, 0, 0.0, 1, 0, 1, 2, 1, 0, 1L);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new flatbench.cuda.engine.CudaEventHarness().time(java.util.List.of(Models.mlp()), c));
        assertTrue(e.getMessage().contains("float32"), e.getMessage());
    }

    @Test
    void float64IsRefusedWithAPointer() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CudaEngineProvider().create(Models.mlp(), Precision.FLOAT64, 1));
        assertTrue(e.getMessage().contains("float32"));
    }
}
