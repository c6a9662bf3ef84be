package flatbench.scenario;

/**
 * Where long work reports how far it got. Library code calls it; the CLI decides how to show
 * it (a progress line on a terminal, nothing in tests).
 */
public interface Progress {
    /** A new phase begins, e.g. "train" or "per-sample gradients". */
    void phase(String name);

    /** Within the current phase: done of total units, with an optional loss (NaN when none). */
    void advance(long done, long total, double loss);

    Progress NONE = new Progress() {
        public void phase(String name) {}
        public void advance(long done, long total, double loss) {}
    };
}
