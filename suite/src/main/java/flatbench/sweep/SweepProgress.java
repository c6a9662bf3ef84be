package flatbench.sweep;

import java.util.Collection;
import java.util.OptionalDouble;

/**
 * How far a sweep has got, across all its shards: runs done, running, failed and left, and an
 * estimate of the time to the end. The estimate assumes the runs left take as long as the mean
 * finished run and that as many run at once as run now (at least one); it says nothing until a
 * run has finished.
 *
 * @param meanSeconds  the mean wall time of the finished runs (NaN before the first)
 */
public record SweepProgress(int total, int done, int running, int failed, int left, double meanSeconds) {

    public static SweepProgress of(Collection<SweepStore.RunStatus> statuses) {
        int done = 0, running = 0, failed = 0, left = 0, timed = 0;
        double seconds = 0;
        for (SweepStore.RunStatus s : statuses) {
            switch (s.state()) {
                case DONE -> {
                    done++;
                    if (s.info().get("seconds") instanceof Number n) {
                        seconds += n.doubleValue();
                        timed++;
                    }
                }
                case RUNNING -> running++;
                case FAILED -> failed++;
                case LEFT -> left++;
            }
        }
        return new SweepProgress(statuses.size(), done, running, failed, left, timed == 0 ? Double.NaN : seconds / timed);
    }

    /** Seconds until the runs running and left are done; empty before any run has finished. */
    public OptionalDouble etaSeconds() {
        if (Double.isNaN(meanSeconds)) return OptionalDouble.empty();
        return OptionalDouble.of((left + running) * meanSeconds / Math.max(1, running));
    }

    public boolean complete() { return done == total; }
}
