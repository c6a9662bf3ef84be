package flatbench.trajectory;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class TrajectoryTest {
    @Test
    void recordsTheSliceAndTheMeanOfTheWholeVector() {
        Trajectory t = new Trajectory(2, 3);
        t.record(new double[] {0, 1, 2, 3, 4, 5});
        t.record(new double[] {2, 1, 4, 5, 6, 7});
        assertArrayEquals(new double[][] {{2, 3, 4}, {4, 5, 6}}, t.snapshots());
        assertArrayEquals(new double[] {1, 1, 3, 4, 5, 6}, t.meanParameters());
        assertArrayEquals(new double[] {0, 0, 7, 8, 9, 0}, t.embed(new double[] {7, 8, 9}, 6));
        assertThrows(IllegalArgumentException.class, () -> t.record(new double[4]));
        // projections on (1, 0, 0) are 2, 4 (variance 2); on (0, 0.6, 0.8): 5, 7.8 (variance 3.92)
        assertArrayEquals(new double[] {2, 3.92}, t.variancesAlong(new double[][] {{1, 0, 0}, {0, 0.6, 0.8}}), 1e-12);
    }
}
