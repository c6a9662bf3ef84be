package flatbench.jamming;

/**
 * Where a width sweep at fixed P jams: going down in width (down in N), the first net with
 * N_Δ &gt; 0. Its N is N*, the jamming point as Geiger et al. define it; the net before it (the
 * last one going down that is not jammed) brackets N* from above.
 */
public final class JammingPoint {
    private JammingPoint() {}

    /**
     * @param index       the first jammed net in the sweep's order, or −1 when none is jammed (N* below the sweep)
     * @param nStar       its N (NaN when none is jammed, or when the widest is already jammed: N* at or above the sweep)
     * @param nAbove      N of the net before it, the narrowest unjammed one (NaN when there is none)
     * @param bracketed   whether an unjammed net precedes the first jammed one
     */
    public record Transition(int index, double nStar, double nAbove, boolean bracketed) {}

    /**
     * The transition of one sweep.
     *
     * @param parameters  N of each net, strictly decreasing (widest first)
     * @param unsatisfied N_Δ of each net
     */
    public static Transition find(long[] parameters, int[] unsatisfied) {
        boolean[] jammed = new boolean[unsatisfied.length];
        for (int i = 0; i < jammed.length; i++) jammed[i] = unsatisfied[i] > 0;
        return find(parameters, jammed);
    }

    /**
     * The same with a verdict per net of whether it counts as jammed. Small ReLU nets sometimes stop
     * wider than N* with a few unsatisfied patterns that reach only dead units (an H₀ of rank 1–2
     * for tens of patterns): a verdict that also asks for a non-degenerate H₀ passes over them.
     */
    public static Transition find(long[] parameters, boolean[] jammed) {
        if (parameters.length != jammed.length) throw new IllegalArgumentException("one verdict per net");
        for (int i = 1; i < parameters.length; i++) {
            if (parameters[i] >= parameters[i - 1]) throw new IllegalArgumentException("the sweep must go down in N, widest first");
        }
        for (int i = 0; i < parameters.length; i++) {
            if (jammed[i]) {
                boolean bracketed = i > 0;
                return new Transition(i, bracketed ? parameters[i] : Double.NaN, bracketed ? parameters[i - 1] : Double.NaN, bracketed);
            }
        }
        return new Transition(-1, Double.NaN, Double.NaN, false);
    }
}
