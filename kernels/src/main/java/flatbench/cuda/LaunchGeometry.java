package flatbench.cuda;

import flatbench.cuda.CudaContext.Dim;

/**
 * Grid arithmetic shared by every binding, kept apart from the launches so it can be tested
 * without a GPU. The tile sizes here must match {@code tile_gemm.cuh}.
 */
public final class LaunchGeometry {
    private LaunchGeometry() {}

    public static final int TILE_M = 64;
    public static final int TILE_N = 64;
    public static final int TILE_THREADS = 256;
    /** Threads per block of the element-wise (grid-stride) kernels. */
    public static final int ELEMENT_THREADS = 256;
    /** Grid-stride kernels never need more blocks than this to fill an H100 (132 SMs × 16 blocks). */
    static final int MAX_ELEMENT_BLOCKS = 132 * 16;
    /** Target number of blocks for split-K weight gradients: two waves of 132 SMs. */
    static final int TARGET_BLOCKS = 264;

    public static int ceilDiv(long a, long b) {
        long q = (a + b - 1) / b;
        if (q > Integer.MAX_VALUE) throw new IllegalArgumentException(a + "/" + b + " blocks overflow an int");
        return (int) q;
    }

    /** Grid of a tiled GEMM producing an M × N result per batch entry. */
    public static Dim gemmGrid(long m, long n, int batch) {
        int my = ceilDiv(m, TILE_M);
        if (my > 65535) throw new IllegalArgumentException("GEMM with " + m + " rows needs " + my + " row tiles, more than CUDA's 65535: split the batch");
        return new Dim(ceilDiv(n, TILE_N), my, batch);
    }

    /** Blocks of a grid-stride element-wise kernel over n elements. */
    public static Dim elementGrid(long n) {
        return Dim.of(Math.max(1, Math.min(MAX_ELEMENT_BLOCKS, ceilDiv(n, ELEMENT_THREADS))));
    }

    /**
     * Samples per split-K group for a batch weight gradient whose output has {@code tiles} tiles:
     * enough groups to fill the device, never more groups than samples.
     */
    public static int samplesPerGroup(int batch, int tiles) {
        int groups = Math.max(1, Math.min(batch, ceilDiv(TARGET_BLOCKS, Math.max(1, tiles))));
        return ceilDiv(batch, groups);
    }

    /**
     * Columns per split of a split-K product m × n with reduction k: enough splits to give about
     * {@link #TARGET_BLOCKS} blocks, at least 256 columns per split so the atomics stay rare, and
     * never more than 65535 splits (CUDA's grid z limit).
     */
    public static int splitChunk(int m, int n, int k) {
        int tiles = ceilDiv(m, TILE_M) * ceilDiv(n, TILE_N);
        int splits = Math.max(1, ceilDiv(TARGET_BLOCKS, tiles));
        int chunk = Math.max(256, ceilDiv(k, splits));
        return Math.max(chunk, ceilDiv(k, 65535));
    }

    /** Number of groups that cover the batch at {@code perGroup} samples each. */
    public static int groups(int batch, int perGroup) { return ceilDiv(batch, perGroup); }
}
