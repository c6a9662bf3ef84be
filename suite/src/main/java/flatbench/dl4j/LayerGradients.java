package flatbench.dl4j;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.convolution.Convolution;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

import flatbench.model.Layer;

/**
 * Per-sample gradients of one parameter layer from its input activations a_i and deltas δ_i
 * (docs/MATH.md, "Per-sample gradients and their Gram matrix"), batched over samples: dense
 * g_i(W) = δ_i a_iᵀ; convolution g_i(W) = Σ_t δ_{i,t} u_{i,t}ᵀ with u the unfolded patches;
 * batch norm g_i(γ) = s Σ_t δ_{i,t} x_{i,t}. Results are in the flat layout (weight then bias).
 */
final class LayerGradients {
    private LayerGradients() {}

    /** Rows [from, to) of a trace's per-sample gradients as an (to − from) × P_layer array. */
    static INDArray perSample(GraphPass.Trace t, int from, int to) {
        INDArray a = rows(t.input(), from, to);
        INDArray d = rows(t.delta(), from, to);
        int n = to - from;
        ParamLayer pl = t.layer();
        return switch (pl.kind()) {
            case DENSE -> {
                long out = d.size(1), in = a.size(1);
                INDArray w = Nd4j.matmul(d.reshape('c', n, out, 1), a.reshape('c', n, 1, in)).reshape('c', n, out * in);
                yield Nd4j.hstack(w, d);
            }
            case CONV -> {
                Layer.Conv2d c = (Layer.Conv2d) pl.layer();
                INDArray u = patches(a, c);
                long cout = d.size(1);
                INDArray dd = d.dup('c').reshape('c', n, cout, d.size(2) * d.size(3));
                INDArray w = Nd4j.matmul(dd, u, false, true, false).reshape('c', n, cout * u.size(1));
                yield pl.hasBias() ? Nd4j.hstack(w, d.sum(2, 3)) : w;
            }
            case CHANNEL_AFFINE -> {
                INDArray gamma = d.mul(a).sum(2, 3).muli(pl.scaleFactor());
                yield Nd4j.hstack(gamma, d.sum(2, 3));
            }
        };
    }

    /**
     * Adds this layer's share of the Gram matrix to k (n × n). Dense layers use the ghost form
     * (δ_i·δ_j)(a_i·a_j), which never forms g_i; convolutions the ghost or the explicit form,
     * whichever docs/MATH.md's cost model favours; batch norm the explicit form. Explicit forms build
     * per-sample gradients in blocks of rows of at most {@code budget} elements.
     */
    static void addGram(GraphPass.Trace t, double[][] k, long budget) {
        int n = k.length;
        if (t.layer().kind() == ParamLayer.Kind.DENSE) {
            INDArray d = t.delta(), a = t.input();
            INDArray dd = d.mmul(d.transpose());
            INDArray g = dd.mul(a.mmul(a.transpose())).addi(dd);
            add(k, g.toDoubleMatrix(), 0, 0);
            return;
        }
        if (t.layer().kind() == ParamLayer.Kind.CONV && ghostIsCheaper(t, n)) {
            addConvGhostGram(t, k, budget);
            return;
        }
        addExplicitGram(t, k, budget);
    }

    /**
     * docs/MATH.md's cost model per pair of samples: ghost T²(K + Cout) against explicit
     * Cout·K·(1 + T/n), K = Cin·k². Ghost wins on deep layers with few output positions.
     */
    static boolean ghostIsCheaper(GraphPass.Trace t, int n) {
        long cout = t.delta().size(1), positions = t.delta().size(2) * t.delta().size(3);
        long k = t.input().size(1) * (long) ((Layer.Conv2d) t.layer().layer()).kernel() * ((Layer.Conv2d) t.layer().layer()).kernel();
        return (double) positions * positions * (k + cout) < (double) cout * k * (1 + (double) positions / n);
    }

    /** G_l G_lᵀ from explicit per-sample gradients, in blocks of rows. */
    static void addExplicitGram(GraphPass.Trace t, double[][] k, long budget) {
        int n = k.length;
        int chunk = chunkRows(t.layer().size(), budget, n);
        for (int i = 0; i < n; i += chunk) {
            int ie = Math.min(n, i + chunk);
            INDArray gi = perSample(t, i, ie);
            for (int j = i; j < n; j += chunk) {
                int je = Math.min(n, j + chunk);
                INDArray gj = j == i ? gi : perSample(t, j, je);
                double[][] block = gi.mmul(gj.transpose()).toDoubleMatrix();
                add(k, block, i, j);
                if (j != i) add(k, transpose(block), j, i);
            }
        }
    }

    /**
     * Convolution weights in ghost form, ⟨g_i, g_j⟩ = Σ_{t,t′} (u_{i,t}·u_{j,t′})(δ_{i,t}·δ_{j,t′}),
     * in blocks of rows so that no (rows·T)² product exceeds the budget; the bias, Σ_t δ, explicitly.
     */
    static void addConvGhostGram(GraphPass.Trace t, double[][] k, long budget) {
        int n = k.length;
        Layer.Conv2d c = (Layer.Conv2d) t.layer().layer();
        long positions = t.delta().size(2) * t.delta().size(3);
        long kk = t.input().size(1) * (long) c.kernel() * c.kernel();
        int chunk = (int) Math.max(1, Math.min(n, Math.min(Math.sqrt((double) budget) / positions, (double) budget / (kk * positions))));
        for (int i = 0; i < n; i += chunk) {
            int ie = Math.min(n, i + chunk);
            INDArray ui = positionRows(patches(rows(t.input(), i, ie), c)), di = positionRows(channelsByPosition(rows(t.delta(), i, ie)));
            for (int j = i; j < n; j += chunk) {
                int je = Math.min(n, j + chunk);
                INDArray uj = j == i ? ui : positionRows(patches(rows(t.input(), j, je), c));
                INDArray dj = j == i ? di : positionRows(channelsByPosition(rows(t.delta(), j, je)));
                INDArray prod = ui.mmul(uj.transpose()).muli(di.mmul(dj.transpose()));
                double[][] block = prod.reshape('c', ie - i, positions, je - j, positions).sum(1, 3).toDoubleMatrix();
                add(k, block, i, j);
                if (j != i) add(k, transpose(block), j, i);
            }
        }
        if (t.layer().hasBias()) {
            INDArray b = t.delta().sum(2, 3);
            add(k, b.mmul(b.transpose()).toDoubleMatrix(), 0, 0);
        }
    }

    /** [n, X, T] → [n·T, X]: one row per sample and output position. */
    private static INDArray positionRows(INDArray x) {
        return x.permute(0, 2, 1).dup('c').reshape('c', x.size(0) * x.size(2), x.size(1));
    }

    /** Deltas [n, Cout, Ho, Wo] → [n, Cout, T]. */
    private static INDArray channelsByPosition(INDArray d) {
        return d.dup('c').reshape('c', d.size(0), d.size(1), d.size(2) * d.size(3));
    }

    /**
     * Adds g_iᵀ v_j for this layer to p (n × k), v holding each direction's slice for this
     * layer (k × P_layer, flat layout). Dense layers compute δ_iᵀ V a_i + δ_i·c without g_i.
     */
    static void addProjection(GraphPass.Trace t, INDArray v, double[][] p, long budget) {
        int n = p.length;
        ParamLayer pl = t.layer();
        if (pl.kind() == ParamLayer.Kind.DENSE) {
            INDArray d = t.delta(), a = t.input();
            long out = d.size(1), in = a.size(1);
            for (int j = 0; j < v.size(0); j++) {
                INDArray w = v.get(NDArrayIndex.point(j), NDArrayIndex.interval(0, out * in)).reshape('c', out, in);
                INDArray c = v.get(NDArrayIndex.point(j), NDArrayIndex.interval(out * in, out * in + out)).reshape(out, 1);
                INDArray s = a.mmul(w.transpose()).muli(d).sum(1).addi(d.mmul(c).reshape(n));
                double[] col = s.toDoubleVector();
                for (int i = 0; i < n; i++) p[i][j] += col[i];
            }
            return;
        }
        int chunk = chunkRows(pl.size(), budget, n);
        for (int i = 0; i < n; i += chunk) {
            int ie = Math.min(n, i + chunk);
            add(p, perSample(t, i, ie).mmul(v.transpose()).toDoubleMatrix(), i, 0);
        }
    }

    /** Unfolded patches of a convolution's input: n × (Cin·k·k) × (Ho·Wo), in weight order. */
    private static INDArray patches(INDArray a, Layer.Conv2d c) {
        long n = a.size(0), cin = a.size(1);
        int k = c.kernel();
        long ho = (a.size(2) + 2L * c.padding() - k) / c.stride() + 1, wo = (a.size(3) + 2L * c.padding() - k) / c.stride() + 1;
        // im2col fills [n, Cin, kh, kw, Ho, Wo]; given no output it would allocate one of ND4J's default type.
        INDArray col = Nd4j.create(a.dataType(), n, cin, k, k, ho, wo);
        Convolution.im2col(a, k, k, c.stride(), c.stride(), c.padding(), c.padding(), false, col);
        return col.reshape('c', n, cin * k * k, ho * wo);
    }

    static int chunkRows(long perRow, long budget, int n) {
        return (int) Math.max(1, Math.min(n, budget / Math.max(1, perRow)));
    }

    private static INDArray rows(INDArray x, int from, int to) {
        if (from == 0 && to == x.size(0)) return x;
        INDArrayIndex[] ix = new INDArrayIndex[x.rank()];
        ix[0] = NDArrayIndex.interval(from, to);
        for (int r = 1; r < ix.length; r++) ix[r] = NDArrayIndex.all();
        return x.get(ix).dup('c');
    }

    private static void add(double[][] k, double[][] block, int row, int col) {
        for (int i = 0; i < block.length; i++) {
            for (int j = 0; j < block[i].length; j++) k[row + i][col + j] += block[i][j];
        }
    }

    private static double[][] transpose(double[][] m) {
        double[][] t = new double[m[0].length][m.length];
        for (int i = 0; i < m.length; i++) for (int j = 0; j < m[i].length; j++) t[j][i] = m[i][j];
        return t;
    }
}
