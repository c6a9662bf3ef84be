package flatbench.trajectory;

import java.util.function.DoubleUnaryOperator;

import flatbench.data.Dataset;
import flatbench.engine.Batch;
import flatbench.engine.Engine;
import flatbench.engine.Vec;
import flatbench.engine.VectorSpace;

/**
 * The mean loss over a whole data set at w + s·p, as a function of s: Feng & Tu's loss profile
 * along a principal direction. It moves the engine's parameters; {@link #close()} puts back the
 * ones it found.
 */
public final class LossProfile implements DoubleUnaryOperator, AutoCloseable {
    /** Samples per forward pass, to bound memory on any engine. */
    static final int CHUNK = 2000;

    private final Engine engine;
    private final Dataset data;
    private final Vec saved, base, direction, point;
    private final Batch[] chunks;

    public LossProfile(Engine engine, Dataset data, double[] base, double[] direction) {
        this.engine = engine;
        this.data = data;
        VectorSpace v = engine.vectors();
        this.saved = engine.parameters();
        this.base = v.fromHost(base);
        this.direction = v.fromHost(direction);
        this.point = v.zeros();
        int n = (data.size() + CHUNK - 1) / CHUNK;
        this.chunks = new Batch[n];
        for (int c = 0; c < n; c++) chunks[c] = data.batch(c * CHUNK, Math.min(data.size(), (c + 1) * CHUNK));
    }

    /** L(w + s·p) over the whole data set. */
    @Override public double applyAsDouble(double s) {
        VectorSpace v = engine.vectors();
        v.assign(point, base);
        v.axpy(s, direction, point);
        engine.setParameters(point);
        return meanLoss(engine, chunks, data.size());
    }

    /**
     * The second difference (L(h) + L(−h) − 2·L(0)) / h², the curvature pᵀHp along the direction
     * when h is small against the profile's scale yet large enough that the loss rise is resolved
     * (a float32 engine's per-sample losses carry relative errors of ~1e-7).
     *
     * @param atZero L(0), already known
     */
    public double secondDifference(double h, double atZero) {
        if (!(h > 0)) throw new IllegalArgumentException("a second difference needs h > 0, not " + h);
        return (applyAsDouble(h) + applyAsDouble(-h) - 2 * atZero) / (h * h);
    }

    /** The mean loss of the engine's current parameters over a whole data set. */
    public static double meanLoss(Engine engine, Dataset data) {
        int n = (data.size() + CHUNK - 1) / CHUNK;
        Batch[] chunks = new Batch[n];
        for (int c = 0; c < n; c++) chunks[c] = data.batch(c * CHUNK, Math.min(data.size(), (c + 1) * CHUNK));
        return meanLoss(engine, chunks, data.size());
    }

    private static double meanLoss(Engine engine, Batch[] chunks, int total) {
        double sum = 0;
        for (Batch b : chunks) sum += engine.loss(b) * b.size();
        return sum / total;
    }

    @Override public void close() {
        engine.setParameters(saved);
        for (Vec x : new Vec[] {saved, base, direction, point}) x.close();
    }
}
