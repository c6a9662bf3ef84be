package flatbench.train;

import java.util.SplittableRandom;

/**
 * Draws index batches from 0..n-1, with or without replacement, reproducibly from a seed. Its
 * state is the seed and the number of batches drawn: {@link #skip} replays the draws, since a
 * {@link SplittableRandom}'s state cannot be read out (replaying costs B integer draws a batch,
 * microseconds against a training step).
 */
public final class BatchSampler {
    private final int n;
    private final int batch;
    private final Sampling sampling;
    private final SplittableRandom rng;
    private final int[] permutation;
    private int cursor;
    private long drawn;

    public BatchSampler(int n, int batch, Sampling sampling, long seed) {
        if (batch > n) throw new IllegalArgumentException("batch size " + batch + " exceeds the " + n + " training samples");
        this.n = n;
        this.batch = batch;
        this.sampling = sampling;
        this.rng = new SplittableRandom(seed);
        this.permutation = new int[n];
        for (int i = 0; i < n; i++) permutation[i] = i;
        this.cursor = n; // forces a shuffle on first use
    }

    /** Batches drawn so far. */
    public long drawn() { return drawn; }

    /** Draws and drops {@code batches} batches: a fresh sampler then stands where one that drew them stood. */
    public void skip(long batches) {
        for (long b = 0; b < batches; b++) next();
    }

    public int[] next() {
        drawn++;
        int[] idx = new int[batch];
        if (sampling == Sampling.WITH_REPLACEMENT) {
            for (int i = 0; i < batch; i++) idx[i] = rng.nextInt(n);
            return idx;
        }
        for (int i = 0; i < batch; i++) {
            if (cursor == n) {
                shuffle();
                cursor = 0;
            }
            idx[i] = permutation[cursor++];
        }
        return idx;
    }

    private void shuffle() {
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = permutation[i];
            permutation[i] = permutation[j];
            permutation[j] = t;
        }
    }
}
