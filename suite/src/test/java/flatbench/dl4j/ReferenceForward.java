package flatbench.dl4j;

import java.util.List;

import flatbench.model.Layer;
import flatbench.model.ModelSpec;
import flatbench.model.Shape;

/**
 * The forward pass of a spec written from the layer definitions alone, in plain double loops,
 * reading parameters straight from the flat layout: the independent reference for the
 * translation and the parameter map. Slow; for tiny nets only.
 */
final class ReferenceForward {
    private final double[] theta;
    private int offset;

    private ReferenceForward(double[] theta) { this.theta = theta; }

    /** Softmax probabilities of one sample. */
    static double[] probabilities(ModelSpec spec, double[] theta, double[] x) {
        ReferenceForward f = new ReferenceForward(theta);
        double[] z = f.run(spec.layers(), spec.input(), x);
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) max = Math.max(max, v);
        double s = 0;
        double[] p = new double[z.length];
        for (int i = 0; i < z.length; i++) s += p[i] = Math.exp(z[i] - max);
        for (int i = 0; i < z.length; i++) p[i] /= s;
        return p;
    }

    private double[] run(List<Layer> layers, Shape in, double[] x) {
        Shape s = in;
        for (Layer l : layers) {
            x = apply(l, s, x);
            s = l.outputShape(s);
        }
        return x;
    }

    private double[] apply(Layer layer, Shape s, double[] x) {
        Shape o = layer.outputShape(s);
        double[] y = new double[o.size()];
        if (layer instanceof Layer.Dense d) {
            int w = take(d.out() * d.in()), b = take(d.out());
            for (int r = 0; r < d.out(); r++) {
                double acc = theta[b + r];
                for (int c = 0; c < d.in(); c++) acc += theta[w + r * d.in() + c] * x[c];
                y[r] = acc;
            }
        } else if (layer instanceof Layer.Conv2d c) {
            int k = c.kernel();
            int w = take(c.outChannels() * c.inChannels() * k * k), b = c.bias() ? take(c.outChannels()) : -1;
            for (int co = 0; co < c.outChannels(); co++) {
                for (int oy = 0; oy < o.height(); oy++) {
                    for (int ox = 0; ox < o.width(); ox++) {
                        double acc = b < 0 ? 0 : theta[b + co];
                        for (int ci = 0; ci < c.inChannels(); ci++) {
                            for (int ky = 0; ky < k; ky++) {
                                for (int kx = 0; kx < k; kx++) {
                                    int iy = oy * c.stride() - c.padding() + ky, ix = ox * c.stride() - c.padding() + kx;
                                    if (iy < 0 || ix < 0 || iy >= s.height() || ix >= s.width()) continue;
                                    acc += theta[w + ((co * c.inChannels() + ci) * k + ky) * k + kx]
                                            * x[(ci * s.height() + iy) * s.width() + ix];
                                }
                            }
                        }
                        y[(co * o.height() + oy) * o.width() + ox] = acc;
                    }
                }
            }
        } else if (layer instanceof Layer.BatchNorm bn) {
            int g = take(bn.channels()), b = take(bn.channels());
            int hw = s.height() * s.width();
            for (int i = 0; i < y.length; i++) y[i] = theta[g + i / hw] * x[i] / Math.sqrt(1 + bn.eps()) + theta[b + i / hw];
        } else if (layer instanceof Layer.Relu) {
            for (int i = 0; i < y.length; i++) y[i] = Math.max(0, x[i]);
        } else if (layer instanceof Layer.MaxPool p) {
            pool(s, o, x, y, p.kernel(), p.stride(), true);
        } else if (layer instanceof Layer.AvgPool p) {
            pool(s, o, x, y, p.kernel(), p.stride(), false);
        } else if (layer instanceof Layer.GlobalAvgPool) {
            int hw = s.height() * s.width();
            for (int i = 0; i < x.length; i++) y[i / hw] += x[i] / hw;
        } else if (layer instanceof Layer.Residual r) {
            double[] a = run(r.main(), s, x);
            double[] b = run(r.shortcut(), s, x);
            for (int i = 0; i < y.length; i++) y[i] = a[i] + b[i];
        }
        return y;
    }

    private static void pool(Shape s, Shape o, double[] x, double[] y, int k, int stride, boolean max) {
        for (int c = 0; c < o.channels(); c++) {
            for (int oy = 0; oy < o.height(); oy++) {
                for (int ox = 0; ox < o.width(); ox++) {
                    double acc = max ? Double.NEGATIVE_INFINITY : 0;
                    for (int ky = 0; ky < k; ky++) {
                        for (int kx = 0; kx < k; kx++) {
                            double v = x[(c * s.height() + oy * stride + ky) * s.width() + ox * stride + kx];
                            acc = max ? Math.max(acc, v) : acc + v / (k * k);
                        }
                    }
                    y[(c * o.height() + oy) * o.width() + ox] = acc;
                }
            }
        }
    }

    private int take(int n) {
        int at = offset;
        offset += n;
        return at;
    }
}
