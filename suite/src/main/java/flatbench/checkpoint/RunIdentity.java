package flatbench.checkpoint;

import java.util.Map;

import flatbench.record.MetricTree;

/**
 * What a checkpoint must match to be continued bit-identically: the run's configuration and its
 * definition hash, the build, the training data and the CPU threads a batch is split over (the
 * order of the partial sums).
 *
 * @param config         the full run configuration as recorded ({@code RunConfig.toMap()})
 * @param definitionHash {@code RunConfig.definitionHash()} when the checkpoint was written
 * @param code           the git commit of the build that wrote it ({@code unknown} outside a checkout)
 * @param dataset        the training set's checksum
 * @param threads        CPU threads of the engine's batch split
 * @param options        the run's other choices that shape its files (the optional outputs), by name
 */
public record RunIdentity(Map<String, Object> config, String definitionHash, String code, String dataset, int threads,
                          Map<String, Object> options) {
    public RunIdentity {
        config = MetricTree.normalize(config);
        options = MetricTree.normalize(options);
    }
}
