package flatbench.cpu;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * A fixed set of threads for one engine: {@link #run} calls a body once per part, part 0 on the
 * caller's thread and the others on the pool, and returns when all are done. Parts never
 * outnumber the threads, so nothing queues and OpenBLAS (single-threaded) never competes with
 * itself.
 */
final class Workers implements AutoCloseable {
    private final int threads;
    private final ExecutorService pool;

    Workers(int threads) {
        if (threads < 1) throw new IllegalArgumentException("the cpu engine needs at least one thread, not " + threads);
        this.threads = threads;
        this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads - 1, r -> {
            Thread t = new Thread(r, "flatbench-cpu");
            t.setDaemon(true);
            return t;
        });
    }

    int threads() { return threads; }

    /** body(0) … body(parts − 1), in parallel; the first failure is rethrown after all finish. */
    void run(int parts, IntConsumer body) {
        if (parts > threads) throw new IllegalArgumentException(parts + " parts for " + threads + " threads");
        Blas.singleThreaded();
        if (parts == 1) {
            body.accept(0);
            return;
        }
        List<Future<?>> futures = new ArrayList<>(parts - 1);
        for (int p = 1; p < parts; p++) {
            int part = p;
            futures.add(pool.submit(() -> {
                Blas.singleThreaded();
                body.accept(part);
            }));
        }
        Throwable failure = null;
        try {
            body.accept(0);
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                if (failure == null) failure = e.getCause();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                if (failure == null) failure = e;
            }
        }
        if (failure instanceof RuntimeException r) throw r;
        if (failure instanceof Error err) throw err;
        if (failure != null) throw new IllegalStateException("a cpu engine worker failed", failure);
    }

    /** Splits [0, n) into at most maxParts (and {@link #threads}) contiguous ranges of near-equal size: bounds[p] .. bounds[p+1]. */
    int[] split(int n, int maxParts) {
        int parts = Math.max(1, Math.min(Math.min(threads, maxParts), n));
        int[] bounds = new int[parts + 1];
        for (int p = 0; p <= parts; p++) bounds[p] = (int) ((long) n * p / parts);
        return bounds;
    }

    @Override public void close() {
        if (pool != null) pool.shutdownNow();
    }
}
