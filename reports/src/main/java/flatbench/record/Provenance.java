package flatbench.record;

import java.util.Map;
import java.util.TreeMap;

/**
 * Everything that produced a run, so that two runs can be diffed and a run re-run from its record.
 * The full configuration lives beside it in {@link RunRecord#config()}. Fields nobody could
 * determine are {@value #UNKNOWN}; {@code gitDirty}, {@code gpu} and {@code dataset} are null when unknown or absent.
 *
 * <p>{@link ProvenanceCollector#collect} fills the machine and git parts; the run fills the rest with the {@code with…} methods.
 */
public record Provenance(
        String gitCommit, Boolean gitDirty,
        long seed, String engine, String precision,
        String jvm, String os, String cpu, String machine,
        GpuInfo gpu, Map<String, String> kernelHashes,
        DatasetInfo dataset, String sampling, String benchmarkVersion,
        String createdAt) {

    public static final String UNKNOWN = "unknown";

    public Provenance {
        gitCommit = GpuInfo.orUnknown(gitCommit);
        engine = GpuInfo.orUnknown(engine);
        precision = GpuInfo.orUnknown(precision);
        jvm = GpuInfo.orUnknown(jvm);
        os = GpuInfo.orUnknown(os);
        cpu = GpuInfo.orUnknown(cpu);
        machine = GpuInfo.orUnknown(machine);
        kernelHashes = kernelHashes == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(kernelHashes));
        sampling = GpuInfo.orUnknown(sampling);
        benchmarkVersion = GpuInfo.orUnknown(benchmarkVersion);
        createdAt = GpuInfo.orUnknown(createdAt);
    }

    /** The run's seed, engine name (e.g. "dl4j", "cuda", "reference") and precision label (e.g. "float64"). */
    public Provenance withRun(long seed, String engine, String precision) {
        return new Provenance(gitCommit, gitDirty, seed, engine, precision, jvm, os, cpu, machine, gpu, kernelHashes,
                dataset, sampling, benchmarkVersion, createdAt);
    }

    public Provenance withGpu(GpuInfo gpu) {
        return new Provenance(gitCommit, gitDirty, seed, engine, precision, jvm, os, cpu, machine, gpu, kernelHashes,
                dataset, sampling, benchmarkVersion, createdAt);
    }

    /** Kernel binary name (e.g. "per_sample_grad_conv.cubin") to its SHA-256, see {@link Hashes#sha256(java.nio.file.Path)}. */
    public Provenance withKernelHashes(Map<String, String> kernelHashes) {
        return new Provenance(gitCommit, gitDirty, seed, engine, precision, jvm, os, cpu, machine, gpu, kernelHashes,
                dataset, sampling, benchmarkVersion, createdAt);
    }

    public Provenance withDataset(DatasetInfo dataset) {
        return new Provenance(gitCommit, gitDirty, seed, engine, precision, jvm, os, cpu, machine, gpu, kernelHashes,
                dataset, sampling, benchmarkVersion, createdAt);
    }

    /** How batches were drawn, e.g. "with-replacement b=128" — a different scheme changes the noise being measured. */
    public Provenance withSampling(String sampling) {
        return new Provenance(gitCommit, gitDirty, seed, engine, precision, jvm, os, cpu, machine, gpu, kernelHashes,
                dataset, sampling, benchmarkVersion, createdAt);
    }

    /** Hash of the benchmark's definition, e.g. {@code Hashes.sha256(scenarioConfig.toString())}. */
    public Provenance withBenchmarkVersion(String benchmarkVersion) {
        return new Provenance(gitCommit, gitDirty, seed, engine, precision, jvm, os, cpu, machine, gpu, kernelHashes,
                dataset, sampling, benchmarkVersion, createdAt);
    }

    /** Overrides the machine name, which keys the result store; keep it stable across runs on one machine. */
    public Provenance withMachine(String machine) {
        return new Provenance(gitCommit, gitDirty, seed, engine, precision, jvm, os, cpu, machine, gpu, kernelHashes,
                dataset, sampling, benchmarkVersion, createdAt);
    }
}
