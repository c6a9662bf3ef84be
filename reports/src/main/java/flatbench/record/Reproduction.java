package flatbench.record;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A reproduction's table: for each quantity a paper reports, what this run measured with its 95%
 * interval, beside the published value and how sure we are of that value. It is written under
 * {@code metrics.reproduction.<quantity>} as
 * {@code {"measured": v, "ci95": [lo, hi], "published": 4 or "text", "evidence": "sum", "note": "…"}};
 * each quantity is declared in the catalogue ({@link Metric}, group {@code reproduction}).
 *
 * @param rows one per quantity, in the order the paper's claims are read
 */
public record Reproduction(List<Row> rows) {
    public static final String GROUP = "reproduction";
    public static final String MEASURED = "measured", CI95 = "ci95", PUBLISHED = "published", EVIDENCE = "evidence", NOTE = "note";

    public Reproduction {
        rows = List.copyOf(rows);
    }

    /** How sure the published value is, as ../shared/SCIENCE.md tags it. */
    public enum Evidence {
        /** Read in the authors' public code. */
        CODE,
        /** Stated in the abstract. */
        ABS,
        /** From a reliable written summary. */
        SUM,
        /** Remembered, not checked against the paper: report beside the measurement, never a pass/fail threshold. */
        RECALL,
        /** Our own derivation (e.g. an equilibrium argument), not a published number. */
        INFERENCE,
        /** No published value to compare with: the row is a diagnostic beside the others. */
        NONE;

        public String label() { return this == NONE ? "n/a" : name().toLowerCase(Locale.ROOT); }

        /** "[sum]" as SCIENCE.md writes it. */
        public String tag() { return "[" + label() + "]"; }

        public static Evidence parse(String text) {
            String t = text.strip().replace("[", "").replace("]", "").toUpperCase(Locale.ROOT);
            if (t.equals("N/A")) return NONE;
            try {
                return valueOf(t);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown evidence tag '" + text + "' (known: code, abs, sum, recall, inference, n/a)");
            }
        }
    }

    /**
     * One quantity.
     *
     * @param quantity  its key under {@code reproduction} (a catalogue entry's {@link Metric#key()})
     * @param measured  the run's value, with its 95% interval where one was computed
     * @param published the paper's value: a number, or text such as "≈ 4, robust to B and η"
     * @param evidence  how sure that value is
     * @param note      what the interval is over and anything a reader must know to compare the two (may be empty)
     */
    public record Row(String quantity, Estimate measured, Object published, Evidence evidence, String note) {
        public Row {
            if (!measured.scalar()) throw new IllegalArgumentException("a reproduction row holds one number, not an array");
            if (!(published instanceof Number || published instanceof String)) {
                throw new IllegalArgumentException("the published value is a number or text");
            }
            if (published instanceof Number n) published = n.doubleValue();
            note = note == null ? "" : note;
        }

        /** A row for a catalogued quantity (it must be in the reproduction group). */
        public static Row of(Metric quantity, Estimate measured, Object published, Evidence evidence, String note) {
            if (!quantity.group().equals(GROUP)) throw new IllegalArgumentException(quantity.path() + " is not a reproduction quantity");
            return new Row(quantity.key(), measured, published, evidence, note);
        }

        public String publishedText() {
            return published instanceof Double d ? num(d) : published.toString();
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            if (Double.isFinite(measured.number())) m.put(MEASURED, measured.number());
            if (measured.hasInterval()) m.put(CI95, new double[] {measured.lower(0), measured.upper(0)});
            m.put(PUBLISHED, published);
            m.put(EVIDENCE, evidence.label());
            if (!note.isEmpty()) m.put(NOTE, note);
            return m;
        }

        /** "measured v [lo, hi] | published p [tag]" as the terminal shows it. */
        public String toText() {
            // NaN is a value the measurement could not resolve; its interval, if any, still says what is known.
            String value = Double.isNaN(measured.number())
                    ? "not resolved" + (measured.hasInterval() ? " [" + num(measured.lower(0)) + ", " + num(measured.upper(0)) + "]" : "")
                    : measured.toText();
            return String.format(Locale.ROOT, "%-28s measured %s | published %s %s%s", quantity, value, publishedText(),
                    evidence.tag(), note.isEmpty() ? "" : " (" + note + ")");
        }
    }

    /** The {@code reproduction} group of {@code metrics}: quantity → row object. */
    public Map<String, Object> toMetrics() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Row r : rows) m.put(r.quantity(), r.toMap());
        return m;
    }

    /** The terminal lines: a heading and one line per row. */
    public List<String> summary() {
        List<String> out = new ArrayList<>();
        out.add("reproduction (measured with 95% interval | published [evidence]):");
        for (Row r : rows) out.add("  " + r.toText());
        return out;
    }

    /** Reads the table back from a run's metrics (empty when the run has none); rows it cannot read are left out. */
    public static Optional<Reproduction> from(Map<String, Object> metrics) {
        if (!(metrics.get(GROUP) instanceof Map<?, ?> group)) return Optional.empty();
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<?, ?> e : group.entrySet()) {
            if (!(e.getValue() instanceof Map<?, ?> row) || !isRow(row)) continue;
            Object v = row.get(MEASURED);
            Estimate measured = Estimate.of(v instanceof Number n ? n.doubleValue() : Double.NaN);
            if (row.get(CI95) instanceof double[] ci && ci.length == 2) measured = measured.withInterval(ci[0], ci[1]);
            Object published = row.get(PUBLISHED);
            try {
                rows.add(new Row(String.valueOf(e.getKey()), measured, published == null ? "" : published,
                        Evidence.parse(String.valueOf(row.get(EVIDENCE))), row.get(NOTE) instanceof String s ? s : ""));
            } catch (IllegalArgumentException unreadable) {
                // a row written by a later version with an unknown tag: the generic metric tables still show it
            }
        }
        return rows.isEmpty() ? Optional.empty() : Optional.of(new Reproduction(rows));
    }

    /** Whether a metric-tree node is a reproduction row (one catalogued metric, like an estimate object). */
    public static boolean isRow(Map<?, ?> node) {
        return node.containsKey(PUBLISHED) && node.containsKey(EVIDENCE);
    }

    private static String num(double v) {
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
