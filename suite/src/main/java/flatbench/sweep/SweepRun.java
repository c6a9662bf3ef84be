package flatbench.sweep;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import flatbench.record.Hashes;
import flatbench.scenario.RunConfig;
import flatbench.scenario.RunSettings;
import flatbench.scenario.Setting;

/**
 * One run of a sweep: its place in the sweep's list (which decides its shard), its id, the keys
 * of the settings its spec sets, and its full resolved configuration (what it runs and what its
 * record keeps).
 *
 * <p>The id is derived from what the spec says, not from every setting: a setting added to
 * flatbench later comes with a default that keeps the earlier behaviour, and must not change the
 * id of every existing run (their results would be run again). So the same spec gives the same
 * ids in every flatbench version, on every machine and in every resubmission.
 *
 * @param given  keys of the settings the spec sets for this run (fixed settings, its case, its grid
 *               point), sorted; the scenario and the seed are always among them
 */
public record SweepRun(int index, String id, List<String> given, RunConfig config) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public SweepRun {
        given = List.copyOf(new TreeSet<>(given));
        if (!id.equals(idOf(given, config))) throw new IllegalArgumentException("run id " + id + " does not match its configuration");
    }

    /** A run whose spec sets the given settings (by key) to the values {@code config} holds. */
    public static SweepRun of(int index, Collection<String> given, RunConfig config) {
        TreeSet<String> keys = new TreeSet<>(given);
        keys.add(RunSettings.SCENARIO.key());
        keys.add(RunSettings.SEED.key());
        return new SweepRun(index, idOf(keys, config), List.copyOf(keys), config);
    }

    /** The same run at another place in a list. */
    public SweepRun at(int index) {
        return new SweepRun(index, id, given, config);
    }

    /**
     * The first 16 hex digits of the SHA-256 of the given settings' values as recorded, keys
     * sorted. The scenario and the seed always count (they are what a run is: another seed is
     * another run); settings the spec leaves at their defaults do not. Locations on a file system
     * (the data folder) are left out: they say where the same data lies on one machine, not what
     * is run. Values are parsed before hashing, so {@code 0.10} and {@code 1e-1} give the same id.
     */
    public static String idOf(Collection<String> given, RunConfig config) {
        Map<String, Object> canonical = new TreeMap<>();
        for (Setting<?> s : config.settings()) {
            boolean identifies = given.contains(s.key()) || s == RunSettings.SCENARIO || s == RunSettings.SEED;
            Object v = config.get(s);
            if (!identifies || v == null || v instanceof Path) continue;
            canonical.put(s.key(), s.toJson(v));
        }
        try {
            return Hashes.sha256(JSON.writeValueAsString(canonical)).substring(0, 16);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a run configuration could not be written as JSON", e);
        }
    }
}
