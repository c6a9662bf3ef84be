package flatbench.report;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

import flatbench.record.Metric;
import flatbench.record.Reproduction;
import flatbench.record.RunRecord;

/**
 * Yang, Tang &amp; Tu's figures: the stationary density of SGD along the product model's valley
 * against the flatness F (log–log, with the fitted power law), the mean time to reach the flat
 * region against η and against B, and the fraction of runs that diverge against η.
 */
final class YangTangTuFigures {
    private YangTangTuFigures() {}

    static void render(RunRecord r, StringBuilder b) {
        Optional<double[]> f = r.metricArray(Metric.YTT_DENSITY_FLATNESS.path());
        Optional<double[]> d = r.metricArray(Metric.YTT_DENSITY.path());
        if (f.isEmpty() || d.isEmpty()) return;
        b.append("<h2>SGD along a valley of minima (Yang, Tang &amp; Tu)</h2>\n<div class=\"charts\">\n");
        OptionalDouble alpha = r.metricNumber(Reproduction.GROUP + "." + Metric.REPRODUCTION_YTT_DENSITY_EXPONENT.key() + "." + Reproduction.MEASURED);
        HtmlReport.chart(b, "density against flatness", () -> Charts.logLog("Stationary density along the valley", "F = 1/√λ",
                        "density per unit length", "SGD runs", f.get(), d.get(), null, null, alpha,
                        r.metricNumber(Metric.YTT_DENSITY_INTERCEPT.path())),
                "Where the SGD runs spend their time along the valley w₁w₂ = p*, per unit length, against the flatness there; "
                        + "the line is this run's power-law fit. Yang, Tang & Tu: density ∝ F^(κ−1) [sum].");
        curve(b, r, Metric.YTT_CONVERGENCE_ETAS, Metric.YTT_CONVERGENCE_TIME_BY_ETA, "steps to the flat region against η", "η",
                "Mean steps from u = 1 to the flat region |u| ≤ 0.25 (log–log). Published: the time falls with η [abs].");
        curve(b, r, Metric.YTT_CONVERGENCE_BATCHES, Metric.YTT_CONVERGENCE_TIME_BY_BATCH, "steps to the flat region against B", "B",
                "The same against the batch size: smaller batches, more batch-to-batch variation, faster [abs].");
        Optional<double[]> etas = r.metricArray(Metric.YTT_DIVERGENCE_ETAS.path());
        Optional<double[]> frac = r.metricArray(Metric.YTT_DIVERGED_FRACTION.path());
        if (etas.isPresent() && frac.isPresent()) {
            Map<String, double[][]> s = new LinkedHashMap<>();
            s.put("diverged fraction", new double[][] {etas.get(), frac.get()});
            HtmlReport.chart(b, "diverged fraction", () -> Charts.series("Runs that diverge", "η", "fraction diverged", s, false, false),
                    "Fraction of SGD runs started at the flattest point that diverge within the step budget; gradient descent without noise "
                            + "is stable there up to 2/λ_min = " + r.metricNumber(Metric.YTT_GD_STABILITY_LIMIT.path()).stream()
                            .mapToObj(Html::num).findFirst().orElse("?") + ".");
        }
        b.append("</div>\n");
    }

    private static void curve(StringBuilder b, RunRecord r, Metric x, Metric y, String title, String xTitle, String caption) {
        Optional<double[]> xs = r.metricArray(x.path()), ys = r.metricArray(y.path());
        if (xs.isEmpty() || ys.isEmpty()) return;
        Map<String, double[][]> s = new LinkedHashMap<>();
        s.put("mean steps", new double[][] {xs.get(), ys.get()});
        HtmlReport.chart(b, title, () -> Charts.series(title, xTitle, "mean steps", s, true, true), caption);
    }
}
