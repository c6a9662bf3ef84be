package flatbench.benchmark.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import flatbench.benchmark.BenchConfig;
import flatbench.compare.PeerTable;
import flatbench.engine.Engines;
import flatbench.record.AtomicFiles;
import flatbench.record.RunRecord;

/**
 * The PyTorch peer of a CPU benchmark, in the same command: {@code bench/torch_peer.py} on the
 * same models, batch, dtype, thread count and OpenBLAS core type, then our medians beside its
 * medians ({@link PeerTable}). Its JSON ({@value #PEER_JSON}) and the table ({@value #TABLE})
 * are stored in the run folder beside result.json. Without a Python that imports torch the table
 * says the peer was not run, and why.
 */
public final class TorchPeer {
    private TorchPeer() {}

    public static final String PEER_JSON = "torch-peer.json";
    public static final String TABLE = "peer.md";
    /** Environment variable naming the Python to run the peer with. */
    public static final String PYTHON_VARIABLE = "FLATBENCH_PYTHON";
    /** Where a peer may take long (LeNet's top-k Lanczos in float64 on two cores is tens of seconds). */
    private static final long TIMEOUT_MINUTES = 60;

    /** @param ran whether the peer ran; @param table the Markdown written to {@value #TABLE} */
    public record Outcome(boolean ran, String table) {}

    /** Runs the peer for a finished CPU benchmark and writes its JSON and the table into runDir. */
    public static Outcome run(BenchConfig c, RunRecord ours, Path runDir, Path home) {
        int threads = Engines.cpuThreads();
        String header = "PyTorch peer: " + String.join(",", c.models()) + ", B = " + c.batch() + ", " + c.precision().label()
                + ", " + threads + " threads (" + Engines.THREADS_VARIABLE + "), OPENBLAS_CORETYPE="
                + System.getenv().getOrDefault("OPENBLAS_CORETYPE", "(unset)") + "\n\n";
        Path script = home.resolve("bench").resolve("torch_peer.py");
        String python = findPython();
        String why = !Files.isRegularFile(script) ? "no " + script
                : python == null ? "no Python with torch found (make peer-deps installs Debian's python3-torch; " + PYTHON_VARIABLE + " names another Python)"
                : null;
        if (why == null) {
            Path json = runDir.resolve(PEER_JSON);
            why = runScript(python, script, c, threads, json, runDir.resolve("torch-peer.log"));
            if (why == null) {
                String table = header + PeerTable.markdown(PeerTable.rows(ours, json), "PyTorch")
                        + "\nPyTorch / flatbench above 1: flatbench is faster. The peer's hvp keeps its first-order graph, as flatbench keeps its passes;"
                        + " flatbench's lanczos-top-k also computes the 20 residuals (20 more products).\n";
                write(runDir.resolve(TABLE), table);
                return new Outcome(true, table);
            }
        }
        String table = header + "The PyTorch peer was not run: " + why + ".\n";
        write(runDir.resolve(TABLE), table);
        return new Outcome(false, table);
    }

    /** The first of $FLATBENCH_PYTHON, python3, /usr/bin/python3 that imports torch; null when none does. */
    static String findPython() {
        List<String> candidates = new ArrayList<>();
        String named = System.getenv(PYTHON_VARIABLE);
        if (named != null && !named.isBlank()) candidates.add(named);
        candidates.add("python3");
        candidates.add("/usr/bin/python3");
        for (String p : candidates) {
            try {
                Process proc = new ProcessBuilder(p, "-c", "import torch").redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (proc.waitFor(2, TimeUnit.MINUTES) && proc.exitValue() == 0) return p;
                proc.destroyForcibly();
            } catch (IOException e) {
                // not installed under that name
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    /** Null on success, else why the peer failed (its log keeps the details). */
    private static String runScript(String python, Path script, BenchConfig c, int threads, Path json, Path log) {
        List<String> cmd = List.of(python, script.toString(), "--device", "cpu", "--dtype", c.precision().label(),
                "--threads", String.valueOf(threads), "--models", String.join(",", c.models()), "--batch", String.valueOf(c.batch()),
                "--warmup", String.valueOf(c.warmup()), "--iterations", String.valueOf(c.iterations()),
                "--projections", String.valueOf(c.projections()), "--steps", String.valueOf(c.lanczosSteps()),
                "--top", String.valueOf(c.topK()), "--lanczos-iterations", String.valueOf(Math.max(1, c.lanczosIterations())),
                "--seed", String.valueOf(c.seed()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(json.toFile()).redirectError(log.toFile());
        Map<String, String> env = pb.environment();
        // The same cores for the peer's OpenMP pool and its BLAS as for flatbench's threads.
        for (String v : List.of("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS")) env.put(v, String.valueOf(threads));
        try {
            Process p = pb.start();
            if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return "it did not finish in " + TIMEOUT_MINUTES + " minutes";
            }
            return p.exitValue() == 0 ? null : "it exited with status " + p.exitValue() + " (see " + log + ")";
        } catch (IOException e) {
            return "it could not be started (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "it was interrupted";
        }
    }

    private static void write(Path file, String text) {
        AtomicFiles.write(file, text.getBytes(StandardCharsets.UTF_8));
    }
}
