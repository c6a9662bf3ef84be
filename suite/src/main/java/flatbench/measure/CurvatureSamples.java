package flatbench.measure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import flatbench.engine.Batch;
import flatbench.engine.Engine;
import flatbench.engine.Vec;
import flatbench.engine.VectorSpace;

/**
 * The samples a curvature matrix (or a mean gradient) is taken over, in chunks: the operator of
 * the mean loss over N samples is Σ_c (N_c/N)·A_c over chunks c, so any number of samples fits in
 * an engine's memory. Chunk batches are built once and kept while they are small (a training set
 * of MNIST digits is 25 MB); larger sets are re-read from their source for every product.
 */
public final class CurvatureSamples {
    /** Activation values (per sample: every layer's output, times four for the passes of a product) one chunk may hold. */
    static final long CHUNK_VALUES = 32L << 20;
    /** Input values kept as ready chunk batches; above this the chunks are rebuilt for each product. */
    static final long KEEP_VALUES = 64L << 20;

    private final Engine engine;
    private final SampleSet set;
    private final int[] indices;
    private final boolean population;
    private final int chunkRows;
    private List<Batch> kept;
    private boolean keepChunks = true;

    private CurvatureSamples(Engine engine, SampleSet set, int[] indices, boolean population, int chunkRows) {
        if (indices.length < 1) throw new IllegalArgumentException("curvature needs at least one sample");
        this.engine = engine;
        this.set = set;
        this.indices = indices.clone();
        this.population = population;
        this.chunkRows = chunkRows;
    }

    /**
     * @param population whether these samples are the whole population the measured quantities
     *                   refer to (the training set): then they carry no sampling error of their own
     */
    public static CurvatureSamples of(Engine engine, SampleSet set, int[] indices, boolean population) {
        return new CurvatureSamples(engine, set, indices, population, rowsPerChunk(engine));
    }

    /** Chunks of a given size (the chunk batches rebuilt for every product), to test the chunking itself. */
    static CurvatureSamples chunked(Engine engine, SampleSet set, int[] indices, int rows) {
        CurvatureSamples c = new CurvatureSamples(engine, set, indices, true, rows);
        c.keepChunks = false;
        return c;
    }

    /** Every sample of the set. */
    public static CurvatureSamples all(Engine engine, SampleSet set, boolean population) {
        return of(engine, set, set.allIndices(), population);
    }

    /** Chunk size for an engine's model, from its activation sizes. */
    static int rowsPerChunk(Engine engine) {
        long perSample = 0;
        for (var s : engine.spec().activationShapes()) perSample += s.size();
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, CHUNK_VALUES / (4 * Math.max(1, perSample))));
    }

    public int size() { return indices.length; }

    public boolean population() { return population; }

    public String setLabel() { return set.label(); }

    /** Indices into the sample set (a copy). */
    public int[] indices() { return indices.clone(); }

    /** All samples as one batch (for writing them out). */
    public Batch batch() { return set.batch(indices); }

    /** out ← A v for the chosen operator of the mean loss over these samples. */
    public LinearOperator operator(CurvatureOperator op) {
        op.requireSupportedBy(engine);
        List<Batch> chunks = chunks();
        if (chunks != null && chunks.size() == 1) {
            Batch only = chunks.get(0);
            return (v, out) -> op.apply(engine, only, v, out);
        }
        VectorSpace space = engine.vectors();
        return (v, out) -> {
            try (Vec part = space.zeros()) {
                space.scale(out, 0);
                forEachChunk(b -> {
                    op.apply(engine, b, v, part);
                    space.axpy((double) b.size() / indices.length, part, out);
                });
            }
        };
    }

    /** Mean loss over these samples; writes the gradient of the mean loss into out. */
    public double meanGradient(Vec out) {
        VectorSpace space = engine.vectors();
        double[] loss = {0};
        try (Vec part = space.zeros()) {
            space.scale(out, 0);
            forEachChunk(b -> {
                double w = (double) b.size() / indices.length;
                loss[0] += w * engine.lossAndGradient(b, part);
                space.axpy(w, part, out);
            });
        }
        return loss[0];
    }

    /** Two disjoint random halves (sizes ⌊N/2⌋ and ⌈N/2⌉), neither a population. */
    public CurvatureSamples[] halves(long seed) {
        if (indices.length < 2) throw new IllegalArgumentException("one sample cannot be split in halves");
        int[] perm = indices.clone();
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = perm.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        int h = perm.length / 2;
        return new CurvatureSamples[] {
                new CurvatureSamples(engine, set, Arrays.copyOfRange(perm, 0, h), false, chunkRows),
                new CurvatureSamples(engine, set, Arrays.copyOfRange(perm, h, perm.length), false, chunkRows)};
    }

    private interface ChunkWork { void accept(Batch b); }

    private void forEachChunk(ChunkWork work) {
        List<Batch> chunks = chunks();
        if (chunks != null) {
            chunks.forEach(work::accept);
            return;
        }
        for (int from = 0; from < indices.length; from += chunkRows) {
            work.accept(set.batch(Arrays.copyOfRange(indices, from, Math.min(indices.length, from + chunkRows))));
        }
    }

    /** The chunk batches when they are small enough to keep; null otherwise. */
    private List<Batch> chunks() {
        if (kept != null) return kept;
        long values = (long) indices.length * engine.spec().input().size();
        if (values > KEEP_VALUES || !keepChunks) return null;
        List<Batch> out = new ArrayList<>();
        for (int from = 0; from < indices.length; from += chunkRows) {
            out.add(set.batch(Arrays.copyOfRange(indices, from, Math.min(indices.length, from + chunkRows))));
        }
        kept = List.copyOf(out);
        return kept;
    }
}
