package flatbench.report;

import java.util.ArrayList;
import java.util.List;

import flatbench.record.Metric;
import flatbench.record.Reproduction;
import flatbench.record.RunRecord;

/**
 * The part of a run's page that a reproduction scenario adds: the table "measured (95% interval) |
 * published | evidence" and the scenario's figures, drawn from the arrays it wrote under
 * {@code metrics}. A run without a reproduction table gets nothing here.
 */
final class ReproductionReport {
    private ReproductionReport() {}

    static void render(RunRecord r, StringBuilder b) {
        Reproduction.from(r.metrics()).ifPresent(t -> table(t, b));
        FengTuFigures.render(r, b);
        YangTangTuFigures.render(r, b);
        XieFigures.render(r, b);
        LocalEnergyFigures.render(r, b);
    }

    private static void table(Reproduction t, StringBuilder b) {
        List<List<String>> rows = new ArrayList<>();
        for (Reproduction.Row row : t.rows()) {
            String definition = Metric.byPath(Reproduction.GROUP + "." + row.quantity()).map(Metric::definition).orElse("");
            var m = row.measured();
            String measured = Double.isFinite(m.number())
                    ? Html.num(m.number()) + (m.hasInterval() ? " (" + Html.num(m.lower(0)) + " – " + Html.num(m.upper(0)) + ")" : "")
                    : "not resolved";
            rows.add(List.of("<span title=\"" + Html.esc(definition) + "\">" + Html.esc(row.quantity()) + "</span>", measured,
                    Html.esc(row.publishedText()), Html.esc(row.evidence().tag()), Html.esc(row.note())));
        }
        b.append("<h2>Reproduction</h2>\n<p>Each quantity as this run measured it, with its 95% interval, beside the published value. "
                + "Evidence: [code] the authors' code, [abs] the abstract, [sum] a reliable summary, [recall] remembered and unchecked, "
                + "[inference] our own derivation; only [code] and [abs] values are firm targets.</p>\n");
        b.append(Html.table(List.of("quantity", "measured (95% interval)", "published", "evidence", "note"), rows));
    }
}
