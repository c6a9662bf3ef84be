package flatbench.measure;

/** Receives progress of long measurements; the CLI decides whether and how to show it. */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = (phase, done, total) -> {};

    /** @param phase short phase name, e.g. "lanczos"; @param done units finished; @param total units planned (an upper bound) */
    void update(String phase, long done, long total);
}
