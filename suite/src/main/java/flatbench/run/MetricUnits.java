package flatbench.run;

import java.util.LinkedHashMap;
import java.util.Map;

import flatbench.record.Direction;
import flatbench.record.MetricInfo;
import flatbench.record.MetricTree;

/**
 * Unit and better direction of the metrics the scenarios write, recorded beside them in
 * {@code metricInfo}. Measured properties of the loss landscape (eigenvalues, slopes, overlaps)
 * are neither better nor worse, so they are NEITHER; losses and times are LOWER.
 */
final class MetricUnits {
    private MetricUnits() {}

    /** Loss is in nats (natural-log cross-entropy); gradients are per parameter of the flat vector. */
    private static final Map<String, MetricInfo> UNITS = new LinkedHashMap<>();

    static {
        put("training.firstLoss", "nats", Direction.LOWER);
        put("training.finalLoss", "nats", Direction.LOWER);
        put("training.seconds", "s", Direction.LOWER);
        put("training.secondsPerStep", "s", Direction.LOWER);
        put("training.stepsPerSecond", "1/s", Direction.HIGHER);
        put("training.evaluation.loss", "nats", Direction.LOWER);
        put("training.evaluation.accuracy", "fraction", Direction.HIGHER);
        put("noise.perSampleGradientSeconds", "s", Direction.LOWER);
        put("noise.trace", "nats²", Direction.NEITHER);
        put("noise.gradientNoiseScale", "samples", Direction.NEITHER);
        put("noise.naiveGradientNoiseScale", "samples", Direction.NEITHER);
        put("noise.gramEigenvalues", "nats²", Direction.NEITHER);
        put("noise.stepTrace", "nats²", Direction.NEITHER);
        put("hessian.topEigenvalues", "nats", Direction.NEITHER);
        put("hessian.trace", "nats", Direction.NEITHER);
        put("alignment.sigma2VsLambdaSlope", "", Direction.NEITHER);
        put("alignment.sigma2VsLambdaR2", "", Direction.NEITHER);
        put("alignment.trHC", "nats³", Direction.NEITHER);
        put("alignment.trHCExact", "nats³", Direction.NEITHER);
        put("alignment.trHCIsotropic", "nats³", Direction.NEITHER);
        put("alignment.topKNoiseFraction", "fraction", Direction.NEITHER);
        put("alignment.subspaceOverlap", "fraction", Direction.NEITHER);
        put("alignment.gradientTopKOverlap", "fraction", Direction.NEITHER);
        put("alignment.diagonalPowerLaw", "", Direction.NEITHER);
    }

    private static void put(String path, String unit, Direction better) {
        UNITS.put(path, new MetricInfo(unit, better));
    }

    /** The entries whose metric the tree actually holds. */
    static Map<String, MetricInfo> present(Map<String, Object> metrics) {
        Map<String, MetricInfo> out = new LinkedHashMap<>();
        UNITS.forEach((path, info) -> {
            if (MetricTree.get(metrics, path).isPresent()) out.put(path, info);
        });
        return out;
    }
}
