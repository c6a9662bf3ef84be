package flatbench.sweep;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import flatbench.record.Hashes;
import flatbench.scenario.RunConfig;
import flatbench.scenario.Setting;

/**
 * One run of a sweep: its place in the sweep's list (which decides its shard) and its id, which
 * is derived from its configuration alone, so the same configuration has the same id in every
 * spec, on every machine and in every resubmission.
 */
public record SweepRun(int index, String id, RunConfig config) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public SweepRun {
        if (!id.equals(idOf(config))) throw new IllegalArgumentException("run id " + id + " does not match its configuration");
    }

    public static SweepRun of(int index, RunConfig config) {
        return new SweepRun(index, idOf(config), config);
    }

    /**
     * The first 16 hex digits of the SHA-256 of every setting's recorded value (the seed
     * included: another seed is another run), keys sorted. Locations on a file system (the data
     * folder) are left out: they say where the same data lies on one machine, not what is run.
     * Values are parsed before hashing, so {@code 0.10} and {@code 1e-1} give the same id.
     */
    public static String idOf(RunConfig config) {
        Map<String, Object> canonical = new TreeMap<>();
        for (Setting<?> s : config.settings()) {
            Object v = config.get(s);
            if (v == null || v instanceof Path) continue;
            canonical.put(s.key(), s.toJson(v));
        }
        try {
            return Hashes.sha256(JSON.writeValueAsString(canonical)).substring(0, 16);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a run configuration could not be written as JSON", e);
        }
    }
}
