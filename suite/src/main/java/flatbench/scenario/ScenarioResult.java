package flatbench.scenario;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a scenario measured.
 *
 * @param metrics JSON-friendly tree for {@code metrics} in result.json
 * @param arrays  arrays to write beside it as .npy files, by file stem (double[] or double[][])
 * @param summary a few lines for the terminal
 */
public record ScenarioResult(Map<String, Object> metrics, Map<String, Object> arrays, List<String> summary) {
    public ScenarioResult {
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        arrays = Collections.unmodifiableMap(new LinkedHashMap<>(arrays));
        summary = List.copyOf(summary);
    }
}
