package flatbench.cuda.check;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

import flatbench.cuda.CudaContext;
import flatbench.cuda.DeviceBuffer;
import flatbench.engine.EngineProvider.KernelCheck;
import flatbench.reference.Tolerance;
import jcuda.driver.CUdeviceptr;

/**
 * The check of one kernel binding (one {@code .cu} file): each of its entry points against the
 * plain-Java reference ({@code flatbench.reference}, or the binding's own {@code reference}
 * methods) on fresh random inputs of odd sizes, outputs poisoned with NaN before each launch so
 * an element a kernel forgets to write fails. The reference sees the very float32 inputs the
 * kernel sees. Named {@code <Binding>Check} after its binding {@code <Binding>Kernels}.
 */
abstract class BindingCheck {
    final CudaContext cuda;
    final SplittableRandom rng;
    private final List<KernelCheck> rows = new ArrayList<>();

    BindingCheck(CudaContext cuda, SplittableRandom rng) {
        this.cuda = cuda;
        this.rng = rng;
    }

    /** The {@code .cu} file whose entry points this checks, without the extension. */
    abstract String module();

    /**
     * Every entry point of {@link #module()}: launched here directly, or (where one only ever runs
     * as part of a composed operation) inside the composed operation checked here.
     */
    abstract List<String> entryPoints();

    /** Entry points checked only inside a composed operation of {@link #check()}, so no row bears their name. */
    List<String> composedOnly() { return List.of(); }

    abstract void check();

    /** Runs the checks; never throws for a mismatch (it becomes a failing row). */
    final List<KernelCheck> run() {
        check();
        return List.copyOf(rows);
    }

    float[] random(int n) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) f[i] = (float) (2 * rng.nextDouble() - 1);
        return f;
    }

    static double[] wide(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }

    /** A device output of n floats, poisoned with NaN. */
    DeviceBuffer poisoned(long n) {
        DeviceBuffer b = cuda.allocFloats(n);
        cuda.fill(b.ptr(), Float.NaN, n);
        return b;
    }

    void compare(String kernel, String shape, Tolerance tol, double[] expected, float[] actual) {
        rows.add(row(kernel, shape, tol, expected, actual));
    }

    void compare(String kernel, String shape, Tolerance tol, double[] expected, double[] actual) {
        rows.add(row(kernel, shape, tol, expected, actual));
    }

    static KernelCheck row(String kernel, String shape, Tolerance tol, double[] expected, float[] actual) {
        return row(kernel, shape, tol, expected, wide(actual));
    }

    static KernelCheck row(String kernel, String shape, Tolerance tol, double[] expected, double[] actual) {
        double maxAbs = 0, maxRel = 0;
        boolean pass = expected.length == actual.length;
        for (int i = 0; i < Math.min(expected.length, actual.length); i++) {
            double e = expected[i], a = actual[i];
            double err = Math.abs(a - e);
            if (Double.isNaN(a)) err = Double.POSITIVE_INFINITY;
            maxAbs = Math.max(maxAbs, err);
            if (Math.abs(e) > tol.absolute()) maxRel = Math.max(maxRel, err / Math.abs(e));
            if (!tol.accepts(e, a)) pass = false;
        }
        int us = kernel.lastIndexOf("_v");
        String name = us > 0 ? kernel.substring(0, us) : kernel;
        String version = us > 0 ? kernel.substring(us + 1) : "-";
        return new KernelCheck(name, version, shape, maxAbs, maxRel, pass);
    }

    /** Launches into a poisoned output of n floats and returns what the kernel wrote. */
    float[] run(long n, Consumer<CUdeviceptr> launch) {
        try (DeviceBuffer out = poisoned(n)) {
            launch.accept(out.ptr());
            return cuda.download(out.ptr(), n);
        }
    }
}
