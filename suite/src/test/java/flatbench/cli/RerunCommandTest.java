package flatbench.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import flatbench.npy.Npy;

class RerunCommandTest {
    @TempDir Path tmp;

    @Test void rerunReproducesTheRecordedConfigAndTrainingLosses() throws Exception {
        Path firstOut = tmp.resolve("first");
        CliRun first = CliRun.of(CliRun.smallRun(firstOut, "--seed", "7", "--momentum", "0.5", "--sampling", "with-replacement"));
        assertEquals(0, first.exitCode(), first::toString);
        Path original = CliRun.onlyRunDir(firstOut);

        Path againOut = tmp.resolve("again");
        CliRun again = CliRun.of("rerun", original.resolve("result.json").toString(), "--out", againOut.toString(), "--quiet");
        assertEquals(0, again.exitCode(), again::toString);
        Path rerun = CliRun.onlyRunDir(againOut);
        assertNotEquals(original, rerun);

        assertEquals(CliRun.readJson(original.resolve("result.json")).get("config"), CliRun.readJson(rerun.resolve("result.json")).get("config"));
        double[] losses = Npy.read(original.resolve("training_loss.npy")).vector();
        assertEquals(12, losses.length);
        assertArrayEquals(losses, Npy.read(rerun.resolve("training_loss.npy")).vector(), 0.0);
    }
}
