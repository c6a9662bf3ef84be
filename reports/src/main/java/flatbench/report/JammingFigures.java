package flatbench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import flatbench.record.Metric;
import flatbench.record.RunRecord;

/**
 * Geiger et al.'s jamming figures: N_Δ/N against P/N for each depth (and the real data), mean over
 * seeds — zero on the over-parametrised side, a jump at P/N*; the rank of H₀ against
 * min(N_Δ, N − hidden units) on every jammed net; the empirical cumulative distributions of the
 * gaps at N* on log–log axes, whose slopes near 0 are 1 + θ and 1 − γ.
 */
final class JammingFigures {
    private JammingFigures() {}

    static void render(RunRecord r, StringBuilder b) {
        Optional<double[]> data = r.metricArray(Metric.JAMMING_NET_DATA.path()), depth = r.metricArray(Metric.JAMMING_NET_DEPTH.path()),
                pOverN = r.metricArray(Metric.JAMMING_NET_P_OVER_N.path()), frac = r.metricArray(Metric.JAMMING_NET_FRACTION.path());
        if (data.isEmpty() || depth.isEmpty() || pOverN.isEmpty() || frac.isEmpty()) return;
        b.append("<h2>Jamming of hinge-loss networks (Geiger et al.)</h2>\n<div class=\"charts\">\n");
        // (data, depth) → P/N → the N_Δ/N of its seeds
        Map<String, TreeMap<Double, List<Double>>> groups = new LinkedHashMap<>();
        for (int i = 0; i < data.get().length; i++) {
            String name = (data.get()[i] == 0 ? "Gaussian" : "real data") + ", L = " + (int) depth.get()[i];
            groups.computeIfAbsent(name, k -> new TreeMap<>()).computeIfAbsent(pOverN.get()[i], k -> new ArrayList<>()).add(frac.get()[i]);
        }
        Map<String, double[][]> s = new LinkedHashMap<>();
        groups.forEach((name, byX) -> {
            double[] x = new double[byX.size()], y = new double[byX.size()];
            int k = 0;
            for (Map.Entry<Double, List<Double>> e : byX.entrySet()) {
                x[k] = e.getKey();
                y[k++] = e.getValue().stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            }
            s.put(name, new double[][] {x, y});
        });
        HtmlReport.chart(b, "N_Delta/N against P/N", () -> Charts.series("N_Δ/N across the jamming transition", "P/N", "N_Δ/N (mean over seeds)",
                s, false, false), "Unsatisfied patterns per parameter at the end of training, against P/N at fixed P (the width swept). "
                + "Published: N_Δ = 0 below the transition and a jump to ≳ 0.4 N at P/N* ≈ 3 for N ≈ 8k, independent of depth.");

        Optional<double[]> rank = r.metricArray(Metric.JAMMING_NET_RANK.path()), expected = r.metricArray(Metric.JAMMING_NET_EXPECTED_RANK.path());
        if (rank.isPresent() && expected.isPresent()) {
            TreeMap<Double, List<Double>> pts = new TreeMap<>();
            double max = 0;
            for (int i = 0; i < rank.get().length; i++) {
                if (expected.get()[i] <= 0) continue;
                pts.computeIfAbsent(expected.get()[i], k -> new ArrayList<>()).add(rank.get()[i]);
                max = Math.max(max, expected.get()[i]);
            }
            if (!pts.isEmpty()) {
                List<double[]> flat = new ArrayList<>();
                pts.forEach((x, ys) -> ys.forEach(y -> flat.add(new double[] {x, y})));
                Map<String, double[][]> rs = new LinkedHashMap<>();
                rs.put("jammed nets", new double[][] {flat.stream().mapToDouble(p -> p[0]).toArray(), flat.stream().mapToDouble(p -> p[1]).toArray()});
                rs.put("rank = min(N_Δ, N − hidden)", new double[][] {{0, max}, {0, max}});
                HtmlReport.chart(b, "rank H0", () -> Charts.series("rank of H₀ against min(N_Δ, N − hidden units)", "min(N_Δ, N − hidden units)",
                        "rank H₀", rs, false, false), "Rank of the Gauss–Newton part H₀ = (1/P) Σ_{Δ>0} ∇f∇fᵀ on every jammed net (dense "
                        + "singular values of the ∇f matrix). Expected on the line: rank H₀ = N_Δ below N [inference], less one null direction per "
                        + "hidden unit (ReLU rescaling). Points below the line are nets with further degeneracies (units dead on the unsatisfied patterns).");
            }
        }
        Optional<double[]> px = r.metricArray(Metric.JAMMING_POSITIVE_GAPS.path()), pf = r.metricArray(Metric.JAMMING_POSITIVE_CDF.path()),
                nx = r.metricArray(Metric.JAMMING_NEGATIVE_GAPS.path()), nf = r.metricArray(Metric.JAMMING_NEGATIVE_CDF.path());
        if (px.isPresent() && pf.isPresent() && nx.isPresent() && nf.isPresent() && px.get().length > 1 && nx.get().length > 1) {
            Map<String, double[][]> g = new LinkedHashMap<>();
            g.put("Δ > 0 (scaled by each net's RMS)", new double[][] {px.get(), pf.get()});
            g.put("|Δ|, Δ < 0", new double[][] {nx.get(), nf.get()});
            HtmlReport.chart(b, "gap distributions", () -> Charts.series("cumulative distributions of the gaps at N*", "Δ or |Δ|", "fraction below",
                    g, true, true), "Empirical cumulative distributions of the gaps of the nets at N*, pooled over sweeps. A density Δ^θ near 0 "
                    + "gives slope 1 + θ (published θ ≈ 0.3 [abs]); a density |Δ|^(−γ) gives slope 1 − γ (published γ ≈ 0.2 [abs]).");
        }
        b.append("</div>\n");
    }
}
