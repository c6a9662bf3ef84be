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
    void probeNeverThrowsAndIsStable() {
        String first = assertDoesNotThrow(CudaContext::probe);
        assertEquals(first, CudaContext.probe());
    }

    @Test
    void withoutAGpuTheReasonIsOneActionableSentence() {
        String why = CudaContext.probe();
        assumeTrue(why != null, "a usable GPU is present here");
        assertFalse(why.contains("\n"), "one line: " + why);
        assertTrue(why.length() > 20, why);
        assertEquals(why, new CudaEngineProvider().unavailableReason());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new CudaEngineProvider().create(Models.mlp(), Precision.FLOAT32, 1));
        assertTrue(e.getMessage().contains(why));
    }

    @Test
    void creatingAContextWithoutAGpuThrowsCudaException() {
        assumeTrue(CudaContext.probe() != null, "a usable GPU is present here");
        assertThrows(CudaException.class, CudaContext::create);
    }

    @Test
    void float64IsRefusedWithAPointer() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CudaEngineProvider().create(Models.mlp(), Precision.FLOAT64, 1));
        assertTrue(e.getMessage().contains("float32"));
    }
}
