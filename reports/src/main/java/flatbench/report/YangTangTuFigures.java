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
                "Where the SGD runs at the largest η spend their time along the valley w₁w₂ = p*, per unit length, against the flatness "
                        + "there; the line is the weighted power-law fit at that η. This model's own prediction as η → 0 is F^(κ+2) [inference] "
                        + "(its noise grows with λ); Yang, Tang & Tu's F^(κ−1) [sum] is for noise of constant magnitude (the control below).");
        Optional<double[]> cf = r.metricArray(Metric.YTT_CONTROL_FLATNESS.path()), cd = r.metricArray(Metric.YTT_CONTROL_DENSITY.path());
        if (cf.isPresent() && cd.isPresent()) {
            OptionalDouble ca = r.metricNumber(Reproduction.GROUP + "." + Metric.REPRODUCTION_YTT_CONTROL_EXPONENT.key() + "." + Reproduction.MEASURED);
            HtmlReport.chart(b, "control density against flatness", () -> Charts.logLog("Control: noise of constant magnitude", "F = 1/√λ",
                            "density per unit u", "GD + Δ(n̂n̂ᵀ + t̂t̂ᵀ/κ)", cf.get(), cd.get(), null, null, ca, OptionalDouble.empty()),
                    "Gradient descent plus noise of Yang, Tang & Tu's form (variance Δ across the valley, Δ/κ along it, whatever λ), per unit u; "
                            + "their prediction F^(κ−1) [sum].");
        }
        curve(b, r, Metric.YTT_CONVERGENCE_ETAS, Metric.YTT_CONVERGENCE_TIME_BY_ETA, "time to the flat region against η", "η",
                "Median time t = η·steps from u = 1 to the flat region |u| ≤ 0.25 (log–log). Published: the time falls with η [abs]; "
                        + "this model: ∝ 1/η [inference].");
        curve(b, r, Metric.YTT_CONVERGENCE_BATCHES, Metric.YTT_CONVERGENCE_TIME_BY_BATCH, "time to the flat region against B", "B",
                "The same against the batch size: smaller batches, more batch-to-batch variation, faster [abs]; this model: ∝ B [inference].");
        Optional<double[]> etas = r.metricArray(Metric.YTT_DIVERGENCE_ETAS.path());
        Optional<double[]> frac = r.metricArray(Metric.YTT_DIVERGED_FRACTION.path());
        if (etas.isPresent() && frac.isPresent()) {
            Map<String, double[][]> s = new LinkedHashMap<>();
            s.put("within the budget", new double[][] {etas.get(), frac.get()});
            r.metricArray(Metric.YTT_DIVERGED_FRACTION_SHORT.path()).ifPresent(sf -> s.put("within a tenth of it", new double[][] {etas.get(), sf}));
            HtmlReport.chart(b, "diverged fraction", () -> Charts.series("Runs that diverge", "η", "fraction diverged", s, false, false),
                    "Fraction of SGD runs (B = 4) started at the flattest point that diverge within the step budget and within a tenth of it: "
                            + "the boundary moves with the budget; gradient descent without noise "
                            + "is stable there up to 2/λ_min = " + r.metricNumber(Metric.YTT_GD_STABILITY_LIMIT.path()).stream()
                            .mapToObj(Html::num).findFirst().orElse("?") + ".");
        }
        b.append("</div>\n");
    }

    private static void curve(StringBuilder b, RunRecord r, Metric x, Metric y, String title, String xTitle, String caption) {
        Optional<double[]> xs = r.metricArray(x.path()), ys = r.metricArray(y.path());
        if (xs.isEmpty() || ys.isEmpty()) return;
        Map<String, double[][]> s = new LinkedHashMap<>();
        s.put("median time", new double[][] {xs.get(), ys.get()});
        HtmlReport.chart(b, title, () -> Charts.series(title, xTitle, "median η·steps", s, true, true), caption);
    }
}
