package flatbench.benchmark.run;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class RefBuildTest {
    private final RefBuild old = new RefBuild("v1", "0123456789abcdef", Path.of("/builds/v1"));
    private final Set<String> timingOnly = Set.of("--forks", "--iterations");

    @Test
    void anOlderBuildWithoutATimingOptionTimesTheSameWorkWithoutIt() {
        ForkCommand f = old.fork(List.of("--models", "lenet", "--forks", "0", "--iterations", "5"), timingOnly, Set.of("--models", "--iterations"));
        assertEquals(List.of("/builds/v1/bin/flatbench", "bench", "--models", "lenet", "--iterations", "5"), f.command());
    }

    @Test
    void anOptionThatChangesWhatIsTimedCannotBeDropped() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> old.fork(List.of("--models", "lenet", "--top-k", "20", "--forks", "0"), timingOnly, Set.of("--models")));
        assertTrue(e.getMessage().contains("has no --top-k option"), e.getMessage());
        assertFalse(e.getMessage().contains("--forks"), "a timing option is not a reason to refuse: " + e.getMessage());
    }
}
