package flatbench.cuda.check;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import flatbench.cuda.CudaContext;
import flatbench.engine.EngineProvider.KernelCheck;

/**
 * {@code flatbench selfcheck}: every binding's check ({@code <Binding>Check}, one per {@code .cu}
 * file), then {@link EngineCheck}, the composed engine against the reference engine.
 */
public final class SelfCheck {
    private SelfCheck() {}

    /** One check per kernel binding, in the order they run. */
    static List<BindingCheck> bindings(CudaContext cuda, SplittableRandom rng) {
        return List.of(new GemmCheck(cuda, rng), new DenseCheck(cuda, rng), new Conv2dCheck(cuda, rng), new ReluCheck(cuda, rng),
                new PoolCheck(cuda, rng), new BatchNormCheck(cuda, rng), new SoftmaxCrossEntropyCheck(cuda, rng),
                new OutputLossCheck(cuda, rng), new NoiseGramCheck(cuda, rng), new VectorCheck(cuda, rng));
    }

    /**
     * The kernels the rows of {@link #run} name ({@code <kernel>_<version>}): every entry point of
     * every {@code .cu} file but those checked only inside a composed operation.
     */
    public static java.util.Set<String> checkedKernels() {
        java.util.Set<String> out = new java.util.TreeSet<>();
        for (BindingCheck c : bindings(null, null)) {
            out.addAll(c.entryPoints());
            c.composedOnly().forEach(out::remove);
        }
        return out;
    }

    /** Runs every kernel check and the engine checks; never throws for a mismatch (it becomes a failing row). */
    public static List<KernelCheck> run(CudaContext cuda, long seed) {
        List<KernelCheck> rows = new ArrayList<>();
        for (BindingCheck c : bindings(cuda, new SplittableRandom(seed))) rows.addAll(c.run());
        rows.addAll(EngineCheck.run(cuda, seed));
        return List.copyOf(rows);
    }
}
