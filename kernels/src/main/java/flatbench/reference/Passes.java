package flatbench.reference;

import java.util.List;

import flatbench.model.Layer;
import flatbench.model.Shape;

/**
 * The four passes over a {@link Plan}, composed from the operations: forward, backward (δ),
 * R-forward (R{a}) and R-backward (R{δ}). Parameters and directions are per-step tensors as
 * {@link Plan#unpack} gives them. A pass's starting step may skip its input gradient, which no
 * one needs at the network input.
 */
final class Passes {
    private Passes() {}

    static double[] forward(List<Plan.Step> steps, double[][][] p, double[] x, Tape t) {
        double[] cur = x;
        for (Plan.Step s : steps) {
            t.in[s.id()] = cur;
            cur = forwardStep(s, p, cur, t);
            t.out[s.id()] = cur;
        }
        return cur;
    }

    private static double[] forwardStep(Plan.Step s, double[][][] p, double[] x, Tape t) {
        int b = t.batch;
        Shape in = s.in();
        double[] y = new double[b * s.out().size()];
        double[][] w = p[s.id()];
        Layer l = s.layer();
        if (l instanceof Layer.Dense d) {
            Dense.forward(x, w[0], w[1], y, b, d.in(), d.out());
        } else if (l instanceof Layer.Conv2d c) {
            Conv2d.forward(x, w[0], c.bias() ? w[1] : null, y, b, c.inChannels(), in.height(), in.width(),
                    c.outChannels(), c.kernel(), c.stride(), c.padding());
        } else if (l instanceof Layer.Relu) {
            Relu.forward(x, y, y.length);
        } else if (l instanceof Layer.MaxPool m) {
            t.argmax[s.id()] = new int[y.length];
            Pool.maxForward(x, y, t.argmax[s.id()], b, in.channels(), in.height(), in.width(), m.kernel(), m.stride());
        } else if (l instanceof Layer.AvgPool a) {
            Pool.avgForward(x, y, b, in.channels(), in.height(), in.width(), a.kernel(), a.stride());
        } else if (l instanceof Layer.GlobalAvgPool) {
            GlobalAvgPool.forward(x, y, b, in.channels(), in.height() * in.width());
        } else if (l instanceof Layer.BatchNorm n) {
            BatchNormInference.forward(x, w[0], w[1], y, b, n.channels(), in.height() * in.width(), n.inverseStd());
        } else if (l instanceof Layer.Residual) {
            double[] main = forward(s.main(), p, x, t);
            double[] shortcut = s.shortcut().isEmpty() ? x : forward(s.shortcut(), p, x, t);
            ResidualAdd.forward(main, shortcut, y, y.length);
        } else {
            throw new IllegalArgumentException("the reference engine has no rule for layer " + l);
        }
        return y;
    }

    /** Records each step's output gradient in t.dOut and returns the input gradient (null when skipped). */
    static double[] backward(List<Plan.Step> steps, double[][][] p, double[] dy, Tape t, boolean needInput) {
        double[] g = dy;
        for (int k = steps.size() - 1; k >= 0; k--) {
            Plan.Step s = steps.get(k);
            t.dOut[s.id()] = g;
            if (k == 0 && !needInput && !(s.layer() instanceof Layer.Residual)) return null;
            g = backwardStep(s, p, g, t, k > 0 || needInput);
        }
        return g;
    }

    private static double[] backwardStep(Plan.Step s, double[][][] p, double[] dy, Tape t, boolean needInput) {
        int b = t.batch;
        Shape in = s.in();
        double[] dx = new double[b * in.size()];
        double[][] w = p[s.id()];
        Layer l = s.layer();
        if (l instanceof Layer.Dense d) {
            Dense.backwardData(dy, w[0], dx, b, d.in(), d.out());
        } else if (l instanceof Layer.Conv2d c) {
            Conv2d.backwardData(dy, w[0], dx, b, c.inChannels(), in.height(), in.width(), c.outChannels(), c.kernel(), c.stride(), c.padding());
        } else if (l instanceof Layer.Relu) {
            Relu.backward(t.in[s.id()], dy, dx, dx.length);
        } else if (l instanceof Layer.MaxPool m) {
            Pool.maxBackward(dy, t.argmax[s.id()], dx, b, in.channels(), in.height(), in.width(), m.kernel(), m.stride());
        } else if (l instanceof Layer.AvgPool a) {
            Pool.avgBackward(dy, dx, b, in.channels(), in.height(), in.width(), a.kernel(), a.stride());
        } else if (l instanceof Layer.GlobalAvgPool) {
            GlobalAvgPool.backward(dy, dx, b, in.channels(), in.height() * in.width());
        } else if (l instanceof Layer.BatchNorm n) {
            BatchNormInference.backwardData(dy, w[0], dx, b, n.channels(), in.height() * in.width(), n.inverseStd());
        } else if (l instanceof Layer.Residual) {
            double[] main = backward(s.main(), p, dy, t, needInput);
            double[] shortcut = s.shortcut().isEmpty() ? dy : backward(s.shortcut(), p, dy, t, needInput);
            if (!needInput) return null;
            ResidualAdd.forward(main, shortcut, dx, dx.length);
        } else {
            throw new IllegalArgumentException("the reference engine has no rule for layer " + l);
        }
        return dx;
    }

    /** R-forward along direction v; rx null is R{x} = 0. Fills r.in and r.out, reading t. */
    static double[] rForward(List<Plan.Step> steps, double[][][] p, double[][][] v, double[] rx, Tape t, Tape r) {
        double[] cur = rx;
        for (Plan.Step s : steps) {
            r.in[s.id()] = cur;
            cur = rForwardStep(s, p, v, cur, t, r);
            r.out[s.id()] = cur;
        }
        return cur;
    }

    private static double[] rForwardStep(Plan.Step s, double[][][] p, double[][][] v, double[] rx, Tape t, Tape r) {
        Layer l = s.layer();
        if (rx == null && s.params().isEmpty() && !(l instanceof Layer.Residual)) return null;
        int b = t.batch;
        Shape in = s.in();
        double[] ry = new double[b * s.out().size()];
        double[][] w = p[s.id()], dv = v[s.id()];
        double[] x = t.in[s.id()];
        if (l instanceof Layer.Dense d) {
            Dense.rForward(x, rx, w[0], dv[0], dv[1], ry, b, d.in(), d.out());
        } else if (l instanceof Layer.Conv2d c) {
            Conv2d.rForward(x, rx, w[0], dv[0], c.bias() ? dv[1] : null, ry, b, c.inChannels(), in.height(), in.width(),
                    c.outChannels(), c.kernel(), c.stride(), c.padding());
        } else if (l instanceof Layer.Relu) {
            Relu.backward(x, rx, ry, ry.length);
        } else if (l instanceof Layer.MaxPool) {
            Pool.maxRoute(rx, t.argmax[s.id()], ry, ry.length);
        } else if (l instanceof Layer.AvgPool a) {
            Pool.avgForward(rx, ry, b, in.channels(), in.height(), in.width(), a.kernel(), a.stride());
        } else if (l instanceof Layer.GlobalAvgPool) {
            GlobalAvgPool.forward(rx, ry, b, in.channels(), in.height() * in.width());
        } else if (l instanceof Layer.BatchNorm n) {
            BatchNormInference.rForward(x, rx, w[0], dv[0], dv[1], ry, b, n.channels(), in.height() * in.width(), n.inverseStd());
        } else if (l instanceof Layer.Residual) {
            double[] main = rForward(s.main(), p, v, rx, t, r);
            double[] shortcut = s.shortcut().isEmpty() ? rx : rForward(s.shortcut(), p, v, rx, t, r);
            return sum(main, shortcut, ry);
        } else {
            throw new IllegalArgumentException("the reference engine has no rule for layer " + l);
        }
        return ry;
    }

    /**
     * R-backward: records each step's R{δ} in r.dOut and returns the input's. With gaussNewton
     * the terms carrying δ are dropped, so t.dOut is not read.
     */
    static double[] rBackward(List<Plan.Step> steps, double[][][] p, double[][][] v, double[] rdy, Tape t, Tape r,
                              boolean gaussNewton, boolean needInput) {
        double[] g = rdy;
        for (int k = steps.size() - 1; k >= 0; k--) {
            Plan.Step s = steps.get(k);
            r.dOut[s.id()] = g;
            if (k == 0 && !needInput && !(s.layer() instanceof Layer.Residual)) return null;
            g = rBackwardStep(s, p, v, g, t, r, gaussNewton, k > 0 || needInput);
        }
        return g;
    }

    private static double[] rBackwardStep(Plan.Step s, double[][][] p, double[][][] v, double[] rdy, Tape t, Tape r,
                                          boolean gaussNewton, boolean needInput) {
        int b = t.batch;
        Shape in = s.in();
        double[] rdx = new double[b * in.size()];
        double[][] w = p[s.id()], dv = v[s.id()];
        double[] delta = gaussNewton ? null : t.dOut[s.id()];
        Layer l = s.layer();
        if (l instanceof Layer.Dense d) {
            Dense.rBackwardData(delta, rdy, w[0], dv[0], rdx, b, d.in(), d.out());
        } else if (l instanceof Layer.Conv2d c) {
            Conv2d.rBackwardData(delta, rdy, w[0], dv[0], rdx, b, c.inChannels(), in.height(), in.width(),
                    c.outChannels(), c.kernel(), c.stride(), c.padding());
        } else if (l instanceof Layer.BatchNorm n) {
            BatchNormInference.rBackwardData(delta, rdy, w[0], dv[0], rdx, b, n.channels(), in.height() * in.width(), n.inverseStd());
        } else if (l instanceof Layer.Residual) {
            double[] main = rBackward(s.main(), p, v, rdy, t, r, gaussNewton, needInput);
            double[] shortcut = s.shortcut().isEmpty() ? rdy : rBackward(s.shortcut(), p, v, rdy, t, r, gaussNewton, needInput);
            if (!needInput) return null;
            ResidualAdd.forward(main, shortcut, rdx, rdx.length);
        } else {
            // Parameter-free layers are linear in their input gradient (φ″ = 0 for ReLU), so R{δ}
            // goes back exactly as δ does.
            return backwardStep(s, p, rdy, t, needInput);
        }
        return rdx;
    }

    private static double[] sum(double[] a, double[] b, double[] into) {
        if (a == null) return b;
        if (b == null) return a;
        ResidualAdd.forward(a, b, into, into.length);
        return into;
    }
}
