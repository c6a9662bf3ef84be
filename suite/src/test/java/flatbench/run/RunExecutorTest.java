package flatbench.run;

import static flatbench.scenario.RunSettings.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import flatbench.data.DataSets;
import flatbench.engine.Precision;
import flatbench.measure.CurvatureData;
import flatbench.npy.Npy;
import flatbench.scenario.NoiseScenario;
import flatbench.scenario.RunConfig;
import flatbench.scenario.RunListener;

/** The executor with the Java reference engine, whose float64 arithmetic makes runs exactly repeatable. */
class RunExecutorTest {
    @TempDir Path tmp;

    private static RunConfig small() {
        return new NoiseScenario().defaults().with(MODEL, "mlp").with(DATA, "teacher-student").with(TRAIN_SAMPLES, 300)
                .with(ENGINE, "java").with(PRECISION, Precision.FLOAT64).with(STEPS, 8).with(BATCH, 16).with(NOISE_SAMPLES, 16)
                .with(CURVATURE_DATA, CurvatureData.samples(16)).with(TOP_K, 3).with(PROBES, 5).with(SLQ_RUNS, 1);
    }

    private static final class Recorder implements RunListener {
        final List<int[]> steps = new ArrayList<>();
        public void step(int step, int totalSteps, double loss, double secondsSoFar) { steps.add(new int[] {step, totalSteps}); }
        public void update(String phase, long done, long total) {}
    }

    @Test void runsTheNoiseScenarioAndRecordsTheEngineFacts() {
        Recorder listener = new Recorder();
        RunExecutor.Outcome o = new RunExecutor(new DataSets(), tmp).execute(small(), tmp.resolve("runs"), listener);
        assertEquals(8, listener.steps.size());
        for (int i = 0; i < 8; i++) assertArrayEquals(new int[] {i + 1, 8}, listener.steps.get(i));
        assertTrue(Files.isRegularFile(o.runDir().resolve("result.json")));
        assertEquals("java", o.record().metric("engine.name").orElseThrow());
        assertEquals("float64", o.record().metric("engine.precision").orElseThrow());
        assertEquals(Boolean.TRUE, o.record().metric("engine.exactHvp").orElseThrow());
        assertEquals(small().toMap().keySet(), flatbench.record.RunRecordStore.read(o.runDir()).config().keySet());
        for (String a : o.record().arrays()) assertTrue(Files.isRegularFile(o.runDir().resolve(a)), a);
        assertEquals(8, Npy.read(o.runDir().resolve("training_loss.npy")).vector().length);
        assertFalse(o.summary().isEmpty());
    }

    @Test void twoRunsInTheSameSecondGetTheirOwnFolders() {
        RunExecutor ex = new RunExecutor(new DataSets(), tmp);
        RunConfig c = small();
        Path a = ex.execute(c, tmp.resolve("runs"), RunListener.NONE).runDir();
        Path b = ex.execute(c, tmp.resolve("runs"), RunListener.NONE).runDir();
        assertFalse(a.equals(b));
        assertArrayEquals(Npy.read(a.resolve("training_loss.npy")).vector(), Npy.read(b.resolve("training_loss.npy")).vector(), 0.0);
    }

    @Test void aModelThatDoesNotFitTheDataIsRejectedBeforeAnyRunFolderExists() {
        RunConfig b = small().with(MODEL, "resnet18");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RunExecutor(new DataSets(), tmp).execute(b, tmp.resolve("runs"), RunListener.NONE));
        assertTrue(e.getMessage().contains("resnet18") && e.getMessage().contains("teacher-student"), e::getMessage);
        assertFalse(Files.exists(tmp.resolve("runs")));
    }

    /** Rejected before training starts: the listener hears no step. */
    @Test void moreSamplesThanTheTrainingSetHoldsAreRejectedBeforeTraining() {
        for (String option : new String[] {"--noise-samples", "--batch"}) {
            RunConfig b = small().with(TRAIN_SAMPLES, 20).with(BATCH, option.equals("--batch") ? 64 : 8)
                    .with(NOISE_SAMPLES, option.equals("--noise-samples") ? 64 : 8);
            Recorder listener = new Recorder();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new RunExecutor(new DataSets(), tmp).execute(b, tmp.resolve("runs"), listener));
            assertTrue(e.getMessage().startsWith(option + " 64") && e.getMessage().contains("20"), e::getMessage);
            assertTrue(listener.steps.isEmpty(), option + ": training started before the check");
        }
        assertFalse(Files.exists(tmp.resolve("runs")));
    }

    /** 784-pixel images with labels 0..9 cycling, in IDX files under {@code dir}. */
    private static void writeMnist(Path dir, String prefix, int n) {
        byte[] pixels = new byte[n * 28 * 28];
        java.util.SplittableRandom r = new java.util.SplittableRandom(n);
        for (int i = 0; i < pixels.length; i++) pixels[i] = (byte) r.nextInt(256);
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) labels[i] = (byte) (i % 10);
        flatbench.data.IdxFiles.writeImages(dir.resolve(prefix + "-images-idx3-ubyte"), 28, 28, pixels);
        flatbench.data.IdxFiles.writeLabels(dir.resolve(prefix + "-labels-idx1-ubyte"), labels);
    }

    private RunConfig onMnistFiles(Path dir) {
        return small().with(DATA, "mnist").with(DATA_DIR, dir).with(TRAIN_SAMPLES, 0);
    }

    @Test void withoutHeldOutFilesTheTrainingSetIsEvaluated() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("mnist"));
        writeMnist(dir, "train", 100);
        RunExecutor.Outcome o = new RunExecutor(new DataSets(), tmp).execute(onMnistFiles(dir), tmp.resolve("runs"), RunListener.NONE);
        assertEquals("train", o.record().metric("training.evaluation.set").orElseThrow());
    }

    @Test void aCorruptHeldOutFileIsAnErrorNotASilentFallback() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("mnist"));
        writeMnist(dir, "train", 100);
        writeMnist(dir, "t10k", 20);
        Path images = dir.resolve("t10k-images-idx3-ubyte");
        byte[] bytes = Files.readAllBytes(images);
        bytes[3] = 0x01;  // magic 0x00000801: a label file's, not an image file's
        Files.write(images, bytes);
        flatbench.data.DataException e = assertThrows(flatbench.data.DataException.class,
                () -> new RunExecutor(new DataSets(), tmp).execute(onMnistFiles(dir), tmp.resolve("runs"), RunListener.NONE));
        assertTrue(e.getMessage().contains("t10k-images-idx3-ubyte"), e.getMessage());
        assertFalse(e.isMissing());
    }

    @Test void theDefinitionHashNamesTheConfigurationNotTheRun() {
        RunExecutor ex = new RunExecutor(new DataSets(), tmp);
        RunConfig b = small().with(CHECKPOINTS, List.of(4));
        String first = ex.execute(b, tmp.resolve("runs"), RunListener.NONE).record().provenance().benchmarkVersion();
        String again = ex.execute(b, tmp.resolve("runs"), RunListener.NONE).record().provenance().benchmarkVersion();
        String other = ex.execute(b.with(LEARNING_RATE, 0.01), tmp.resolve("runs"), RunListener.NONE).record().provenance().benchmarkVersion();
        String seed = ex.execute(b.with(SEED, 99L), tmp.resolve("runs"), RunListener.NONE).record().provenance().benchmarkVersion();
        assertEquals(first, again);
        assertFalse(first.equals(other), "another learning rate is another definition");
        assertEquals(first, seed, "another seed is another repetition of the same definition");
    }
}
