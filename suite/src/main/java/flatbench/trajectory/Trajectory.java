package flatbench.trajectory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import flatbench.engine.Engine;
import flatbench.engine.Vec;
import flatbench.model.ParamBlock;

/**
 * Snapshots of one slice of the parameters (e.g. a layer's weight matrix) over a window of
 * training, and the running mean of the whole parameter vector over the same snapshots (the
 * point w̄ around which the loss is probed).
 */
public final class Trajectory {
    private final int offset;
    private final int length;
    private final List<double[]> snapshots = new ArrayList<>();
    private double[] sum;

    /** Records parameters offset … offset + length − 1. */
    public Trajectory(long offset, long length) {
        if (offset < 0 || length <= 0 || offset + length > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("slice " + offset + "+" + length + " is not a slice of a host-sized vector");
        }
        this.offset = (int) offset;
        this.length = (int) length;
    }

    /** A trajectory of one parameter block. */
    public static Trajectory of(ParamBlock block) { return new Trajectory(block.offset(), block.size()); }

    /** Adds the engine's current parameters as the next snapshot. */
    public void record(Engine engine) {
        try (Vec theta = engine.parameters()) {
            record(engine.vectors().toHost(theta));
        }
    }

    /** Adds a full parameter vector as the next snapshot. */
    public void record(double[] parameters) {
        if (offset + length > parameters.length) throw new IllegalArgumentException("the slice lies outside " + parameters.length + " parameters");
        snapshots.add(Arrays.copyOfRange(parameters, offset, offset + length));
        if (sum == null) sum = new double[parameters.length];
        for (int i = 0; i < parameters.length; i++) sum[i] += parameters[i];
    }

    public int size() { return snapshots.size(); }

    public int offset() { return offset; }

    public int length() { return length; }

    /** T × length: the recorded slices, in order. */
    public double[][] snapshots() { return snapshots.stream().map(double[]::clone).toArray(double[][]::new); }

    /** The variance over the snapshots (1/(T − 1)) of the slice's projection on each given unit direction. */
    public double[] variancesAlong(double[][] directions) {
        int t = snapshots.size();
        if (t < 2) throw new IllegalStateException("a variance needs at least 2 snapshots, not " + t);
        double[] out = new double[directions.length];
        for (int j = 0; j < directions.length; j++) {
            double[] proj = new double[t];
            double mean = 0;
            for (int a = 0; a < t; a++) {
                double[] x = snapshots.get(a);
                for (int i = 0; i < length; i++) proj[a] += x[i] * directions[j][i];
                mean += proj[a] / t;
            }
            for (double v : proj) out[j] += (v - mean) * (v - mean) / (t - 1);
        }
        return out;
    }

    /** The mean of the whole parameter vector over the snapshots. */
    public double[] meanParameters() {
        if (sum == null) throw new IllegalStateException("no snapshot recorded");
        double[] m = sum.clone();
        for (int i = 0; i < m.length; i++) m[i] /= snapshots.size();
        return m;
    }

    /** A full-length parameter vector, zero except the slice, which holds {@code slice}. */
    public double[] embed(double[] slice, int parameters) {
        if (slice.length != length) throw new IllegalArgumentException("a slice has " + length + " entries, not " + slice.length);
        double[] out = new double[parameters];
        System.arraycopy(slice, 0, out, offset, length);
        return out;
    }
}
