package flatbench.reference;

import flatbench.model.Layer;
import flatbench.model.Shape;

/**
 * What each quantity needs from one parametrised step once the passes have run: its input
 * (t.in) and output gradient (t.dOut), and for curvature products their R-counterparts.
 * Tensors follow the step's blocks (weight then bias; scale then shift).
 */
final class ParamProducts {
    private ParamProducts() {}

    /** ∇ of the pass's loss (whatever scale the output gradient carried) for this step's tensors. */
    static double[][] gradient(Plan.Step s, Tape t) {
        double[][] g = allocate(s);
        double[] x = t.in[s.id()], dy = t.dOut[s.id()];
        int b = t.batch;
        Shape in = s.in();
        Layer l = s.layer();
        if (l instanceof Layer.Dense d) {
            Dense.backwardWeight(dy, x, g[0], g[1], b, d.in(), d.out());
        } else if (l instanceof Layer.Conv2d c) {
            Conv2d.backwardWeight(dy, x, g[0], c.bias() ? g[1] : null, b, c.inChannels(), in.height(), in.width(),
                    c.outChannels(), c.kernel(), c.stride(), c.padding());
        } else if (l instanceof Layer.BatchNorm n) {
            BatchNormInference.backwardParams(dy, x, g[0], g[1], b, n.channels(), in.height() * in.width(), n.inverseStd());
        } else {
            throw unknown(l);
        }
        return g;
    }

    /** (Hv) or, with gaussNewton, (Gv) for this step's tensors, from the forward tape t and the R-tape r. */
    static double[][] curvature(Plan.Step s, Tape t, Tape r, boolean gaussNewton) {
        double[][] h = allocate(s);
        int id = s.id(), b = t.batch;
        double[] x = t.in[id], rx = r.in[id], delta = gaussNewton ? null : t.dOut[id], rDelta = r.dOut[id];
        Shape in = s.in();
        Layer l = s.layer();
        if (l instanceof Layer.Dense d) {
            Dense.rBackwardWeight(delta, rDelta, x, rx, h[0], h[1], b, d.in(), d.out());
        } else if (l instanceof Layer.Conv2d c) {
            Conv2d.rBackwardWeight(delta, rDelta, x, rx, h[0], c.bias() ? h[1] : null, b, c.inChannels(), in.height(), in.width(),
                    c.outChannels(), c.kernel(), c.stride(), c.padding());
        } else if (l instanceof Layer.BatchNorm n) {
            BatchNormInference.rBackwardParams(delta, rDelta, x, rx, h[0], h[1], b, n.channels(), in.height() * in.width(), n.inverseStd());
        } else {
            throw unknown(l);
        }
        return h;
    }

    /** Per-sample gradients of this step into G's columns [colOffset, colOffset + step size). */
    static void perSample(Plan.Step s, Tape t, double[] g, int rowStride, int colOffset) {
        double[] x = t.in[s.id()], dy = t.dOut[s.id()];
        int b = t.batch;
        Shape in = s.in();
        Layer l = s.layer();
        if (l instanceof Layer.Dense d) {
            PerSampleGrad.dense(dy, x, g, rowStride, colOffset, b, d.in(), d.out(), true);
        } else if (l instanceof Layer.Conv2d c) {
            PerSampleGrad.conv(dy, x, g, rowStride, colOffset, b, c.inChannels(), in.height(), in.width(),
                    c.outChannels(), c.kernel(), c.stride(), c.padding(), c.bias());
        } else if (l instanceof Layer.BatchNorm n) {
            PerSampleGrad.batchNorm(dy, x, g, rowStride, colOffset, b, n.channels(), in.height() * in.width(), n.inverseStd());
        } else {
            throw unknown(l);
        }
    }

    /**
     * This step's Gram contribution (batch × batch, row-major): the ghost form where
     * {@link NoiseGram#preferGhost} says it is cheaper, otherwise explicit from per-sample rows.
     */
    static double[] gram(Plan.Step s, Tape t) {
        int b = t.batch;
        double[] x = t.in[s.id()], dy = t.dOut[s.id()];
        double[] k = new double[b * b];
        Shape in = s.in();
        Layer l = s.layer();
        if (l instanceof Layer.Dense d && NoiseGram.preferGhost(b, 1, d.in(), d.out(), 1)) {
            NoiseGram.ghostDense(dy, x, k, b, d.in(), d.out(), true);
            return k;
        }
        if (l instanceof Layer.Conv2d c) {
            int positions = s.out().height() * s.out().width();
            if (NoiseGram.preferGhost(b, positions, c.inChannels(), c.outChannels(), c.kernel())) {
                NoiseGram.ghostConv(dy, x, k, b, c.inChannels(), in.height(), in.width(), c.outChannels(), c.kernel(),
                        c.stride(), c.padding(), c.bias());
                return k;
            }
        }
        int cols = size(s);
        double[] g = new double[b * cols];
        perSample(s, t, g, cols, 0);
        NoiseGram.explicit(g, cols, 0, cols, k, b);
        return k;
    }

    /** g_iᵀv restricted to this step's tensors, for every sample; v holds the step's direction tensors. */
    static double[] project(Plan.Step s, Tape t, double[][] v) {
        int b = t.batch;
        double[] x = t.in[s.id()], dy = t.dOut[s.id()];
        double[] result = new double[b];
        Shape in = s.in();
        Layer l = s.layer();
        if (l instanceof Layer.Dense d) {
            Projection.dense(dy, x, v[0], v[1], result, b, d.in(), d.out());
        } else if (l instanceof Layer.Conv2d c) {
            Projection.conv(dy, x, v[0], c.bias() ? v[1] : null, result, b, c.inChannels(), in.height(), in.width(),
                    c.outChannels(), c.kernel(), c.stride(), c.padding());
        } else if (l instanceof Layer.BatchNorm n) {
            Projection.batchNorm(dy, x, v[0], v[1], result, b, n.channels(), in.height() * in.width(), n.inverseStd());
        } else {
            throw unknown(l);
        }
        return result;
    }

    /** Number of parameters the step owns. */
    static int size(Plan.Step s) {
        long n = 0;
        for (var p : s.params()) n += p.size();
        return (int) n;
    }

    private static double[][] allocate(Plan.Step s) {
        double[][] t = new double[s.params().size()][];
        for (int k = 0; k < t.length; k++) t[k] = new double[(int) s.params().get(k).size()];
        return t;
    }

    private static IllegalArgumentException unknown(Layer l) {
        return new IllegalArgumentException("the reference engine has no parameter rule for layer " + l);
    }
}
