package flatbench.train;

import java.util.SplittableRandom;

/** Draws index batches from 0..n-1, with or without replacement, reproducibly from a seed. */
public final class BatchSampler {
    private final int n;
    private final int batch;
    private final Sampling sampling;
    private final SplittableRandom rng;
    private final int[] permutation;
    private int cursor;

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

    public int[] next() {
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
