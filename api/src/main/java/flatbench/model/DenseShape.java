package flatbench.model;

/** Geometry of one fully connected pass over a batch: x [batch][in], W [out][in], y [batch][out]. */
public record DenseShape(int batch, int in, int out) {
    public DenseShape {
        if (batch <= 0 || in <= 0 || out <= 0) throw new IllegalArgumentException("bad dense geometry " + batch + "×" + in + "→" + out);
    }
    public long inputSize() { return (long) batch * in; }
    public long outputSize() { return (long) batch * out; }
    public long weightSize() { return (long) out * in; }
    /** Multiply-adds ×2 of one pass (forward, data or weight: the same GEMM volume). */
    public double flops() { return 2.0 * batch * in * (double) out; }
}
