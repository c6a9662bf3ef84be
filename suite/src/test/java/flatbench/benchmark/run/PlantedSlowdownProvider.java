package flatbench.benchmark.run;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Locale;

import flatbench.benchmark.Work;
import flatbench.engine.Batch;
import flatbench.engine.Capabilities;
import flatbench.engine.Engine;
import flatbench.engine.EngineProvider;
import flatbench.engine.Engines;
import flatbench.engine.Precision;
import flatbench.engine.RowSink;
import flatbench.engine.Vec;
import flatbench.engine.VectorSpace;
import flatbench.model.ModelSpec;

/**
 * A test-only engine, "planted": the plain-Java engine, except that one work item can be made
 * slower by a known factor, so that a comparison's power to detect a regression can be measured.
 * The JVM property {@value #PROPERTY} = {@code WORK:FACTOR} (e.g. {@code hvp:1.3}) makes every call
 * of that work item do extra work until it has used FACTOR times the CPU time of the real call;
 * without the property the engine is the Java engine unchanged. Work names are the labels
 * of {@link Work}.
 */
public final class PlantedSlowdownProvider implements EngineProvider {
    public static final String NAME = "planted";
    public static final String PROPERTY = "flatbench.planted";

    @Override public String name() { return NAME; }

    @Override public String description() { return "test only: the java engine with a planted slowdown of one work item (-D" + PROPERTY + "=hvp:1.3)"; }

    @Override public String unavailableReason() { return null; }

    @Override public Engine create(ModelSpec spec, Precision precision, long seed) {
        Engine inner = Engines.find("java").orElseThrow().create(spec, precision, seed);
        String planted = System.getProperty(PROPERTY, "");
        String work = planted.isEmpty() ? "" : planted.substring(0, planted.indexOf(':'));
        double factor = planted.isEmpty() ? 1.0 : Double.parseDouble(planted.substring(planted.indexOf(':') + 1));
        if (!work.isEmpty() && java.util.Arrays.stream(Work.values()).noneMatch(w -> w.label().equals(work))) throw new IllegalArgumentException("no work item '" + work + "'");
        return new Slowed(inner, work, factor);
    }

    private record Slowed(Engine inner, String work, double factor) implements Engine {
        /**
         * Runs the call; for the planted item, then computes until this thread has used factor ×
         * the call's own CPU time. CPU time, not wall time: extra work then costs what real extra
         * work would, also when the machine is loaded (a wall-clock wait would overshoot whenever
         * the thread is descheduled near its end).
         */
        private <T> T call(String item, java.util.function.Supplier<T> body) {
            ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
            long c0 = cpu.getCurrentThreadCpuTime();
            T out = body.get();
            if (item.equals(work)) {
                long until = c0 + (long) (factor * (cpu.getCurrentThreadCpuTime() - c0));
                double sink = 0;
                while (cpu.getCurrentThreadCpuTime() < until) {
                    for (int i = 1; i < 100; i++) sink += Math.sqrt(i);
                }
                if (sink < 0) throw new AssertionError();  // keeps the loop from being optimised away
            }
            return out;
        }

        private void run(String item, Runnable body) { call(item, () -> { body.run(); return null; }); }

        @Override public String name() { return NAME; }
        @Override public ModelSpec spec() { return inner.spec(); }
        @Override public Precision precision() { return inner.precision(); }
        @Override public VectorSpace vectors() { return inner.vectors(); }
        @Override public Vec parameters() { return inner.parameters(); }
        @Override public void setParameters(Vec p) { inner.setParameters(p); }
        @Override public double loss(Batch b) { return inner.loss(b); }
        @Override public double lossAndGradient(Batch b, Vec g) { return call("forward-backward", () -> inner.lossAndGradient(b, g)); }
        @Override public void perSampleGradients(Batch b, RowSink s) { run("per-sample-gradients", () -> inner.perSampleGradients(b, s)); }
        @Override public double[][] gram(Batch b, boolean centred) { return call("noise-gram", () -> inner.gram(b, centred)); }
        @Override public double[][] project(Batch b, List<Vec> d) { return call("projection", () -> inner.project(b, d)); }
        @Override public void hessianVector(Batch b, Vec v, Vec out) { run("hvp", () -> inner.hessianVector(b, v, out)); }
        @Override public void gaussNewtonVector(Batch b, Vec v, Vec out) { inner.gaussNewtonVector(b, v, out); }
        @Override public double[][] probabilities(Batch b) { return inner.probabilities(b); }
        @Override public Capabilities capabilities() { return inner.capabilities(); }
        @Override public void close() { inner.close(); }

        @Override public String toString() { return String.format(Locale.ROOT, "planted(%s ×%.2f)", work, factor); }
    }
}
