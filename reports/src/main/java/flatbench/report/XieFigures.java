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
        Optional<double[]> bOverEta = r.metricArray(Metric.XIE_ESCAPE_B_OVER_ETA.path());
        if ((lambda.isEmpty() || rows.isEmpty()) && bOverEta.isEmpty()) return;
        b.append("<h2>Noise against curvature, and escape times (Xie, Sato &amp; Sugiyama)</h2>\n<div class=\"charts\">\n");
        if (lambda.isPresent() && batches.isPresent() && rows.isPresent() && rows.get() instanceof List<?> list) {
            Map<String, double[][]> s = new LinkedHashMap<>();
            for (int i = 0; i < list.size() && i < batches.get().length; i++) {
                if (list.get(i) instanceof double[] y) s.put("B = " + (int) batches.get()[i], new double[][] {lambda.get(), y});
            }
            HtmlReport.chart(b, "sigma2 B against lambda", () -> Charts.series("σ²_k(B)·B against λ_k", "λ_k (Hessian eigenvalue)",
                    "σ²_k(B)·B", s, true, true), "Variance of the mini-batch gradient along each top Hessian eigenvector, times B. "
                    + "C ≈ H/B near a minimum [abs] puts every B on one line of slope 1.");
        }
        two(b, r, Metric.XIE_ESCAPE_B_OVER_ETA, Metric.XIE_ESCAPE_SGD_TAU_BY_B, Metric.XIE_ESCAPE_WHITE_TAU_BY_B, "escape time against B/η", "B/η",
                "Mean escape time (steps, log axis) from the shallow well against B/η: SGD, and gradient descent plus isotropic white noise "
                        + "of SGD's variance along the escape direction. Published: log τ linear in B/η for SGD [abs].");
        two(b, r, Metric.XIE_ESCAPE_INVERSE_CURVATURE, Metric.XIE_ESCAPE_SGD_TAU_BY_CURVATURE, Metric.XIE_ESCAPE_WHITE_TAU_BY_CURVATURE,
                "escape time against 1/curvature", "1/λ (escape direction)",
                "Mean escape time against the inverse curvature at the minimum, the barrier height fixed; the white noise keeps the "
                        + "variance matched at the middle curvature. Published: SGD's log τ linear in 1/λ, white noise's only polynomial in λ [abs].");
        b.append("</div>\n");
    }

    private static void two(StringBuilder b, RunRecord r, Metric x, Metric sgd, Metric white, String title, String xTitle, String caption) {
        Optional<double[]> xs = r.metricArray(x.path()), s1 = r.metricArray(sgd.path()), s2 = r.metricArray(white.path());
        if (xs.isEmpty() || s1.isEmpty() || s2.isEmpty()) return;
        Map<String, double[][]> s = new LinkedHashMap<>();
        s.put("SGD", new double[][] {xs.get(), s1.get()});
        s.put("GD + white noise", new double[][] {xs.get(), s2.get()});
        HtmlReport.chart(b, title, () -> Charts.series(title, xTitle, "mean escape time τ (steps)", s, false, true), caption);
    }
}
