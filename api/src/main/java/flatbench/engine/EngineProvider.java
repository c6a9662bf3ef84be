package flatbench.engine;

import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

import flatbench.benchmark.BenchConfig;
import flatbench.benchmark.BenchHarness;
import flatbench.model.ModelSpec;

/**
 * Creates engines of one kind; found through {@link java.util.ServiceLoader} (listed in
 * {@code META-INF/services/flatbench.engine.EngineProvider}) so the CLI works whether or not a
 * given engine's jars are on the class path. Everything the suite needs to know about one engine
 * (its benchmark defaults and harness, what its runs record, its self-check) comes from here, so
 * the suite never names an engine.
 */
public interface EngineProvider {
    String name();

    /** One line for {@code flatbench list}. */
    String description();

    /** Null when usable here; otherwise why not (no GPU, no driver, …) in one sentence. */
    String unavailableReason();

    Engine create(ModelSpec spec, Precision precision, long seed);

    /**
     * Where this engine stands when the user names none: the available engine of the lowest rank
     * is the default ({@link Engines#defaultName()}), so a build without the cpu engine (the GPU
     * bundle) still runs without flags. By default last: an engine that is only a check (DL4J) or a test stand-in.
     */
    default int defaultRank() { return Integer.MAX_VALUE; }

    /** Whether the engine computes on this machine's CPU cores (a CPU peer such as PyTorch is then a fair comparison). */
    default boolean runsOnCpu() { return true; }

    /** What {@code flatbench bench --engine <this>} times when no option says otherwise. */
    default BenchConfig benchDefaults() { return BenchConfig.cpuDefaults(name()); }

    /** The engine's own benchmark harness, where wall clock around its calls would be wrong; empty: the host harness times it. */
    default Optional<BenchHarness> benchHarness() { return Optional.empty(); }

    /** SHA-256 of each compiled kernel binary the engine runs, by module name, for the run record's provenance; empty for none. */
    default SortedMap<String, String> kernelHashes() { return new TreeMap<>(); }

    /** Whether {@link #selfCheck} checks anything (the engine has kernels of its own). */
    default boolean hasSelfCheck() { return false; }

    /**
     * Runs every kernel of the engine against its reference on fresh random inputs.
     *
     * @throws UnsupportedOperationException when {@link #hasSelfCheck()} is false
     */
    default SelfCheckReport selfCheck(long seed) {
        throw new UnsupportedOperationException("the " + name() + " engine has no kernels of its own to check");
    }

    /** The outcome of {@link #selfCheck}: the device checked and one row per kernel version and shape. */
    record SelfCheckReport(String device, List<KernelCheck> checks) {
        public SelfCheckReport {
            checks = List.copyOf(checks);
        }
    }

    /**
     * One kernel version on one shape against its reference: the largest errors and whether they
     * are within its tolerance. maxRelErr is over elements whose expected magnitude exceeds the absolute tolerance.
     */
    record KernelCheck(String kernel, String version, String shape, double maxAbsErr, double maxRelErr, boolean pass) {}
}
