package flatbench.sweep;

import java.util.Collection;
import java.util.OptionalDouble;

/**
 * How far a sweep has got, across all its shards: runs done, diverged, running, failed and left,
 * and an estimate of the time to the end. The estimate assumes the runs left take as long as the
 * mean finished run and that as many run at once as run now (at least one); it says nothing until
 * a run has finished.
 *
 * @param done         finished and completed
 * @param diverged     finished with their result kept but marked failed (training diverged); never run again
 * @param failed       ended in an error without a result (a resubmission retries them)
 * @param left         neither finished nor failed nor running: not started yet, or their process died
 * @param meanSeconds  the mean wall time of the finished runs (NaN before the first)
 */
public record SweepProgress(int total, int done, int diverged, int running, int failed, int left, double meanSeconds) {

    /**
     * Where a sweep stands as a whole. COMPLETE: every run finished (completed or diverged).
     * IN_PROGRESS: runs are running and none failed; the runs left may still be waiting in the
     * scheduler's queue, so merge again later. INCOMPLETE: runs failed, or runs are left while
     * nothing runs; a resubmission covers them.
     */
    public enum Standing { COMPLETE, IN_PROGRESS, INCOMPLETE }

    public static SweepProgress of(Collection<SweepStore.RunStatus> statuses) {
        int done = 0, diverged = 0, running = 0, failed = 0, left = 0, timed = 0;
        double seconds = 0;
        for (SweepStore.RunStatus s : statuses) {
            switch (s.state()) {
                case DONE -> done++;
                case DIVERGED -> diverged++;
                case RUNNING -> running++;
                case FAILED -> failed++;
                case LEFT -> left++;
            }
            if (s.state().finished() && s.info().get("seconds") instanceof Number n) {
                seconds += n.doubleValue();
                timed++;
            }
        }
        return new SweepProgress(statuses.size(), done, diverged, running, failed, left, timed == 0 ? Double.NaN : seconds / timed);
    }

    /** Seconds until the runs running and left are done; empty before any run has finished. */
    public OptionalDouble etaSeconds() {
        if (Double.isNaN(meanSeconds)) return OptionalDouble.empty();
        return OptionalDouble.of((left + running) * meanSeconds / Math.max(1, running));
    }

    /** Runs that have their result in the store: completed or diverged. */
    public int finished() { return done + diverged; }

    public boolean complete() { return finished() == total; }

    public Standing standing() {
        if (complete()) return Standing.COMPLETE;
        if (failed == 0 && running > 0) return Standing.IN_PROGRESS;
        return Standing.INCOMPLETE;
    }
}
