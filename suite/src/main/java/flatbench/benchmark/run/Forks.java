package flatbench.benchmark.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import flatbench.measure.ProgressListener;
import flatbench.record.BenchmarkResult;
import flatbench.record.RunRecord;
import flatbench.record.RunRecordStore;

/**
 * Runs benchmark forks, one fresh JVM each, and pools what they measured: the samples of one JVM
 * share its JIT decisions, heap layout and thread pools, so only several JVMs show how much a
 * result depends on them (JMH's forks, pyperf's worker processes, asv's repeated processes).
 */
public final class Forks {
    private Forks() {}

    /** What the two sides of an interleaved comparison measured, fork by fork. */
    public record Sides(List<RunRecord> base, List<RunRecord> next) {}

    /** Runs {@code n} forks of one side, one after another. */
    public static List<RunRecord> run(ForkCommand side, int n, ProgressListener progress) {
        return withScratch(scratch -> {
            List<RunRecord> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                progress.update("fork", i, n);
                out.add(runOne(side, scratch.resolve("fork-" + (i + 1))));
            }
            progress.update("fork", n, n);
            return out;
        });
    }

    /**
     * Runs {@code n} forks of each side, alternating the sides in the order ABBA ABBA …, so that
     * whatever drifts on the machine meanwhile (another build, thermal state, a backup) falls on
     * both sides alike instead of on whichever ran second, as asv's interleaved rounds do. Each
     * fork is tagged with its round, so that compare can pair the two forks of a round.
     */
    public static Sides interleave(ForkCommand base, ForkCommand next, int n, ProgressListener progress) {
        return withScratch(scratch -> {
            List<RunRecord> b = new ArrayList<>(), x = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                progress.update("interleaved forks", 2L * i, 2L * n);
                boolean baseFirst = i % 2 == 0;
                for (int k = 0; k < 2; k++) {
                    boolean isBase = (k == 0) == baseFirst;
                    RunRecord r = runOne(isBase ? base : next, scratch.resolve((isBase ? "base-" : "new-") + (i + 1)));
                    (isBase ? b : x).add(inRound(r, i + 1));
                }
            }
            progress.update("interleaved forks", 2L * n, 2L * n);
            return new Sides(b, x);
        });
    }

    /** The record with every benchmark's forks tagged with the round, so compare can pair them with the other side's. */
    private static RunRecord inRound(RunRecord r, int round) {
        return new RunRecord(r.schemaVersion(), r.runId(), r.status(), r.provenance(), r.config(), r.metrics(), r.metricInfo(),
                r.timings(), r.benchmarks().stream().map(bm -> bm.inRound(round)).toList(), r.arrays());
    }

    /**
     * The forks of one side as one record: provenance and metrics of the first fork (the same
     * build on the same machine), each benchmark with the forks of all of them, and
     * {@code config.forks} set to their number.
     */
    public static RunRecord pool(String runId, List<RunRecord> forks) {
        if (forks.isEmpty()) throw new IllegalArgumentException("no forks to pool");
        RunRecord first = forks.get(0);
        Map<String, Object> config = new LinkedHashMap<>(first.config());
        config.put("forks", forks.size());
        RunRecord.Builder out = RunRecord.builder(runId, first.provenance()).config(config).metrics(first.metrics());
        BenchmarkResult.poolByName(forks.stream().map(RunRecord::benchmarks).toList()).forEach(out::benchmark);
        return out.build();
    }

    /**
     * How long one fork may run before it is taken to hang (a deadlocked pool, a GPU that stopped
     * answering): generous beside the default benchmarks' minutes; {@code -D}{@value #TIMEOUT_PROPERTY}
     * (minutes) changes it for very large models.
     */
    static final String TIMEOUT_PROPERTY = "flatbench.forkTimeoutMinutes";
    static final Duration TIMEOUT = Duration.ofMinutes(Long.getLong(TIMEOUT_PROPERTY, 120));

    static RunRecord runOne(ForkCommand f, Path out) {
        return runOne(f, out, TIMEOUT);
    }

    /**
     * Runs one fork to completion and reads the record it wrote. A fork that fails ends the
     * whole measurement with the fork's own last line: exit code 2 (the user's mistake, such as
     * an unknown model) as an IllegalArgumentException, anything else as an IllegalStateException;
     * a fork still running after {@code timeout} is killed, with an IllegalStateException.
     */
    static RunRecord runOne(ForkCommand f, Path out, Duration timeout) {
        List<String> cmd = new ArrayList<>(f.command());
        cmd.addAll(List.of("--out", out.toString(), "--quiet"));
        Path log = out.resolveSibling(out.getFileName() + ".log");
        int code;
        try {
            Files.createDirectories(out);
            Process p = new ProcessBuilder(cmd).directory(f.workDir().toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new IllegalStateException("a benchmark fork of " + f.label() + " did not finish within " + minutes(timeout)
                        + " and was stopped (its last line: " + lastLine(log) + "); set -D" + TIMEOUT_PROPERTY + "=MINUTES if it needs longer");
            }
            code = p.exitValue();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot start a fork of " + f.label() + " (" + cmd.get(0) + "): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while a fork of " + f.label() + " ran", e);
        }
        if (code != 0) {
            String last = lastLine(log).replaceFirst("^flatbench: ", "");
            String msg = "a benchmark fork of " + f.label() + " failed (exit " + code + "): " + last;
            throw code == 2 ? new IllegalArgumentException(msg) : new IllegalStateException(msg);
        }
        try (Stream<Path> s = Files.list(out)) {
            List<Path> dirs = s.filter(Files::isDirectory).toList();
            if (dirs.size() != 1) throw new IllegalStateException("a benchmark fork of " + f.label() + " wrote " + dirs.size() + " run folders, not one");
            return RunRecordStore.read(dirs.get(0));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + out + ": " + e.getMessage(), e);
        }
    }

    private static String minutes(Duration d) {
        return d.toMinutes() >= 1 ? d.toMinutes() + " min" : d.toMillis() / 1000.0 + " s";
    }

    private static String lastLine(Path log) {
        try {
            List<String> lines = Files.readAllLines(log).stream().filter(l -> !l.isBlank()).toList();
            return lines.isEmpty() ? "it printed nothing" : lines.get(lines.size() - 1).strip();
        } catch (IOException e) {
            return "its output could not be read";
        }
    }

    @FunctionalInterface
    private interface InScratch<T> {
        T run(Path scratch);
    }

    /** The forks write under a temporary folder that is removed afterwards: only the pooled record is kept. */
    private static <T> T withScratch(InScratch<T> body) {
        Path scratch;
        try {
            scratch = Files.createTempDirectory("flatbench-forks-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary folder for benchmark forks: " + e.getMessage(), e);
        }
        try {
            return body.run(scratch);
        } finally {
            try (Stream<Path> s = Files.walk(scratch)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a leftover temporary folder is harmless; the measurement's own outcome matters
            }
        }
    }
}
