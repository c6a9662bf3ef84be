package flatbench.scenario;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import flatbench.record.Hashes;

/**
 * Everything that determines a run: a value for each setting of its scenario (the core
 * {@link RunSettings} and the scenario's own). Immutable; {@link #with} makes a changed copy and
 * checks the value. Recorded in full in every result and enough to re-run it.
 */
public final class RunConfig {
    private final Scenario scenario;
    private final Map<Setting<?>, Object> values;

    private RunConfig(Scenario scenario, Map<Setting<?>, Object> values) {
        this.scenario = scenario;
        this.values = Collections.unmodifiableMap(values);
        int steps = get(RunSettings.STEPS);
        for (int c : get(RunSettings.CHECKPOINTS)) {
            if (c < 0 || c > steps) throw new IllegalArgumentException("checkpoint " + c + " lies outside 0.." + steps + " steps");
        }
    }

    /** Every setting's default, then the scenario's own defaults on top (what {@link Scenario#defaults()} returns). */
    public static RunConfig defaultsOf(Scenario scenario, Map<Setting<?>, ?> scenarioDefaults) {
        Map<Setting<?>, Object> v = new LinkedHashMap<>();
        for (Setting<?> s : settingsOf(scenario)) v.put(s, s.defaultValue());
        v.put(RunSettings.SCENARIO, scenario.name());
        scenarioDefaults.forEach((s, value) -> {
            if (!v.containsKey(s)) throw new IllegalArgumentException(s + " is not a setting of the " + scenario.name() + " scenario");
            v.put(s, s.checkedObject(value));
        });
        return new RunConfig(scenario, v);
    }

    /** The core settings followed by the scenario's own. */
    public static List<Setting<?>> settingsOf(Scenario scenario) {
        List<Setting<?>> all = new ArrayList<>(RunSettings.ALL);
        all.addAll(scenario.settings());
        return all;
    }

    public Scenario scenario() { return scenario; }

    /** The settings this config has a value for, in order. */
    public List<Setting<?>> settings() { return List.copyOf(values.keySet()); }

    public boolean has(Setting<?> s) { return values.containsKey(s); }

    public <T> T get(Setting<T> s) {
        if (!values.containsKey(s)) throw new IllegalArgumentException(s + " is not a setting of the " + scenario.name() + " scenario");
        return s.cast(values.get(s));
    }

    /** A copy with one setting changed (checked). The scenario is chosen by starting from its defaults. */
    public <T> RunConfig with(Setting<T> s, T value) {
        if (s == RunSettings.SCENARIO) throw new IllegalArgumentException("start from the scenario's defaults to change the scenario");
        get(s);
        Map<Setting<?>, Object> v = new LinkedHashMap<>(values);
        v.put(s, s.checked(value));
        return new RunConfig(scenario, v);
    }

    /** A copy with one setting changed from text as typed on the command line or in a sweep. */
    public RunConfig withText(Setting<?> s, String text) {
        return withParsed(s, text);
    }

    private <T> RunConfig withParsed(Setting<T> s, String text) {
        return with(s, s.parse(text));
    }

    /** The config as a JSON-friendly map (key → value), in setting order; unset paths are left out. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        values.forEach((s, v) -> {
            if (v != null) m.put(s.key(), s.toJson(v));
        });
        return m;
    }

    /**
     * Rebuilds a config from {@link #toMap()} output (as read back from JSON). A setting the record
     * lacks takes its default: it was added after the record was written, and its default keeps
     * the earlier behaviour. A key this version does not know is an error.
     */
    private static final String LEGACY_CURVATURE_SAMPLES = "curvatureSamples";

    public static RunConfig fromMap(Map<String, ?> m) {
        Object name = m.get(RunSettings.SCENARIO.key());
        if (name == null) throw new IllegalArgumentException("the recorded config lacks 'scenario'");
        Scenario scenario = Scenarios.require(name.toString());
        Map<String, Setting<?>> byKey = new LinkedHashMap<>();
        for (Setting<?> s : settingsOf(scenario)) byKey.put(s.key(), s);
        Map<Setting<?>, Object> v = new LinkedHashMap<>(scenario.defaults().values);
        // Before --curvature-data, curvature was always measured on a sample of curvatureSamples training samples.
        Map<String, Object> given = new LinkedHashMap<>(m);
        if (given.get(LEGACY_CURVATURE_SAMPLES) instanceof Number n && !given.containsKey(RunSettings.CURVATURE_DATA.key())) {
            given.remove(LEGACY_CURVATURE_SAMPLES);
            given.put(RunSettings.CURVATURE_DATA.key(), String.valueOf(n.intValue()));
        }
        given.forEach((key, json) -> {
            Setting<?> s = byKey.get(key);
            if (s == null) {
                throw new IllegalArgumentException("the recorded config has a setting '" + key + "' that the " + scenario.name()
                        + " scenario of this flatbench does not know");
            }
            v.put(s, s.fromJson(json));
        });
        return new RunConfig(scenario, v);
    }

    /**
     * A short hash of the settings that define what the run measures (not the seed, not where the
     * data files lie): equal hashes mean comparable runs, on any machine.
     */
    public String definitionHash() {
        Map<String, Object> d = new LinkedHashMap<>();
        values.forEach((s, v) -> {
            if (s.definesRun() && v != null) d.put(s.key(), s.toJson(v));
        });
        return Hashes.sha256(d.toString()).substring(0, 16);
    }

    @Override public boolean equals(Object o) {
        return o instanceof RunConfig c && c.values.equals(values);
    }

    @Override public int hashCode() { return values.hashCode(); }

    @Override public String toString() { return toMap().toString(); }
}
