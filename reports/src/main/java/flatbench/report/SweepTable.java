package flatbench.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import flatbench.record.AtomicFiles;
import flatbench.record.MetricInfo;

/**
 * The runs of a sweep side by side: one row per run with its status, its settings and the scalar
 * metrics of its result. What {@code flatbench merge} writes as CSV and draws in its report.
 *
 * @param name        the sweep's name
 * @param axes        the settings that vary between runs (the grid's axes), by key
 * @param replicate   the axis whose values are repetitions rather than conditions (the seed), or null
 * @param settings    every setting column, by key (the axes among them)
 * @param metrics     every metric column, dotted paths
 * @param metricInfo  unit and better direction of the metrics where the results record them
 * @param rows        one per run, in the sweep's order
 */
public record SweepTable(String name, List<String> axes, String replicate, List<String> settings, List<String> metrics,
                         Map<String, MetricInfo> metricInfo, List<Row> rows) {
    public static final String DONE = "done";
    /** A finished run whose training diverged: its result is kept (status failed), but it is not plotted with the completed runs. */
    public static final String DIVERGED = "diverged";

    /**
     * @param status    done, diverged, failed, running or missing
     * @param settings  setting key → value as typed
     * @param metrics   metric path → Number or text (empty unless done or diverged)
     * @param note      why a run is not done (its error, or why it diverged), or empty
     */
    public record Row(String id, String status, Map<String, String> settings, Map<String, Object> metrics, String note) {
        public Row {
            Objects.requireNonNull(id);
            settings = Map.copyOf(settings);
            metrics = Map.copyOf(metrics);
            note = note == null ? "" : note;
        }

        public boolean done() { return DONE.equals(status); }
    }

    public SweepTable {
        axes = List.copyOf(axes);
        settings = List.copyOf(settings);
        metrics = List.copyOf(metrics);
        metricInfo = Map.copyOf(metricInfo);
        rows = List.copyOf(rows);
    }

    /** Header then one line per run: id, status, settings, metrics, note. Written atomically. */
    public void writeCsv(java.nio.file.Path file) {
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
        List<String> columns = new ArrayList<>(List.of("id", "status"));
        columns.addAll(settings);
        columns.addAll(metrics);
        columns.add("note");
        columns.forEach(schema::addColumn);
        List<Map<String, Object>> lines = new ArrayList<>();
        for (Row r : rows) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("id", r.id());
            line.put("status", r.status());
            for (String s : settings) line.put(s, r.settings().getOrDefault(s, ""));
            for (String m : metrics) line.put(m, r.metrics().getOrDefault(m, ""));
            line.put("note", r.note());
            lines.add(line);
        }
        AtomicFiles.write(file, out -> {
            try {
                // AtomicFiles owns the stream: it flushes, forces and renames after this returns.
                CsvMapper csv = CsvMapper.builder().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET).build();
                csv.writer(schema.build()).writeValues(out).writeAll(lines).close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
