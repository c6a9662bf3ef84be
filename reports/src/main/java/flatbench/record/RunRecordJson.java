package flatbench.record;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * JSON form of a {@link RunRecord}: pretty-printed, map keys sorted, so that two records of the
 * same run differ only where the run differed. Reading checks, in order, that the text is
 * complete JSON, that it is a run record, and that its schema version is one this code reads.
 */
public final class RunRecordJson {
    /** Shared by the record, compare and history code; configured once here. */
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // Unknown fields within a known schema version are additive and safe to skip.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private RunRecordJson() {}

    /** A copy of the configured mapper, for other flatbench JSON (comparisons, history). */
    public static ObjectMapper mapper() { return MAPPER.copy(); }

    public static String toJson(RunRecord record) {
        try {
            return MAPPER.writeValueAsString(record) + "\n";
        } catch (JsonProcessingException e) {
            throw new RecordException("run record '" + record.runId() + "' cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Pretty JSON of any flatbench result object (comparisons, tables), NaN written as "NaN"; {@code what} names it in errors. */
    public static String pretty(Object value, String what) {
        try {
            return MAPPER.writeValueAsString(value) + "\n";
        } catch (JsonProcessingException e) {
            throw new RecordException(what + " cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Parses a record; {@code source} names the text in error messages (usually the file path). */
    public static RunRecord fromJson(String json, String source) {
        JsonNode tree = parseTree(json, source);
        checkIsRecord(tree, source);
        try {
            RunRecord r = MAPPER.treeToValue(tree, RunRecord.class);
            // In memory a record is always in the current layout (an older one was converted while read), so it is written as such.
            return new RunRecord(RunRecord.CURRENT_SCHEMA_VERSION, r.runId(), r.status(), r.provenance(), r.config(), r.metrics(),
                    r.metricInfo(), r.timings(), r.benchmarks(), r.arrays());
        } catch (JsonProcessingException | IllegalArgumentException e) {
            String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new RecordException(source + " is a version " + tree.get("schemaVersion").asText()
                    + " run record with a malformed field (" + firstLine(why) + "); it was edited by hand or written by a broken build.", e);
        }
    }

    /** Parses any JSON file with the same completeness checks, for other readers of flatbench files. */
    static JsonNode parseTree(String json, String source) {
        if (json.isBlank()) {
            throw new RecordException(source + " is empty; it was probably cut off while being written, so re-run or delete it.");
        }
        try {
            JsonNode tree = MAPPER.readTree(json);
            if (tree == null || tree.isMissingNode()) {
                throw new RecordException(source + " holds no JSON value; re-run or delete it.");
            }
            return tree;
        } catch (JsonProcessingException e) {
            // Jackson reports some ends of input (e.g. between object entries) without JsonEOFException.
            if (e instanceof JsonEOFException || String.valueOf(e.getOriginalMessage()).startsWith("Unexpected end-of-input")) {
                throw new RecordException(source + " is not a complete JSON document (it ends at line "
                        + (e.getLocation() == null ? "?" : e.getLocation().getLineNr())
                        + "); it was probably cut off while being written, so re-run or delete it.", e);
            }
            throw new RecordException(source + " is not valid JSON (" + firstLine(e.getOriginalMessage()) + " at line "
                    + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + "); pass a flatbench result.json.", e);
        }
    }

    private static void checkIsRecord(JsonNode tree, String source) {
        JsonNode version = tree.isObject() ? tree.get("schemaVersion") : null;
        if (version == null || !tree.has("runId") || !tree.has("provenance")) {
            throw new RecordException(source + " is JSON but not a flatbench run record (it lacks schemaVersion, runId or provenance); pass a flatbench result.json.");
        }
        if (!version.isIntegralNumber()) {
            throw new RecordException(source + " has a schemaVersion of " + version + ", which is not a whole number, so it is not a flatbench run record.");
        }
        int v = version.asInt();
        if (!version.canConvertToInt() || v < RunRecord.OLDEST_READABLE_SCHEMA_VERSION || v > RunRecord.CURRENT_SCHEMA_VERSION) {
            throw new RecordException(source + " has run-record schema version " + version.asText()
                    + ", but this build of flatbench reads only versions " + RunRecord.OLDEST_READABLE_SCHEMA_VERSION + " to "
                    + RunRecord.CURRENT_SCHEMA_VERSION + "; read it with a flatbench build of that version.");
        }
    }

    private static String firstLine(String s) {
        if (s == null) return "no detail";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
