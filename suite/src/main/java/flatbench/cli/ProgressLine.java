package flatbench.cli;

import java.io.PrintWriter;
import java.nio.file.Path;

import flatbench.scenario.RunListener;

/**
 * One self-overwriting line on the terminal: step, loss, steps/s and ETA while training, units
 * done while measuring, and the step of the last checkpoint. Redrawn at most a few times a
 * second. The first checkpoint is announced on a line of its own, with how to resume, also when
 * the output is not a terminal (unless quiet).
 */
final class ProgressLine implements RunListener {
    private static final long MIN_INTERVAL_NANOS = 250_000_000L;
    private final PrintWriter err;
    private final boolean silent;
    private final boolean quiet;
    private int checkpointStep = -1;
    private long lastDraw;
    private long phaseStart = System.nanoTime();
    private String phase = "";
    private boolean drawn;

    /**
     * A progress line on a terminal (or wherever FLATBENCH_PROGRESS is set); silent when the
     * output goes to a file or a pipe, or the user asked for quiet.
     */
    static ProgressLine forTerminal(PrintWriter err, boolean quiet) {
        boolean interactive = System.console() != null || System.getenv("FLATBENCH_PROGRESS") != null;
        return new ProgressLine(err, quiet || !interactive, quiet);
    }

    ProgressLine(PrintWriter err, boolean silent, boolean quiet) {
        this.err = err;
        this.silent = silent;
        this.quiet = quiet;
    }

    @Override public void checkpointed(Path file, int step) {
        if (checkpointStep < 0 && !quiet) {
            if (drawn && !silent) err.print("\r\033[K");
            err.println("checkpoint at step " + step + " in " + file + " (saved again at each measurement and every --checkpoint-every);"
                    + " if this run is stopped, continue it with: flatbench run --resume " + file.getParent());
            err.flush();
            drawn = false;
        }
        checkpointStep = step;
    }

    @Override public void step(int step, int totalSteps, double loss, double secondsSoFar) {
        if (!due(step == totalSteps)) return;
        double rate = step / Math.max(secondsSoFar, 1e-9);
        double eta = (totalSteps - step) / Math.max(rate, 1e-9);
        draw(String.format("train  step %d/%d  loss %.4f  %.1f steps/s  ETA %s%s", step, totalSteps, loss, rate, duration(eta),
                checkpointStep < 0 ? "" : "  (checkpoint: step " + checkpointStep + ")"));
    }

    @Override public void update(String name, long done, long total) {
        if (!name.equals(phase)) {
            phase = name;
            phaseStart = System.nanoTime();
        }
        if (!due(done >= total)) return;
        double sec = (System.nanoTime() - phaseStart) / 1e9;
        double eta = done == 0 ? Double.NaN : sec / done * (total - done);
        draw(String.format("%s  %d/%d  ETA %s", name, done, total, duration(eta)));
    }

    void done() {
        if (drawn && !silent) {
            err.print("\r\033[K");
            err.flush();
        }
    }

    private boolean due(boolean last) {
        if (silent) return false;
        long now = System.nanoTime();
        if (!last && now - lastDraw < MIN_INTERVAL_NANOS) return false;
        lastDraw = now;
        return true;
    }

    private void draw(String line) {
        err.print("\r\033[K" + line);
        err.flush();
        drawn = true;
    }

    static String duration(double seconds) {
        if (!Double.isFinite(seconds)) return "?";
        long s = Math.round(seconds);
        return s >= 60 ? (s / 60) + "m" + String.format("%02d", s % 60) + "s" : s + "s";
    }
}
