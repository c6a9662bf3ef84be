package flatbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import flatbench.data.IdxFiles;
import flatbench.data.Part;

/**
 * A user's mistake ends with exit code 2 and exactly one line on stderr that starts
 * "flatbench: ", never a stack trace. Stdout is not checked: a header may precede the error.
 */
class CliErrorsTest {
    @TempDir Path tmp;

    private static CliRun userError(String... args) {
        CliRun r = CliRun.of(args);
        assertEquals(Errors.USER_ERROR, r.exitCode(), r::toString);
        List<String> lines = r.errLines();
        assertEquals(1, lines.size(), r::toString);
        assertTrue(lines.get(0).startsWith("flatbench: "), r::toString);
        assertFalse(r.err().contains("\tat ") || r.out().contains("\tat "), r::toString);
        return r;
    }

    private String[] small(String... extra) {
        return CliRun.smallRun(tmp.resolve("runs"), extra).toArray(String[]::new);
    }

    @Test void unknownModelIsAUserError() {
        CliRun r = userError("run", "--model", "nosuch", "--out", tmp.resolve("runs").toString(), "--quiet");
        assertTrue(r.err().contains("nosuch"), r::toString);
        assertTrue(r.out().isBlank(), () -> "a bad name must be caught before the run header: " + r);
    }

    @Test void nonNumericStepsIsAUserError() {
        CliRun r = userError("run", "--steps", "abc");
        assertTrue(r.err().contains("abc"), r::toString);
    }

    @Test void unknownEngineIsAUserError() {
        CliRun r = userError(small("--engine", "nosuch"));
        assertTrue(r.err().contains("nosuch"), r::toString);
        assertTrue(r.out().isBlank(), () -> "a bad name must be caught before the run header: " + r);
    }

    @Test void unknownScenarioIsAUserError() {
        CliRun r = userError(small("--scenario", "nosuch"));
        assertTrue(r.err().contains("nosuch"), r::toString);
        assertTrue(r.out().isBlank(), () -> "a bad name must be caught before the run header: " + r);
    }

    @Test void negativeLearningRateIsAUserError() {
        CliRun r = userError(small("--lr", "-1"));
        assertTrue(r.err().contains("--lr"), r::toString);
    }

    @Test void moreNoiseSamplesThanTrainingSamplesIsAUserError() {
        CliRun r = userError(small("--noise-samples", "700"));
        assertTrue(r.err().contains("--noise-samples"), r::toString);
    }

    @Test void noRunFolderIsLeftBehindByAnInvalidRun() {
        userError(small("--lr", "-1"));
        assertFalse(Files.exists(tmp.resolve("runs")) && tmp.resolve("runs").toFile().list().length > 0);
    }

    @Test void idxFileWithWrongMagicNamesTheFile() throws Exception {
        Path dir = mnistFolder();
        Path images = dir.resolve(IdxFiles.imagesFileName(Part.TRAIN));
        byte[] bytes = Files.readAllBytes(images);
        ByteBuffer.wrap(bytes).putInt(0, 0x0000_0804);
        Files.write(images, bytes);
        CliRun r = userError(mnistRun(dir));
        assertTrue(r.err().contains(images.getFileName().toString()), r::toString);
        assertTrue(r.err().contains("magic"), r::toString);
    }

    @Test void truncatedIdxFileNamesTheFile() throws Exception {
        Path dir = mnistFolder();
        Path images = dir.resolve(IdxFiles.imagesFileName(Part.TRAIN));
        byte[] bytes = Files.readAllBytes(images);
        Files.write(images, Arrays.copyOf(bytes, bytes.length - 100));
        CliRun r = userError(mnistRun(dir));
        assertTrue(r.err().contains(images.getFileName().toString()), r::toString);
        assertTrue(r.err().contains("truncated"), r::toString);
    }

    @Test void compareOfAMissingFileIsAUserError() {
        Path missing = tmp.resolve("nothing-here.json");
        CliRun r = userError("compare", missing.toString(), missing.toString());
        assertTrue(r.err().contains("nothing-here.json"), r::toString);
    }

    @Test void reportOnAFolderWithoutResultIsAUserError() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty-run"));
        CliRun r = userError("report", empty.toString());
        assertTrue(r.err().contains("empty-run"), r::toString);
    }

    @Test void rerunOfAForeignJsonFileIsAUserError() throws Exception {
        Path foreign = tmp.resolve("package.json");
        Files.writeString(foreign, "{\"name\": \"left-pad\", \"version\": \"1.3.0\"}");
        CliRun r = userError("rerun", foreign.toString(), "--out", tmp.resolve("runs").toString(), "--quiet");
        assertTrue(r.err().contains("package.json"), r::toString);
    }

    @Test void rerunOfMalformedJsonIsAUserError() throws Exception {
        Path broken = tmp.resolve("result.json");
        Files.writeString(broken, "{\"schemaVersion\": 1, \"runId\": ");
        userError("rerun", broken.toString(), "--out", tmp.resolve("runs").toString(), "--quiet");
    }

    /** A valid MNIST-format folder of 40 training and 10 test images, for the corruption tests to break. */
    private Path mnistFolder() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("mnist"));
        write(dir, Part.TRAIN, 40);
        write(dir, Part.TEST, 10);
        return dir;
    }

    private static void write(Path dir, Part part, int n) {
        byte[] pixels = new byte[n * 28 * 28];
        byte[] labels = new byte[n];
        for (int i = 0; i < pixels.length; i++) pixels[i] = (byte) (i * 31);
        for (int i = 0; i < n; i++) labels[i] = (byte) (i % 10);
        IdxFiles.writeImages(dir.resolve(IdxFiles.imagesFileName(part)), 28, 28, pixels);
        IdxFiles.writeLabels(dir.resolve(IdxFiles.labelsFileName(part)), labels);
    }

    private String[] mnistRun(Path dir) {
        return new String[] {"run", "--model", "mlp", "--data", "mnist", "--data-dir", dir.toString(), "--steps", "2",
                "--batch", "4", "--noise-samples", "8", "--out", tmp.resolve("runs").toString(), "--quiet"};
    }
}
