package flatbench.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import flatbench.record.Metric;
import flatbench.record.RunRecord;

/**
 * Xie, Sato &amp; Sugiyama's figures: σ²_k(B)·B against λ_k for each B (log–log; C ≈ H/B puts
 * every B on one line of slope 1), and the mean escape time of SGD and of white noise against
 * B/η and against 1/curvature (log τ on a linear axis).
 */
final class XieFigures {
    private XieFigures() {}

    static void render(RunRecord r, StringBuilder b) {
        Optional<double[]> lambda = r.metricArray(Metric.XIE_LAMBDA.path());
        Optional<double[]> batches = r.metricArray(Metric.XIE_BATCHES.path());
        Optional<Object> rows = r.metric(Metric.XIE_SIGMA2_B.path());
        Optional<double[]> bOverEta = r.metricArray(Metric.XIE_ESCAPE_B_OVER_ETA.path()), netBOverEta = r.metricArray(Metric.XIE_NET_B_OVER_ETA.path());
        if ((lambda.isEmpty() || rows.isEmpty()) && bOverEta.isEmpty() && netBOverEta.isEmpty()) return;
        b.append("<h2>Noise against curvature, and escape times (Xie, Sato &amp; Sugiyama)</h2>\n<div class=\"charts\">\n");
        if (lambda.isPresent() && batches.isPresent() && rows.isPresent() && rows.get() instanceof List<?> list) {
            Map<String, double[][]> s = new LinkedHashMap<>();
            for (int i = 0; i < list.size() && i < batches.get().length; i++) {
                if (list.get(i) instanceof double[] y) s.put("B = " + (int) batches.get()[i], new double[][] {lambda.get(), y});
            }
            s.put("y = λ (C = H/B)", new double[][] {lambda.get(), lambda.get().clone()});
            HtmlReport.chart(b, "sigma2 B against lambda", () -> Charts.series("σ²_k(B)·B against λ_k", "λ_k (Hessian eigenvalue)",
                    "σ²_k(B)·B", s, true, true), "Variance of the mini-batch gradient along each top Hessian eigenvector, times B. "
                    + "C ≈ H/B near a minimum [abs] puts every B on the line y = λ: slope 1 and magnitude 1.");
        }
        Optional<double[]> etaX = r.metricArray(Metric.XIE_ESCAPE_ETA_SWEEP_B_OVER_ETA.path()), etaT = r.metricArray(Metric.XIE_ESCAPE_SGD_TAU_BY_ETA.path());
        two(b, r, Metric.XIE_ESCAPE_B_OVER_ETA, Metric.XIE_ESCAPE_SGD_TAU_BY_B, Metric.XIE_ESCAPE_B_OVER_ETA, Metric.XIE_ESCAPE_WHITE_TAU_BY_B,
                etaX.isPresent() && etaT.isPresent() ? new double[][] {etaX.get(), etaT.get()} : null, "escape time against B/η", "B/η",
                "Mean escape time t = η·steps (log axis) from the shallow well against B/η: SGD with B swept at η₀, SGD with η swept at fixed B "
                        + "(on the same line if τ depends on B/η only), and gradient descent plus white noise of SGD's variance at the minimum. "
                        + "Published: log τ linear in B/η for SGD [abs].");
        two(b, r, Metric.XIE_ESCAPE_INVERSE_CURVATURE, Metric.XIE_ESCAPE_SGD_TAU_BY_CURVATURE, Metric.XIE_ESCAPE_WHITE_INVERSE_CURVATURE,
                Metric.XIE_ESCAPE_WHITE_TAU_BY_CURVATURE, null, "escape time against 1/curvature", "λ₁/λ (escape direction)",
                "Mean escape time against the inverse curvature at the minimum, the barrier height fixed; the white noise has a fixed temperature "
                        + "(barrier 6 T) and a wider range. Published: SGD's log τ linear in 1/λ, white noise's only polynomial in λ [abs].");
        two(b, r, Metric.XIE_NET_B_OVER_ETA, Metric.XIE_NET_SGD_TAU_BY_B, Metric.XIE_NET_B_OVER_ETA, Metric.XIE_NET_WHITE_TAU_BY_B,
                netEtaSweep(r), "single tanh neuron: escape time against B/η", "B/η",
                "A single tanh neuron (three weights, XOR-like clusters) escaping its small-weight minimum over the saddles on its rim: "
                        + "mean escape time against B/η for SGD (B swept, and η swept at fixed B) and for gradient descent plus isotropic white noise "
                        + "of SGD's mean variance at the minimum. The η-swept points include the curvature sweep's, mapped exactly "
                        + "(L_s(θ) = L₁(sθ): SGD at input scale s and η₀ is SGD at η₀s², so τ·s² at B/(η₀s²)). Intervals per point: "
                        + "xie.net.*Ci95. Published: log τ linear in B/η for SGD [abs].");
        two(b, r, Metric.XIE_NET_INVERSE_CURVATURE, Metric.XIE_NET_SGD_TAU_BY_CURVATURE, Metric.XIE_NET_WHITE_INVERSE_CURVATURE,
                Metric.XIE_NET_WHITE_TAU_BY_CURVATURE, null, "single tanh neuron: escape time against 1/curvature", "λ₁/λ (input scale 1/s²)",
                "The same neuron with its input scaled by s: every curvature scales by s² at fixed barrier heights. SGD against white noise "
                        + "of one temperature. For SGD this is the η sweep again (see the B/η figure). Published: SGD's log τ linear in 1/λ, "
                        + "white noise's only polynomial in λ [abs].");
        b.append("</div>\n");
    }

    /**
     * The single neuron's η sweep (B = 1) with its curvature sweep's points mapped onto it: x = λ₁/λ = 1/s² at η₀ is
     * B/η = x/η₀ with τ·s² = τ/x (both sweeps run at B = 1), sorted by B/η; null when either is missing.
     */
    private static double[][] netEtaSweep(RunRecord r) {
        Optional<double[]> ex = r.metricArray(Metric.XIE_NET_ETA_SWEEP_B_OVER_ETA.path()), et = r.metricArray(Metric.XIE_NET_SGD_TAU_BY_ETA.path()),
                hx = r.metricArray(Metric.XIE_NET_INVERSE_CURVATURE.path()), ht = r.metricArray(Metric.XIE_NET_SGD_TAU_BY_CURVATURE.path());
        java.util.OptionalDouble eta = r.metricNumber(Metric.XIE_NET_ETA.path());
        if (ex.isEmpty() || et.isEmpty()) return null;
        java.util.TreeMap<Double, Double> points = new java.util.TreeMap<>();
        for (int i = 0; i < ex.get().length; i++) points.put(ex.get()[i], et.get()[i]);
        if (hx.isPresent() && ht.isPresent() && eta.isPresent()) {
            for (int i = 0; i < hx.get().length; i++) points.putIfAbsent(hx.get()[i] / eta.getAsDouble(), ht.get()[i] / hx.get()[i]);
        }
        double[][] out = new double[2][points.size()];
        int i = 0;
        for (Map.Entry<Double, Double> p : points.entrySet()) {
            out[0][i] = p.getKey();
            out[1][i++] = p.getValue();
        }
        return out;
    }

    private static void two(StringBuilder b, RunRecord r, Metric x, Metric sgd, Metric whiteX, Metric white, double[][] etaSweep, String title,
                            String xTitle, String caption) {
        Optional<double[]> xs = r.metricArray(x.path()), s1 = r.metricArray(sgd.path()), wx = r.metricArray(whiteX.path()), s2 = r.metricArray(white.path());
        if (xs.isEmpty() || s1.isEmpty() || wx.isEmpty() || s2.isEmpty()) return;
        Map<String, double[][]> s = new LinkedHashMap<>();
        s.put("SGD", new double[][] {xs.get(), s1.get()});
        if (etaSweep != null) s.put("SGD, η swept", etaSweep);
        s.put("GD + white noise", new double[][] {wx.get(), s2.get()});
        HtmlReport.chart(b, title, () -> Charts.series(title, xTitle, "mean escape time τ (η·steps)", s, false, true), caption);
    }
}
