package flatbench.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

import flatbench.record.Metric;
import flatbench.record.RunRecordJson;
import flatbench.record.RunRecordStore;

/**
 * Whether two run folders hold the same result, as a resumed run must equal an uninterrupted
 * one: every file but the report byte for byte (the .npy arrays, weights.npy among them), and
 * result.json field for field except what measures time or names the run: {@code timings},
 * {@code runId}, {@code provenance.createdAt}, and the metrics whose catalogued unit is s or 1/s
 * (also inside each {@code checkpoints} entry). README and docs/ARCHITECTURE.md say the same.
 */
final class SameResult {
    private SameResult() {}

    /** The differences, empty when the two results are the same. */
    static List<String> differences(Path a, Path b) {
        List<String> out = new ArrayList<>();
        Set<String> files = new TreeSet<>(list(a));
        files.addAll(list(b));
        for (String f : files) {
            if (f.equals(flatbench.report.HtmlReport.REPORT_FILE) || f.equals(RunRecordStore.RESULT_FILE)) continue;
            Path fa = a.resolve(f), fb = b.resolve(f);
            if (!Files.exists(fa) || !Files.exists(fb)) out.add(f + " is in only one of the folders");
            else if (!Arrays.equals(read(fa), read(fb))) out.add(f + " differs");
        }
        try {
            JsonNode ja = RunRecordJson.mapper().readTree(read(a.resolve(RunRecordStore.RESULT_FILE)));
            JsonNode jb = RunRecordJson.mapper().readTree(read(b.resolve(RunRecordStore.RESULT_FILE)));
            compare(ja, jb, "", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static final Set<String> TIME_METRICS = new TreeSet<>();
    static {
        for (Metric m : Metric.values()) if (m.unit().equals("s") || m.unit().equals("1/s")) TIME_METRICS.add("." + m.path());
    }

    private static boolean timeOrName(String path) {
        if (path.equals(".timings") || path.equals(".runId") || path.equals(".provenance.createdAt")) return true;
        return path.startsWith(".metrics.") && TIME_METRICS.stream().anyMatch(path::endsWith);
    }

    private static void compare(JsonNode a, JsonNode b, String path, List<String> out) {
        if (timeOrName(path)) return;
        if (a.isObject() && b.isObject()) {
            Set<String> keys = new TreeSet<>();
            a.fieldNames().forEachRemaining(keys::add);
            b.fieldNames().forEachRemaining(keys::add);
            for (String k : keys) {
                if (timeOrName(path + "." + k)) continue;
                if (!a.has(k) || !b.has(k)) out.add(path + "." + k + " is in only one result");
                else compare(a.get(k), b.get(k), path + "." + k, out);
            }
        } else if (a.isArray() && b.isArray() && a.size() == b.size()) {
            Iterator<JsonNode> ia = a.elements(), ib = b.elements();
            while (ia.hasNext()) compare(ia.next(), ib.next(), path, out);  // list entries share their path: checkpoints.noise…
        } else if (!a.equals(b)) {
            out.add(path + ": " + abbreviate(a) + " vs " + abbreviate(b));
        }
    }

    private static String abbreviate(JsonNode n) {
        String s = n.toString();
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }

    private static List<String> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
