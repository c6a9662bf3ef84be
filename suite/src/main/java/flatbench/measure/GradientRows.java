package flatbench.measure;

import flatbench.engine.Batch;
import flatbench.engine.Engine;

/**
 * Per-sample gradients in chunks of rows held on the host, for work that must call the engine
 * again between rows (an engine is not re-entrant inside its own {@code perSampleGradients}).
 */
final class GradientRows {
    private GradientRows() {}

    /** Host memory for one chunk of rows; a model larger than this is streamed one row at a time. */
    static final long CHUNK_BYTES = 64L << 20;

    interface ChunkConsumer { void accept(int firstRow, double[][] rows); }

    static int rowsPerChunk(long parameterCount) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, CHUNK_BYTES / (8 * parameterCount)));
    }

    static void forEachChunk(Engine engine, Batch batch, ChunkConsumer consumer) {
        forEachChunk(engine, batch, rowsPerChunk(engine.parameterCount()), consumer);
    }

    static void forEachChunk(Engine engine, Batch batch, int rows, ChunkConsumer consumer) {
        if (rows < 1) throw new IllegalArgumentException("a chunk needs at least one row");
        for (int from = 0; from < batch.size(); from += rows) {
            int to = Math.min(batch.size(), from + rows);
            Batch part = (from == 0 && to == batch.size()) ? batch : batch.slice(from, to);
            double[][] buf = new double[to - from][];
            engine.perSampleGradients(part, (r, g) -> buf[r] = g.clone());
            consumer.accept(from, buf);
        }
    }
}
