package flatbench.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ShardTest {

    @Test void theShardsOfAnySweepCoverEveryRunExactlyOnce() {
        for (int runs = 0; runs <= 60; runs++) {
            for (int n = 1; n <= 70; n++) {
                int[] seen = new int[runs];
                int smallest = Integer.MAX_VALUE, largest = 0;
                for (int i = 0; i < n; i++) {
                    Shard s = new Shard(i, n);
                    int mine = 0;
                    for (int r = 0; r < runs; r++) {
                        if (s.owns(r)) {
                            seen[r]++;
                            mine++;
                        }
                    }
                    smallest = Math.min(smallest, mine);
                    largest = Math.max(largest, mine);
                }
                for (int r = 0; r < runs; r++) assertEquals(1, seen[r], "run " + r + " of " + runs + " with " + n + " shards");
                assertTrue(largest - smallest <= 1, "shards differ by at most one run");
            }
        }
    }

    @Test void aPlansShardsPartitionItsRuns() {
        SweepPlan p = SweepSpecTest.plan("settings: {model: mlp}\ngrid: {seed: [1, 2, 3, 4, 5, 6, 7]}");
        for (int n = 1; n <= 9; n++) {
            List<String> all = new ArrayList<>();
            for (int i = 0; i < n; i++) p.runsOf(new Shard(i, n)).forEach(r -> all.add(r.id()));
            assertEquals(p.runs().stream().map(SweepRun::id).sorted().toList(), all.stream().sorted().toList());
        }
    }

    @Test void parsesIOverN() {
        assertEquals(new Shard(2, 5), Shard.parse("2/5"));
        assertEquals(new Shard(0, 1), Shard.parse(" 0 / 1 "));
        assertThrows(IllegalArgumentException.class, () -> Shard.parse("5/5"));
        assertThrows(IllegalArgumentException.class, () -> Shard.parse("-1/5"));
        assertThrows(IllegalArgumentException.class, () -> Shard.parse("1"));
        assertThrows(IllegalArgumentException.class, () -> Shard.parse("a/b"));
        assertThrows(IllegalArgumentException.class, () -> Shard.parse("0/0"));
    }

    @Test void readsTheSchedulersVariables() {
        assertEquals(new Shard(3, 8), Shard.fromEnvironment(Map.of("SLURM_ARRAY_TASK_ID", "3", "SLURM_ARRAY_TASK_COUNT", "8",
                "SLURM_ARRAY_TASK_MIN", "0"), null));
        assertEquals(new Shard(3, 4), Shard.fromEnvironment(Map.of("SLURM_ARRAY_TASK_ID", "3", "SLURM_ARRAY_TASK_COUNT", "8"), 4));
        assertEquals(new Shard(5, 6), Shard.fromEnvironment(Map.of("JOB_COMPLETION_INDEX", "5"), 6));
        assertNull(Shard.fromEnvironment(Map.of("PATH", "/bin"), null));
        assertThrows(IllegalArgumentException.class, () -> Shard.fromEnvironment(Map.of("JOB_COMPLETION_INDEX", "5"), null));
        assertThrows(IllegalArgumentException.class, () -> Shard.fromEnvironment(Map.of("SLURM_ARRAY_TASK_ID", "1"), null));
        assertThrows(IllegalArgumentException.class, () -> Shard.fromEnvironment(Map.of("SLURM_ARRAY_TASK_ID", "1",
                "SLURM_ARRAY_TASK_COUNT", "2", "SLURM_ARRAY_TASK_MIN", "1"), null), "an array from 1 would leave shard 0 out");
        assertThrows(IllegalArgumentException.class, () -> Shard.fromEnvironment(Map.of("SLURM_ARRAY_TASK_ID", "8",
                "SLURM_ARRAY_TASK_COUNT", "8"), null));
    }
}
