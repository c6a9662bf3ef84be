package flatbench.cuda.check;

import flatbench.engine.EngineProvider.KernelCheck;
import java.util.List;

import flatbench.cuda.CudaContext;

/**
 * Runs {@link SelfCheck} and prints one tab-separated row per check; exit status 1 when any
 * fails. Started by {@link EmulatedKernelsTest} in a child JVM whose libcuda.so.1 is the CPU
 * emulator.
 */
public final class EmulatedSelfCheckMain {
    public static void main(String[] args) {
        long seed = args.length > 0 ? Long.parseLong(args[0]) : 7;
        boolean ok = true;
        try (CudaContext cuda = CudaContext.create()) {
            System.out.println("device\t" + cuda.deviceName());
            List<KernelCheck> rows = SelfCheck.run(cuda, seed);
            for (KernelCheck r : rows) {
                System.out.println((r.pass() ? "PASS" : "FAIL") + "\t" + r.kernel() + "\t" + r.version() + "\t" + r.shape()
                        + "\t" + r.maxAbsErr() + "\t" + r.maxRelErr());
                ok &= r.pass();
            }
        }
        System.exit(ok ? 0 : 1);
    }
}
