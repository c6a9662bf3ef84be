package flatbench.cuda;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

import flatbench.cuda.CudaContext.Dim;

class LaunchGeometryTest {
    @Test
    void gemmGridCoversEveryOutputWithAtMostOnePartialTilePerAxis() {
        int[] sizes = {1, 63, 64, 65, 128, 1000, 131072};
        for (int m : sizes) for (int n : sizes) {
            Dim g = LaunchGeometry.gemmGrid(m, n, 3);
            assertTrue((long) g.y() * LaunchGeometry.TILE_M >= m && (long) (g.y() - 1) * LaunchGeometry.TILE_M < m, "rows " + m);
            assertTrue((long) g.x() * LaunchGeometry.TILE_N >= n && (long) (g.x() - 1) * LaunchGeometry.TILE_N < n, "cols " + n);
            assertEquals(3, g.z());
        }
    }

    @Test
    void gemmGridRefusesMoreRowTilesThanCudaAllows() {
        assertThrows(IllegalArgumentException.class, () -> LaunchGeometry.gemmGrid(65536L * 64 + 1, 10, 1));
    }

    @Test
    void elementGridIsBoundedAndNonEmpty() {
        assertEquals(1, LaunchGeometry.elementGrid(1).x());
        assertEquals(4, LaunchGeometry.elementGrid(4 * 256).x());
        assertEquals(5, LaunchGeometry.elementGrid(4 * 256 + 1).x());
        assertEquals(LaunchGeometry.MAX_ELEMENT_BLOCKS, LaunchGeometry.elementGrid(11_173_962L * 128).x());
    }

    @Test
    void splitKGroupsCoverTheBatchWithoutEmptyGroups() {
        for (int batch : new int[] {1, 2, 7, 37, 128, 1000}) {
            for (int tiles : new int[] {1, 4, 100, 264, 5000}) {
                int per = LaunchGeometry.samplesPerGroup(batch, tiles);
                int groups = LaunchGeometry.groups(batch, per);
                assertTrue(per >= 1 && groups >= 1 && groups <= batch);
                assertTrue((long) per * groups >= batch, "groups must cover the batch");
                assertTrue((long) per * (groups - 1) < batch, "the last group must not be empty");
            }
        }
    }

    @Test
    void splitChunkCoversTheReductionWithinTheGridLimit() {
        for (int k : new int[] {1, 255, 3001, 2_359_296, Integer.MAX_VALUE / 2}) {
            int chunk = LaunchGeometry.splitChunk(128, 128, k);
            long splits = LaunchGeometry.ceilDiv(k, chunk);
            assertTrue(splits >= 1 && splits <= 65535, "splits " + splits);
            assertTrue((long) splits * chunk >= k);
        }
        // A tiny output with a long reduction is split; a large output is not.
        assertTrue(LaunchGeometry.ceilDiv(2_359_296, LaunchGeometry.splitChunk(128, 128, 2_359_296)) > 1);
        assertEquals(1, LaunchGeometry.ceilDiv(300, LaunchGeometry.splitChunk(4096, 4096, 300)));
    }

    @Test
    void ceilDivOverflowIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> LaunchGeometry.ceilDiv(Long.MAX_VALUE / 2, 1));
    }
}
