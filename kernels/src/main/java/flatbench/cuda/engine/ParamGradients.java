package flatbench.cuda.engine;

import jcuda.driver.CUdeviceptr;

/**
 * Where a backward pass puts parameter gradients: summed over the batch into a flat vector, or
 * per sample as rows (one row per sample, {@code ld} floats apart) that a consumer takes block by
 * block — the whole of G, or one block's rows at a time for the Gram matrix and projections.
 */
interface ParamGradients {
    /** Rows of one parameter block: sample n's gradient of the block starts at ptr + n·ld. */
    record Rows(CUdeviceptr ptr, long ld) {}

    /** Batch-summed gradients into grad + offset. */
    record Summed(CUdeviceptr grad) implements ParamGradients {}

    /** Per-sample rows, handed over one parameter block at a time. */
    interface PerSample extends ParamGradients {
        Rows rows(long offset, long size);

        /** The block's rows are enqueued; consume them before the next block reuses the space. */
        default void done(long offset, long size, Rows rows) {}

        /**
         * Offers a dense weight block in ghost form (per-sample output gradients, n × out, and
         * inputs, n × in) instead of rows; true when taken.
         */
        default boolean ghostDense(long offset, CUdeviceptr delta, int out, CUdeviceptr x, int in) { return false; }

        /** Offers a convolution's weight block in ghost form (output gradients dy, inputs x); true when taken. */
        default boolean ghostConv(long offset, flatbench.cuda.ops.ConvShape shape, CUdeviceptr dy, CUdeviceptr x) { return false; }
    }
}
