package flatbench.sweep;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import flatbench.data.DataSets;
import flatbench.engine.Engines;
import flatbench.run.RunExecutor;
import flatbench.scenario.RunConfig;
import flatbench.scenario.RunSettings;
import flatbench.scenario.Scenarios;
import flatbench.scenario.Setting;

/**
 * Reads a sweep: a spec (YAML or JSON) that names fixed settings, a grid and cases, or a run list
 * that an earlier {@code --emit} or {@code merge --resubmit} froze. A spec looks like
 * <pre>
 * name: smoke                    # default: the file's name
 * settings: {model: mlp, data: teacher-student, steps: 12}
 * grid: {lr: [0.05, 0.1], batch: [16, 32], seed: [1, 2]}   # every combination
 * cases: [{model: mlp}, {model: cnn-small, lr: 0.02}]       # optional: each case crossed with the grid
 * store: runs/sweep-smoke        # optional; shards, slurm: and k8s: too
 * </pre>
 * A setting is named by its {@code result.json} key ({@code learningRate}) or its run option with
 * or without dashes ({@code --lr}, {@code lr}); values are parsed by the setting itself, exactly as
 * {@code flatbench run} parses them.
 */
public final class SweepSpec {
    private static final Set<String> SPEC_KEYS = Set.of("name", "description", "settings", "grid", "cases", "store", "shards", "slurm", "k8s");
    private static final Set<String> LIST_KEYS = Set.of("name", "description", "job", "store", "shards", "axes", "slurm", "k8s", "runs");
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final ObjectMapper YAML = new YAMLMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private SweepSpec() {}

    /** Reads a spec or run list; a relative store is taken from the current folder. */
    public static SweepPlan read(Path file) {
        JsonNode root = parse(file);
        if (!root.isObject()) throw new IllegalArgumentException(file + " is not a sweep spec: expected a mapping with settings and a grid");
        return root.has("runs") ? readRunList(file, root) : expand(file, root);
    }

    /** The expanded spec given as text (tests and tools). */
    static SweepPlan expand(String label, String yaml, Path defaultStore) {
        try {
            JsonNode root = YAML.readTree(yaml);
            SweepPlan p = expand(Path.of(label), root);
            return root.has("store") ? p : p.withStore(defaultStore);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(label + ": " + e.getOriginalMessage(), e);
        }
    }

    private static JsonNode parse(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        ObjectMapper mapper = name.endsWith(".json") ? JSON : YAML;
        try {
            JsonNode n = mapper.readTree(Files.readString(file));
            if (n == null || n.isMissingNode()) throw new IllegalArgumentException(file + " is empty");
            return n;
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no sweep spec at " + file);
        } catch (JsonProcessingException e) {
            String at = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
            throw new IllegalArgumentException(file + " is not valid " + (mapper == JSON ? "JSON" : "YAML") + at + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    // ---- A spec: settings × grid × cases ------------------------------------------------------

    private static SweepPlan expand(Path file, JsonNode root) {
        checkKeys(file, root, SPEC_KEYS, "a sweep spec");
        String name = text(root, "name", defaultName(file));
        Map<Setting<?>, String> fixed = settingTexts(file, root.get("settings"), "settings");
        Map<Setting<?>, List<String>> grid = grid(file, root.get("grid"));
        List<Map<Setting<?>, String>> cases = cases(file, root.get("cases"));
        for (Setting<?> s : grid.keySet()) {
            if (fixed.containsKey(s)) throw new IllegalArgumentException(file + ": " + name(s) + " is both fixed (settings) and a grid axis");
            for (Map<Setting<?>, String> c : cases) {
                if (c.containsKey(s)) throw new IllegalArgumentException(file + ": " + name(s) + " is both a grid axis and set by a case");
            }
        }
        List<SweepRun> runs = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Map<Setting<?>, String> c : cases) {
            for (Map<Setting<?>, String> point : product(grid)) {
                Map<Setting<?>, String> all = new LinkedHashMap<>(fixed);
                all.putAll(c);
                all.putAll(point);
                RunConfig config = build(file, all);
                SweepRun r = SweepRun.of(runs.size(), all.keySet().stream().map(Setting::key).toList(), config);
                if (ids.add(r.id())) runs.add(r);
            }
        }
        if (runs.isEmpty()) throw new IllegalArgumentException(file + " defines no runs");
        Path store = Path.of(text(root, "store", "runs/sweep-" + name));
        List<String> axes = new ArrayList<>();
        grid.keySet().forEach(s -> axes.add(s.key()));
        cases.forEach(c -> c.keySet().forEach(s -> {
            if (!axes.contains(s.key())) axes.add(s.key());
        }));
        return new SweepPlan(name, text(root, "description", null), null, store, integer(file, root, "shards"), axes,
                options(file, root, "slurm", SlurmOptions.class), options(file, root, "k8s", KubernetesOptions.class), runs);
    }

    /** The scenario's defaults with the given texts applied in help order (so steps is set before checkpoints). */
    private static RunConfig build(Path file, Map<Setting<?>, String> texts) {
        String where = file + ", run " + describe(texts);
        try {
            String scenario = texts.get(RunSettings.SCENARIO);
            RunConfig c = Scenarios.require(scenario == null ? RunSettings.SCENARIO.defaultValue() : scenario).defaults();
            for (Setting<?> s : Scenarios.allSettings()) {
                String t = texts.get(s);
                if (t == null || s == RunSettings.SCENARIO) continue;
                if (!c.has(s)) throw new IllegalArgumentException(s + " is not a setting of the " + c.scenario().name() + " scenario");
                c = c.withText(s, t);
            }
            checkNames(c);
            return c;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    /**
     * Unknown model, data set or engine names, and a loss the model cannot take, fail here rather
     * than hours later on a node. Whether an engine can run is left to the node: the
     * machine that emits a cuda sweep may have no GPU.
     */
    private static void checkNames(RunConfig c) {
        RunExecutor.resolveModel(c);
        DataSets.entry(c.get(RunSettings.DATA));
        String engine = c.get(RunSettings.ENGINE);
        if (Engines.find(engine).isEmpty()) throw new IllegalArgumentException("unknown engine '" + engine + "'");
    }

    private static Map<Setting<?>, List<String>> grid(Path file, JsonNode grid) {
        Map<Setting<?>, List<String>> out = new LinkedHashMap<>();
        if (grid == null || grid.isNull()) return out;
        if (!grid.isObject()) throw new IllegalArgumentException(file + ": grid must map settings to lists of values");
        for (Iterator<Map.Entry<String, JsonNode>> it = grid.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Setting<?> s = setting(file, e.getKey(), "grid");
            JsonNode v = e.getValue();
            List<String> values = new ArrayList<>();
            if (v.isArray()) {
                for (JsonNode x : v) values.add(valueText(file, "grid." + e.getKey(), x));
            } else {
                values.add(valueText(file, "grid." + e.getKey(), v));
            }
            if (values.isEmpty()) throw new IllegalArgumentException(file + ": grid." + e.getKey() + " lists no values");
            if (out.put(s, values) != null) throw new IllegalArgumentException(file + ": grid names " + name(s) + " twice");
        }
        return out;
    }

    private static List<Map<Setting<?>, String>> cases(Path file, JsonNode cases) {
        if (cases == null || cases.isNull()) return List.of(Map.of());
        if (!cases.isArray() || cases.isEmpty()) throw new IllegalArgumentException(file + ": cases must be a non-empty list of settings");
        List<Map<Setting<?>, String>> out = new ArrayList<>();
        int i = 0;
        for (JsonNode c : cases) out.add(settingTexts(file, c, "cases[" + i++ + "]"));
        return out;
    }

    /** The combinations of the grid's values, the last axis changing fastest; one empty point for no grid. */
    private static List<Map<Setting<?>, String>> product(Map<Setting<?>, List<String>> grid) {
        List<Map<Setting<?>, String>> points = new ArrayList<>();
        points.add(new LinkedHashMap<>());
        for (Map.Entry<Setting<?>, List<String>> axis : grid.entrySet()) {
            List<Map<Setting<?>, String>> next = new ArrayList<>();
            for (Map<Setting<?>, String> p : points) {
                for (String v : axis.getValue()) {
                    Map<Setting<?>, String> q = new LinkedHashMap<>(p);
                    q.put(axis.getKey(), v);
                    next.add(q);
                }
            }
            points = next;
        }
        return points;
    }

    private static Map<Setting<?>, String> settingTexts(Path file, JsonNode node, String where) {
        Map<Setting<?>, String> out = new LinkedHashMap<>();
        if (node == null || node.isNull()) return out;
        if (!node.isObject()) throw new IllegalArgumentException(file + ": " + where + " must map settings to values");
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Setting<?> s = setting(file, e.getKey(), where);
            if (out.put(s, valueText(file, where + "." + e.getKey(), e.getValue())) != null) {
                throw new IllegalArgumentException(file + ": " + where + " names " + name(s) + " twice");
            }
        }
        return out;
    }

    /** A setting by its key, its option, or its option without dashes. */
    static Setting<?> setting(Path file, String name, String where) {
        for (Setting<?> s : Scenarios.allSettings()) {
            if (s.key().equals(name) || s.option().equals(name) || s.option().equals("--" + name)) return s;
        }
        StringJoiner known = new StringJoiner(", ");
        Scenarios.allSettings().forEach(s -> known.add(name(s)));
        throw new IllegalArgumentException(file + ": " + where + " names an unknown setting '" + name + "' (settings: " + known + ")");
    }

    /** A value as typed: a scalar's text, or a list joined by commas (for list settings such as checkpoints). */
    private static String valueText(Path file, String where, JsonNode v) {
        if (v.isValueNode() && !v.isNull()) return v.asText();
        if (v.isArray()) {
            StringJoiner j = new StringJoiner(",");
            for (JsonNode x : v) {
                if (!x.isValueNode() || x.isNull()) throw new IllegalArgumentException(file + ": " + where + " holds a nested value");
                j.add(x.asText());
            }
            return j.toString();
        }
        throw new IllegalArgumentException(file + ": " + where + " must be a value or a list of values");
    }

    // ---- A frozen run list ----------------------------------------------------------------------

    private static SweepPlan readRunList(Path file, JsonNode root) {
        checkKeys(file, root, LIST_KEYS, "a run list");
        JsonNode list = root.get("runs");
        if (!list.isArray()) throw new IllegalArgumentException(file + ": runs must be a list");
        List<SweepRun> runs = new ArrayList<>();
        for (JsonNode e : list) {
            String where = file + ", runs[" + runs.size() + "]";
            if (!e.isObject() || !e.has("config")) throw new IllegalArgumentException(where + " lacks its config");
            RunConfig c;
            try {
                @SuppressWarnings("unchecked") Map<String, Object> m = JSON.convertValue(e.get("config"), Map.class);
                c = RunConfig.fromMap(m);
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException(where + ": " + ex.getMessage(), ex);
            }
            // A list written before runs recorded what their spec set: every recorded setting counted, as the id did then.
            List<String> given = e.has("given") ? strings(e.get("given")) : strings(e.get("config").fieldNames());
            SweepRun r;
            try {
                r = SweepRun.of(runs.size(), given, c);
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException(where + ": " + ex.getMessage(), ex);
            }
            if (e.has("id") && !e.get("id").asText().equals(r.id())) {
                throw new IllegalArgumentException(where + " is listed as " + e.get("id").asText() + " but its config has the id " + r.id()
                        + " (written by another flatbench version?)");
            }
            runs.add(r);
        }
        if (!root.has("store")) throw new IllegalArgumentException(file + ": a run list names its store");
        return new SweepPlan(text(root, "name", defaultName(file)), text(root, "description", null), text(root, "job", null),
                Path.of(root.get("store").asText()), integer(file, root, "shards"), strings(root.get("axes")), options(file, root, "slurm", SlurmOptions.class),
                options(file, root, "k8s", KubernetesOptions.class), runs);
    }

    // ---- Small readers --------------------------------------------------------------------------

    private static void checkKeys(Path file, JsonNode root, Set<String> known, String what) {
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!known.contains(k)) {
                throw new IllegalArgumentException(file + ": '" + k + "' is not part of " + what + " (expected: "
                        + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
    }

    private static <T> T options(Path file, JsonNode root, String key, Class<T> type) {
        JsonNode n = root.get(key);
        if (n == null || n.isNull()) return null;
        try {
            return JSON.treeToValue(n, type);
        } catch (UnrecognizedPropertyException e) {
            throw new IllegalArgumentException(file + ": " + key + "." + e.getPropertyName() + " is not an option (known: "
                    + String.join(", ", e.getKnownPropertyIds().stream().map(Object::toString).sorted().toList()) + ")");
        } catch (JsonProcessingException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException iae ? iae : null;
            throw new IllegalArgumentException(file + ": " + key + ": " + (cause != null ? cause.getMessage() : e.getOriginalMessage()), e);
        }
    }

    private static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n != null && n.isArray()) n.forEach(x -> out.add(x.asText()));
        return out;
    }

    private static List<String> strings(Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    private static String text(JsonNode root, String key, String fallback) {
        JsonNode n = root.get(key);
        return n == null || n.isNull() ? fallback : n.asText();
    }

    private static Integer integer(Path file, JsonNode root, String key) {
        JsonNode n = root.get(key);
        if (n == null || n.isNull()) return null;
        if (!n.canConvertToInt() || !n.isIntegralNumber()) throw new IllegalArgumentException(file + ": " + key + " must be a whole number");
        return n.intValue();
    }

    private static String defaultName(Path file) {
        String n = file.getFileName() == null ? "sweep" : file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    /** How a setting is named in a spec: its option without dashes. */
    static String name(Setting<?> s) {
        return s.option().replaceFirst("^--", "");
    }

    private static String describe(Map<Setting<?>, String> texts) {
        StringJoiner j = new StringJoiner(" ");
        texts.forEach((s, t) -> j.add(name(s) + "=" + t));
        return j.length() == 0 ? "(defaults)" : j.toString();
    }
}
