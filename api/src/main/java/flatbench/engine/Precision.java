package flatbench.engine;

/** Floating-point precision an engine computes in. */
public enum Precision {
    FLOAT32, FLOAT64;

    /** Parses "float32"/"fp32"/"f32" and "float64"/"fp64"/"f64"/"double"; throws IllegalArgumentException otherwise. */
    public static Precision parse(String s) {
        return switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "float32", "fp32", "f32", "float" -> FLOAT32;
            case "float64", "fp64", "f64", "double" -> FLOAT64;
            default -> throw new IllegalArgumentException("unknown precision '" + s + "' (use float32 or float64)");
        };
    }

    public String label() { return this == FLOAT32 ? "float32" : "float64"; }
}
