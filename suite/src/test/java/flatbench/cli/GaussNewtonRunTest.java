package flatbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import flatbench.record.RunRecordStore;

/** --curvature ggn measures the Gauss–Newton matrix, which is positive semi-definite, and says so. */
class GaussNewtonRunTest {
    @TempDir Path out;

    @Test
    @SuppressWarnings("unchecked")
    void alignmentOnTheGaussNewtonMatrix() throws Exception {
        List<String> args = CliRun.smallRun(out, "--scenario", "alignment", "--curvature", "ggn", "--engine", "java", "--precision", "float64");
        CliRun r = CliRun.of(args);
        assertEquals(0, r.exitCode(), r.err());
        Map<String, Object> record = CliRun.readJson(CliRun.onlyRunDir(out).resolve(RunRecordStore.RESULT_FILE));
        Map<String, Object> hessian = (Map<String, Object>) ((Map<String, Object>) record.get("metrics")).get("hessian");
        assertEquals("gauss-newton", hessian.get("operator"));
        assertEquals("gauss-newton", ((Map<String, Object>) record.get("config")).get("curvature"));
        List<Number> top = (List<Number>) hessian.get("topEigenvalues");
        double largest = top.get(0).doubleValue();
        assertTrue(largest > 0, top::toString);
        // PSD: every Ritz value is non-negative up to the solver's tolerance.
        for (Number v : top) assertTrue(v.doubleValue() >= -1e-8 * largest, top::toString);
    }
}
