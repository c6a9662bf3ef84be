package flatbench.sweep;

import java.nio.file.Path;
import java.util.List;

import flatbench.run.Outputs;
import flatbench.run.RunExecutor;
import flatbench.scenario.RunListener;

/**
 * Runs one shard of a sweep in this process, one run after another, into the store: a run with a
 * result is skipped (so a shard can simply be started again), so is one that a live process is
 * running; a run that fails is recorded and the shard goes on with the next. A run whose training
 * diverges wrote its result (marked failed): that result is published like any other, so it is
 * kept, shown and not run again, since the same configuration and seed would diverge again.
 */
public final class SweepRunner {
    private final SweepStore store;
    private final RunExecutor executor;
    private final Outputs outputs;
    private volatile SweepStore.Attempt current;

    /** What the runner tells its caller; the CLI prints it. */
    public interface Listener {
        void skipped(SweepRun run, String why);

        /** @param position 1-based among the shard's runs */
        void started(SweepRun run, int position, int count);

        void finished(SweepRun run, Path dir, double seconds);

        /** The run's training diverged; its result, marked failed, is published at {@code dir}. */
        void diverged(SweepRun run, Path dir, String reason);

        void failed(SweepRun run, String message);

        /** Where the current run reports its training and measurement progress. */
        RunListener runListener();
    }

    /** What one shard did. */
    public record Summary(int runs, int ran, int skipped, int diverged, int failed) {}

    public SweepRunner(SweepStore store, RunExecutor executor, Outputs outputs) {
        this.store = store;
        this.executor = executor;
        this.outputs = outputs;
    }

    public Summary run(SweepPlan plan, Shard shard, Listener listener) {
        List<SweepRun> mine = plan.runsOf(shard);
        SweepStore.Worker worker = SweepStore.Worker.current(shard, plan.job());
        int ran = 0, skipped = 0, diverged = 0, failed = 0, position = 0;
        for (SweepRun r : mine) {
            position++;
            SweepStore.RunStatus s = store.statuses(List.of(r)).get(r.id());
            if (s.state().finished()) {
                skipped++;
                listener.skipped(r, s.state() == SweepStore.State.DIVERGED ? "diverged already (its result is kept)" : "done already");
                continue;
            }
            if (s.state() == SweepStore.State.RUNNING) {
                skipped++;
                listener.skipped(r, "running on " + s.info().getOrDefault("host", "another host") + " (pid " + s.info().get("pid") + ")");
                continue;
            }
            listener.started(r, position, mine.size());
            long t0 = System.nanoTime();
            try (SweepStore.Attempt a = store.start(r.id(), worker)) {
                current = a;
                try {
                    RunExecutor.Outcome o = executor.execute(r.config(), a.privateDir(), listener.runListener(), outputs);
                    if (o.record().status().isFailed()) {
                        diverged++;
                        String reason = o.record().status().reason();
                        listener.diverged(r, a.publishDiverged(o.runDir(), reason), reason);
                        continue;
                    }
                    Path dir = a.publish(o.runDir());
                    ran++;
                    listener.finished(r, dir, (System.nanoTime() - t0) / 1e9);
                } catch (RuntimeException e) {
                    failed++;
                    String message = message(e);
                    a.fail(message);
                    listener.failed(r, message);
                } catch (Error e) {
                    a.fail(message(e));
                    throw e;
                }
            } finally {
                current = null;
            }
        }
        return new Summary(mine.size(), ran, skipped, diverged, failed);
    }

    /**
     * Gives up the run in progress (its marker and private folder go), e.g. when the scheduler
     * ends the process: the run then counts as left, not as failed, and a resubmission covers it.
     */
    public void abandon() {
        SweepStore.Attempt a = current;
        if (a != null) a.close();
    }

    /** One line: a user's mistake as its sentence, anything else with its kind. */
    private static String message(Throwable e) {
        String m = e.getMessage();
        if (e instanceof IllegalArgumentException && m != null) return m;
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
