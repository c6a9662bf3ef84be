package flatbench.train;

/** Told after each step; the CLI turns this into a progress line. */
@FunctionalInterface
public interface TrainingListener {
    void step(int step, int totalSteps, double loss, double secondsSoFar);

    TrainingListener NONE = (s, t, l, sec) -> {};
}
