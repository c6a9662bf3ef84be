package flatbench.measure;

import java.util.Map;

/** Rules for metric maps: JSON has no NaN or infinity, so undefined values are left out. */
final class Metrics {
    private Metrics() {}

    static void putFinite(Map<String, Object> m, String key, double value) {
        if (Double.isFinite(value)) m.put(key, value);
    }
}
