package flatbench.sweep;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import flatbench.record.Direction;
import flatbench.record.Provenance;
import flatbench.record.RunRecord;
import flatbench.record.RunRecordStore;

/** Results as a run would leave them, without training anything: for store, merge and concurrency tests. */
final class FakeResults {
    private FakeResults() {}

    static RunRecord record(SweepRun run, String writer, Map<String, Object> metrics) {
        return builder(run, writer, metrics).build();
    }

    static RunRecord.Builder builder(SweepRun run, String writer, Map<String, Object> metrics) {
        Provenance p = new Provenance("0123456789abcdef", false, run.config().get(flatbench.scenario.RunSettings.SEED), "dl4j", "float32",
                "jvm", "os", "cpu", writer, null, null, null, null, null, "2026-01-01T00:00:00Z");
        return RunRecord.builder(writer, p).config(run.config().toMap()).metrics(metrics)
                .metricInfo("noise.trace", "nats²", Direction.NEITHER)
                .metricInfo("training.finalLoss", "nats", Direction.LOWER);
    }

    /** One attempt that writes a result (as RunExecutor would, into the attempt's private folder) and publishes it. */
    static Path publish(SweepStore store, SweepRun run, String writer, Map<String, Object> metrics) {
        SweepStore.Attempt a = store.start(run.id(), new SweepStore.Worker(SweepStore.hostName(), ProcessHandle.current().pid(), "0/1", null));
        Path dir = a.privateDir().resolve("run-by-" + writer);
        RunRecordStore.write(dir, record(run, writer, metrics));
        try {
            java.nio.file.Files.writeString(dir.resolve("writer.txt"), writer); // a second file, to see that a published folder is never a mix
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return a.publish(dir);
    }

    static Map<String, Object> metrics(double lr, long seed) {
        return Map.of("training", Map.of("finalLoss", 1.0 / lr + seed * 0.01), "noise", Map.of("trace",
                        flatbench.record.Estimate.of(lr * 10 + seed).withInterval(lr * 10 + seed - 0.5, lr * 10 + seed + 0.5).toMap(), "samples", 32),
                "hessian", Map.of("topEigenvalues", List.of(3.0, 2.0)));
    }
}
