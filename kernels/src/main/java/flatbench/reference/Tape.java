package flatbench.reference;

/**
 * What one pass over a batch leaves behind, indexed by {@link Plan.Step#id}: each step's input
 * and output, the gradient with respect to its output, and max pooling's choices. The R-passes
 * use a second tape with the same layout (R{a} and R{δ}); null entries there mean zero.
 */
final class Tape {
    final int batch;
    final double[][] in;
    final double[][] out;
    final double[][] dOut;
    final int[][] argmax;

    Tape(Plan plan, int batch) {
        this.batch = batch;
        int n = plan.stepCount();
        in = new double[n][];
        out = new double[n][];
        dOut = new double[n][];
        argmax = new int[n][];
    }
}
