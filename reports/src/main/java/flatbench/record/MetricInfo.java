package flatbench.record;

import java.util.Objects;

/**
 * Unit and better-direction of one metric, kept in a side map keyed by the metric's dotted path
 * so that the metric tree itself stays plain numbers and arrays for any JSON reader.
 */
public record MetricInfo(String unit, Direction better) {
    public MetricInfo {
        unit = unit == null ? "" : unit;
        better = Objects.requireNonNullElse(better, Direction.NEITHER);
    }
}
