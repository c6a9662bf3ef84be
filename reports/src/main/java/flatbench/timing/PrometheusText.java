package flatbench.timing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Meters in the Prometheus text exposition format (version 0.0.4). Hand-written from the meter
 * snapshots because the format is a few lines per meter, while micrometer-registry-prometheus
 * would bring the Prometheus client library and its own registry into the module.
 */
public final class PrometheusText {
    private PrometheusText() {}

    /** One block per metric family, families sorted by name, series sorted by labels. */
    public static String format(MeterRegistry registry) {
        Map<String, Family> families = new TreeMap<>();
        List<Meter> meters = new ArrayList<>(registry.getMeters());
        meters.sort(Comparator.comparing((Meter m) -> m.getId().getName()).thenComparing(m -> m.getId().getTags().toString()));
        for (Meter m : meters) {
            String base = sanitize(m.getId().getName());
            String labels = labels(m.getId().getTags());
            if (m instanceof Timer t) {
                family(families, base + "_seconds", "summary")
                        .add(base + "_seconds_count" + labels, t.count())
                        .add(base + "_seconds_sum" + labels, t.totalTime(TimeUnit.SECONDS));
                family(families, base + "_seconds_max", "gauge").add(base + "_seconds_max" + labels, t.max(TimeUnit.SECONDS));
            } else if (m instanceof FunctionTimer t) {
                family(families, base + "_seconds", "summary")
                        .add(base + "_seconds_count" + labels, t.count())
                        .add(base + "_seconds_sum" + labels, t.totalTime(TimeUnit.SECONDS));
            } else if (m instanceof LongTaskTimer t) {
                family(families, base + "_seconds", "gauge").add(base + "_seconds" + labels, t.duration(TimeUnit.SECONDS));
                family(families, base + "_active", "gauge").add(base + "_active" + labels, t.activeTasks());
            } else if (m instanceof Counter c) {
                family(families, base + "_total", "counter").add(base + "_total" + labels, c.count());
            } else if (m instanceof FunctionCounter c) {
                family(families, base + "_total", "counter").add(base + "_total" + labels, c.count());
            } else if (m instanceof Gauge g) {
                family(families, base, "gauge").add(base + labels, g.value());
            } else {
                for (Measurement ms : m.measure()) {
                    String name = base + "_" + ms.getStatistic().getTagValueRepresentation();
                    family(families, sanitize(name), "untyped").add(sanitize(name) + labels, ms.getValue());
                }
            }
        }
        StringBuilder sb = new StringBuilder();
        families.forEach((name, f) -> {
            sb.append("# TYPE ").append(name).append(' ').append(f.type).append('\n');
            f.lines.forEach(l -> sb.append(l).append('\n'));
        });
        return sb.toString();
    }

    /** Prometheus metric names allow [a-zA-Z0-9_:] and no leading digit; Micrometer's dots become underscores. */
    static String sanitize(String name) {
        String s = name.replaceAll("[^a-zA-Z0-9_:]", "_");
        return s.isEmpty() || Character.isDigit(s.charAt(0)) ? "_" + s : s;
    }

    static String labels(List<Tag> tags) {
        if (tags.isEmpty()) return "";
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < tags.size(); i++) {
            if (i > 0) sb.append(',');
            String key = tags.get(i).getKey().replaceAll("[^a-zA-Z0-9_]", "_");
            String value = tags.get(i).getValue().replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
            sb.append(key).append("=\"").append(value).append('"');
        }
        return sb.append('}').toString();
    }

    static String number(double v) {
        if (Double.isNaN(v)) return "NaN";
        if (Double.isInfinite(v)) return v > 0 ? "+Inf" : "-Inf";
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return String.format(Locale.ROOT, "%d", (long) v);
        return Double.toString(v);
    }

    private static Family family(Map<String, Family> families, String name, String type) {
        return families.computeIfAbsent(name, k -> new Family(type));
    }

    private static final class Family {
        final String type;
        final List<String> lines = new ArrayList<>();

        Family(String type) { this.type = type; }

        Family add(String series, double value) {
            lines.add(series + " " + number(value));
            return this;
        }
    }
}
