package flatbench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import flatbench.record.Metric;
import flatbench.record.RunRecord;

/**
 * Baldassi, Pittorino &amp; Zecchina's figures: the local energy δE(σ) of each protocol's minima
 * (training error and cross-entropy, with the 95% bootstrap interval as error bars; flatter minima
 * give lower curves), and δE at the fixed σ of every minimum against its test error and against
 * its top Hessian eigenvalue.
 */
final class LocalEnergyFigures {
    private LocalEnergyFigures() {}

    static void render(RunRecord r, StringBuilder b) {
        Optional<double[]> sigmas = r.metricArray(Metric.LOCAL_ENERGY_SIGMAS.path());
        List<String> names = strings(r.metric(Metric.LOCAL_ENERGY_PROTOCOLS.path()));
        if (sigmas.isEmpty() || names.isEmpty()) return;
        b.append("<h2>Local energy of minima found by different protocols (Baldassi, Pittorino &amp; Zecchina)</h2>\n<div class=\"charts\">\n");
        curves(b, r, sigmas.get(), names, Metric.LOCAL_ENERGY_ERROR_CURVES, Metric.LOCAL_ENERGY_ERROR_LOWER, Metric.LOCAL_ENERGY_ERROR_UPPER,
                "δE in training error", "δE(σ) = E_z[E_train(w ⊙ (1 + σz))] − E_train(w), E_train the training error, per protocol: the mean over "
                        + "its seeds and the draws z (the same z for every σ and minimum); bars: half the 95% bootstrap interval (seeds and draws). "
                        + "Flatter minima give lower curves [abs].");
        curves(b, r, sigmas.get(), names, Metric.LOCAL_ENERGY_CE_CURVES, Metric.LOCAL_ENERGY_CE_LOWER, Metric.LOCAL_ENERGY_CE_UPPER,
                "δE in cross-entropy", "The same with E_train the softmax cross-entropy of the outputs over the training set, for every protocol "
                        + "whatever loss it trained with (a squared-loss minimum's outputs are not calibrated probabilities, so its curve here is "
                        + "not a statement about its own loss).");
        Optional<double[]> proto = r.metricArray(Metric.LOCAL_ENERGY_MINIMA_PROTOCOL.path()), at = r.metricArray(Metric.LOCAL_ENERGY_MINIMA_AT_FIXED.path());
        double sigma = r.metricNumber(Metric.LOCAL_ENERGY_FIXED_SIGMA.path()).orElse(Double.NaN);
        if (proto.isPresent() && at.isPresent()) {
            scatter(b, r, names, proto.get(), at.get(), Metric.LOCAL_ENERGY_MINIMA_TEST_ERROR, sigma, "test error",
                    "Every minimum's δE at the fixed σ against its test error. Published: positive rank correlation [abs].");
            scatter(b, r, names, proto.get(), at.get(), Metric.LOCAL_ENERGY_MINIMA_LAMBDA, sigma, "top Hessian eigenvalue (cross-entropy)",
                    "Every minimum's δE at the fixed σ against the top eigenvalue of its training cross-entropy's Hessian (Lanczos). "
                            + "Published: positive rank correlation [abs].");
        }
        b.append("</div>\n");
    }

    private static void curves(StringBuilder b, RunRecord r, double[] sigmas, List<String> names, Metric mean, Metric lower, Metric upper,
                               String yTitle, String caption) {
        List<double[]> m = rows(r.metric(mean.path())), lo = rows(r.metric(lower.path())), hi = rows(r.metric(upper.path()));
        if (m.size() != names.size()) return;
        Map<String, double[][]> s = new LinkedHashMap<>();
        for (int p = 0; p < names.size(); p++) {
            double[] err = new double[sigmas.length];
            for (int g = 0; g < err.length; g++) {
                err[g] = p < lo.size() && p < hi.size() && Double.isFinite(hi.get(p)[g] - lo.get(p)[g]) ? (hi.get(p)[g] - lo.get(p)[g]) / 2 : 0;
            }
            s.put(names.get(p), new double[][] {sigmas, m.get(p), err});
        }
        HtmlReport.chart(b, yTitle, () -> Charts.lines("Local energy: " + yTitle, "σ (multiplicative perturbation)", yTitle, s), caption);
    }

    private static void scatter(StringBuilder b, RunRecord r, List<String> names, double[] proto, double[] at, Metric y, double sigma,
                                String xTitle, String caption) {
        Optional<double[]> v = r.metricArray(y.path());
        if (v.isEmpty() || v.get().length != at.length) return;
        Map<String, double[][]> s = new LinkedHashMap<>();
        for (int p = 0; p < names.size(); p++) {
            List<double[]> pts = new ArrayList<>();
            for (int i = 0; i < at.length; i++) if ((int) proto[i] == p) pts.add(new double[] {v.get()[i], at[i]});
            if (pts.isEmpty()) continue;
            s.put(names.get(p), new double[][] {pts.stream().mapToDouble(q -> q[0]).toArray(), pts.stream().mapToDouble(q -> q[1]).toArray()});
        }
        HtmlReport.chart(b, "local energy against " + xTitle, () -> Charts.scatter("δE at σ = " + Html.num(sigma) + " against " + xTitle, xTitle,
                "δE (training error)", s), caption);
    }

    private static List<String> strings(Optional<Object> node) {
        List<String> out = new ArrayList<>();
        if (node.isPresent() && node.get() instanceof List<?> l) for (Object o : l) out.add(String.valueOf(o));
        return out;
    }

    private static List<double[]> rows(Optional<Object> node) {
        List<double[]> out = new ArrayList<>();
        if (node.isEmpty() || !(node.get() instanceof List<?> l)) return out;
        for (Object o : l) {
            if (o instanceof double[] d) out.add(d);
            else if (o instanceof List<?> inner) out.add(inner.stream().mapToDouble(x -> x instanceof Number n ? n.doubleValue() : Double.NaN).toArray());
        }
        return out;
    }
}
