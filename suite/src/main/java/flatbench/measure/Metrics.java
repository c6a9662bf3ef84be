package flatbench.measure;

import java.util.Map;

/** Rules for metric maps: JSON has no NaN or infinity, so undefined values are left out. */
final class Metrics {
    private Metrics() {}

    /** The array itself when every entry is finite; otherwise a list with nulls where entries are undefined. */
    static Object array(double[] values) {
        for (double v : values) {
            if (!Double.isFinite(v)) {
                java.util.List<Double> out = new java.util.ArrayList<>(values.length);
                for (double x : values) out.add(Double.isFinite(x) ? x : null);
                return out;
            }
        }
        return values;
    }

    static void putFinite(Map<String, Object> m, String key, double value) {
        if (Double.isFinite(value)) m.put(key, value);
    }
}
