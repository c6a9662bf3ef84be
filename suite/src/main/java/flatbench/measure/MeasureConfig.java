package flatbench.measure;

/** Everything {@link AlignmentMeasurement} needs to know; defaults come from the parts. */
public record MeasureConfig(CurvatureConfig curvature, NoiseConfig noise) {
    public MeasureConfig {
        if (curvature == null || noise == null) throw new IllegalArgumentException("both curvature and noise settings are needed");
    }

    public static MeasureConfig defaults() { return new MeasureConfig(CurvatureConfig.defaults(), NoiseConfig.defaults()); }
}
