package flatbench.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BatchSamplerTest {
    private static int[] stream(BatchSampler s, int batches, int batch) {
        int[] all = new int[batches * batch];
        for (int b = 0; b < batches; b++) System.arraycopy(s.next(), 0, all, b * batch, batch);
        return all;
    }

    private static boolean isPermutation(int[] a, int n) {
        int[] sorted = a.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < n; i++) if (sorted[i] != i) return false;
        return sorted.length == n;
    }

    /** Without replacement every epoch is a permutation, also when epochs end inside a batch. */
    @ParameterizedTest
    @CsvSource({"10, 5", "10, 4", "7, 3", "12, 12"})
    void withoutReplacementEachEpochIsAPermutation(int n, int batch) {
        int epochs = 6;
        int batches = (n * epochs + batch - 1) / batch;
        int[] all = stream(new BatchSampler(n, batch, Sampling.WITHOUT_REPLACEMENT, 3L), batches, batch);
        int[][] epoch = new int[epochs][];
        for (int e = 0; e < epochs; e++) {
            epoch[e] = Arrays.copyOfRange(all, e * n, (e + 1) * n);
            assertTrue(isPermutation(epoch[e], n), "epoch " + e + " is no permutation: " + Arrays.toString(epoch[e]));
        }
        boolean reshuffled = false;
        for (int e = 1; e < epochs; e++) reshuffled |= !Arrays.equals(epoch[0], epoch[e]);
        assertTrue(reshuffled, "every epoch had the same order");
    }

    @Test void withReplacementDrawsUniformlyAndRepeatsWithinABatch() {
        int n = 10, batch = 10, batches = 2000;
        BatchSampler s = new BatchSampler(n, batch, Sampling.WITH_REPLACEMENT, 4L);
        int[] counts = new int[n];
        int batchesWithRepeats = 0;
        for (int b = 0; b < batches; b++) {
            int[] idx = s.next();
            for (int i : idx) counts[i]++;
            if (Arrays.stream(idx).distinct().count() < batch) batchesWithRepeats++;
        }
        // A batch of 10 from 10 without a repeat has probability 10!/10^10 ≈ 3.6e-4.
        assertTrue(batchesWithRepeats > batches * 0.99, "only " + batchesWithRepeats + " batches had a repeated index");
        double expected = (double) batches * batch / n, chi2 = 0;
        for (int c : counts) chi2 += (c - expected) * (c - expected) / expected;
        // 9 degrees of freedom: P(chi2 > 33.7) ≈ 1e-4.
        assertTrue(chi2 < 33.7, "counts far from uniform: " + Arrays.toString(counts));
    }

    @Test void sameSeedSameBatchesOtherSeedOtherBatches() {
        for (Sampling sampling : Sampling.values()) {
            int[] a = stream(new BatchSampler(20, 6, sampling, 9L), 10, 6);
            int[] b = stream(new BatchSampler(20, 6, sampling, 9L), 10, 6);
            int[] c = stream(new BatchSampler(20, 6, sampling, 10L), 10, 6);
            assertArrayEquals(a, b, sampling.label());
            assertFalse(Arrays.equals(a, c), sampling.label());
        }
    }

    /** The sampler's state is (seed, batches drawn): a fresh one that skips k batches draws what the k+1-th would be. */
    @Test void skippingReplaysTheDrawsExactly() {
        for (Sampling sampling : Sampling.values()) {
            for (int k : new int[] {0, 1, 3, 7, 20}) {
                BatchSampler a = new BatchSampler(20, 6, sampling, 9L);
                for (int i = 0; i < k; i++) a.next();
                BatchSampler b = new BatchSampler(20, 6, sampling, 9L);
                b.skip(k);
                assertEquals(k, b.drawn());
                assertArrayEquals(stream(a, 9, 6), stream(b, 9, 6), sampling.label() + " after " + k);
            }
        }
    }

    @Test void aBatchLargerThanTheDataSetIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new BatchSampler(5, 6, Sampling.WITHOUT_REPLACEMENT, 1L));
        assertTrue(e.getMessage().contains("6") && e.getMessage().contains("5"), e::getMessage);
    }

    @Test void finitePopulationFactorMatchesTheClosedForm() {
        assertEquals(1.0, Sampling.WITH_REPLACEMENT.finitePopulationFactor(100, 10), 0.0);
        assertEquals(90.0 / 99.0, Sampling.WITHOUT_REPLACEMENT.finitePopulationFactor(100, 10), 1e-15);
        assertEquals(0.0, Sampling.WITHOUT_REPLACEMENT.finitePopulationFactor(10, 10), 0.0);
        assertEquals(Sampling.WITH_REPLACEMENT, Sampling.parse("with-replacement"));
        assertEquals(Sampling.WITHOUT_REPLACEMENT, Sampling.parse("WITHOUT_REPLACEMENT"));
        assertThrows(IllegalArgumentException.class, () -> Sampling.parse("sometimes"));
    }
}
