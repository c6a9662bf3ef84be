package flatbench.benchmark.run;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForksTest {
    @TempDir Path tmp;

    @Test
    void aForkThatHangsIsStoppedWithAMessageSayingSo() {
        // bash ignores the --out/--quiet the runner appends (they become $0 and $1).
        ForkCommand hangs = new ForkCommand("a hanging build", List.of("bash", "-c", "echo started; sleep 60"), tmp);
        long t0 = System.nanoTime();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Forks.runOne(hangs, tmp.resolve("fork-1"), Duration.ofMillis(500)));
        assertTrue((System.nanoTime() - t0) / 1e9 < 30, "the fork was not stopped at its timeout");
        assertTrue(e.getMessage().contains("did not finish within 0.5 s"), e.getMessage());
        assertTrue(e.getMessage().contains("started"), "the message carries the fork's last line: " + e.getMessage());
    }

    @Test
    void aForkThatFailsEndsTheMeasurementWithItsLastLine() {
        ForkCommand fails = new ForkCommand("a broken build", List.of("bash", "-c", "echo 'flatbench: unknown model x'; exit 2"), tmp);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Forks.runOne(fails, tmp.resolve("fork-1")));
        assertTrue(e.getMessage().endsWith("(exit 2): unknown model x"), e.getMessage());
    }
}
