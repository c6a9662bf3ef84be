package flatbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import flatbench.npy.Npy;
import flatbench.record.RunRecord;
import flatbench.record.RunRecordStore;

/** A diverging run ends with one sentence naming the step, exit 3, and a result kept and marked failed. */
class DivergenceRunTest {
    @TempDir Path tmp;

    @Test void aDivergingNoiseRunStopsAndKeepsItsTraining() throws Exception {
        CliRun r = CliRun.of(CliRun.smallRun(tmp, "--lr", "5000"));
        assertEquals(Errors.RUN_FAILED, r.exitCode(), r::toString);
        assertEquals(1, r.errLines().size(), r::toString);
        assertTrue(r.err().startsWith("flatbench: training diverged at step "), r::toString);
        Path dir = CliRun.onlyRunDir(tmp);
        RunRecord rec = RunRecordStore.read(dir);
        assertTrue(rec.status().isFailed());
        assertTrue(rec.status().reason().startsWith("training diverged at step "), rec.status().reason());
        int step = (int) rec.metricNumber("training.divergence.step").orElseThrow();
        assertEquals(100.0, rec.metricNumber("training.divergence.factor").orElseThrow(), "the threshold's factor is recorded");
        assertTrue(rec.metricNumber("training.divergence.threshold").isPresent());
        assertEquals(step - 1, Npy.read(dir.resolve("training_loss.npy")).data().length, "the losses before the diverged step are kept");
        assertTrue(rec.metric("noise").isEmpty(), "nothing is measured on a diverged model unless asked");
        assertTrue(Files.readString(dir.resolve("report.html")).contains("This run failed"));
    }

    @Test void measuringTheDivergedModelMustBeAskedForAndTheRunStillFails() throws Exception {
        CliRun r = CliRun.of(CliRun.smallRun(tmp, "--lr", "5000", "--on-divergence", "measure"));
        assertEquals(Errors.RUN_FAILED, r.exitCode(), r::toString);
        RunRecord rec = RunRecordStore.read(CliRun.onlyRunDir(tmp));
        assertTrue(rec.status().isFailed());
        assertTrue(rec.metric("noise").isPresent(), "asked for: the diverged model is measured");
        assertEquals("measure", rec.config().get("onDivergence"));
    }

    @Test void checkpointsMeasuredBeforeTheDivergenceAreKept() throws Exception {
        CliRun r = CliRun.of(CliRun.smallRun(tmp, "--scenario", "alignment", "--checkpoints", "2", "--lr", "5"));
        assertEquals(Errors.RUN_FAILED, r.exitCode(), r::toString);
        RunRecord rec = RunRecordStore.read(CliRun.onlyRunDir(tmp));
        assertTrue(rec.status().isFailed());
        assertTrue((int) rec.metricNumber("training.divergence.step").orElseThrow() > 2, r::toString);
        List<?> cps = (List<?>) rec.metric("checkpoints").orElseThrow();
        assertEquals(1, cps.size());
        assertEquals(2.0, ((Number) ((Map<?, ?>) cps.get(0)).get("step")).doubleValue());
        assertFalse(rec.metric("hessian").isPresent(), "no end-of-run measurement on the diverged model");
    }
}
