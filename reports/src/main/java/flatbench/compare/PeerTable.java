package flatbench.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import flatbench.record.BenchmarkResult;
import flatbench.record.RecordException;
import flatbench.record.RunRecord;

/**
 * Our benchmark medians beside a peer's (bench/torch_peer.py's JSON: {@code results} of
 * {model, work, medianMs}) measured on the same host: the ratio table of the GPU issue. Rows
 * are matched by "model/work"; a work item only one side measured is listed with a dash.
 */
public final class PeerTable {
    private PeerTable() {}

    public record Row(String benchmark, double oursMs, double peerMs) {
        /** Peer time over ours: above 1 means flatbench is faster. */
        public double speedup() { return peerMs / oursMs; }
    }

    public static List<Row> rows(RunRecord ours, Path peerJson) {
        Map<String, Double> peer = readPeer(peerJson);
        Map<String, Double> mine = new LinkedHashMap<>();
        for (BenchmarkResult b : ours.benchmarks()) mine.put(b.name(), b.median() * 1000);
        List<Row> rows = new ArrayList<>();
        mine.forEach((name, ms) -> rows.add(new Row(name, ms, peer.getOrDefault(name, Double.NaN))));
        peer.forEach((name, ms) -> {
            if (!mine.containsKey(name)) rows.add(new Row(name, Double.NaN, ms));
        });
        return rows;
    }

    public static String markdown(List<Row> rows, String peerName) {
        StringBuilder b = new StringBuilder();
        b.append("| benchmark | flatbench (ms) | ").append(peerName).append(" (ms) | ").append(peerName).append(" / flatbench |\n");
        b.append("|---|---:|---:|---:|\n");
        for (Row r : rows) {
            b.append("| ").append(r.benchmark()).append(" | ").append(ms(r.oursMs())).append(" | ").append(ms(r.peerMs()))
                    .append(" | ").append(Double.isFinite(r.speedup()) ? String.format(Locale.ROOT, "%.2f×", r.speedup()) : "–").append(" |\n");
        }
        return b.toString();
    }

    private static String ms(double v) { return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v) : "–"; }

    private static Map<String, Double> readPeer(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(file));
        } catch (IOException e) {
            throw new RecordException(file + ": cannot read the peer's results (" + e.getMessage() + ")", e);
        }
        JsonNode results = root == null ? null : root.get("results");
        if (results == null || !results.isArray()) {
            throw new RecordException(file + ": not a peer result (expected a JSON object with a \"results\" list, as bench/torch_peer.py prints)");
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (JsonNode r : results) {
            if (!r.hasNonNull("model") || !r.hasNonNull("work") || !r.hasNonNull("medianMs")) {
                throw new RecordException(file + ": a peer result lacks model, work or medianMs");
            }
            out.put(r.get("model").asText() + "/" + r.get("work").asText(), r.get("medianMs").asDouble());
        }
        return out;
    }
}
