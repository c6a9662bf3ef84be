package flatbench.record;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Fills the machine and git parts of a {@link Provenance}. Every probe fails soft to
 * {@value Provenance#UNKNOWN}: a missing git or nvidia-smi must never stop a run.
 */
public final class ProvenanceCollector {
    /** Overrides the host name as the machine key of the result store, e.g. on CI runners with random host names. */
    public static final String MACHINE_ENV = "FLATBENCH_MACHINE";
    private static final long PROBE_TIMEOUT_SECONDS = 10;

    private ProvenanceCollector() {}

    /** Git state of {@code repoDir}, this JVM, OS, CPU, machine name and (if nvidia-smi answers) the GPU; run fields are left unknown. */
    public static Provenance collect(Path repoDir) {
        Optional<String> commit = run(repoDir, "git", "rev-parse", "HEAD").map(String::strip).filter(s -> !s.isEmpty());
        Boolean dirty = commit.isEmpty() ? null
                : run(repoDir, "git", "status", "--porcelain").map(s -> !s.isBlank()).orElse(null);
        return new Provenance(commit.orElse(Provenance.UNKNOWN), dirty, 0L, null, null,
                jvm(), os(), cpu(), machineName(), gpu().orElse(null), null, null, null, null, Instant.now().toString());
    }

    public static String jvm() {
        return System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + " (" + System.getProperty("java.vendor") + ")";
    }

    public static String os() {
        return System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch");
    }

    /** CPU model from /proc/cpuinfo where there is one, with the number of hardware threads this JVM sees. */
    public static String cpu() {
        String model = System.getProperty("os.arch");
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    model = line.substring(line.indexOf(':') + 1).strip();
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: keep the architecture name
        }
        return model + " (" + Runtime.getRuntime().availableProcessors() + " threads)";
    }

    /** {@value #MACHINE_ENV} if set, else the host name; reduced to characters safe in a directory name. */
    public static String machineName() {
        String name = System.getenv(MACHINE_ENV);
        if (name == null || name.isBlank()) {
            try {
                name = InetAddress.getLocalHost().getHostName();
            } catch (IOException | RuntimeException e) {
                name = Provenance.UNKNOWN;
            }
        }
        return safeName(name);
    }

    /** Replaces every character outside [A-Za-z0-9._-] with '_' so the name can key a directory. */
    public static String safeName(String name) {
        String s = name.strip().replaceAll("[^A-Za-z0-9._-]", "_");
        return s.isEmpty() || s.equals(".") || s.equals("..") ? Provenance.UNKNOWN : s;
    }

    /** First GPU's name, driver and CUDA version as nvidia-smi reports them; empty without a driver. */
    public static Optional<GpuInfo> gpu() {
        Path here = Path.of(".");
        Optional<String> query = run(here, "nvidia-smi", "--query-gpu=name,driver_version", "--format=csv,noheader");
        if (query.isEmpty() || query.get().isBlank()) return Optional.empty();
        String[] parts = query.get().lines().findFirst().orElse("").split(",");
        String cuda = run(here, "nvidia-smi").flatMap(out -> out.lines()
                .filter(l -> l.contains("CUDA Version:")).findFirst()
                .map(l -> l.substring(l.indexOf("CUDA Version:") + "CUDA Version:".length()).replace("|", "").strip()))
                .orElse(null);
        return Optional.of(new GpuInfo(parts[0], parts.length > 1 ? parts[1] : null, cuda));
    }

    /** Standard output of a command that exits 0 within the timeout; empty on any failure. */
    static Optional<String> run(Path dir, String... command) {
        Path out = null;
        try {
            // Output goes to a file so that a hung probe (a broken driver's nvidia-smi) cannot block
            // a read; the timeout then really bounds the wait.
            out = Files.createTempFile("flatbench-probe", ".out");
            Process p = new ProcessBuilder(List.of(command)).directory(dir.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).redirectOutput(out.toFile()).start();
            p.getOutputStream().close();
            if (!p.waitFor(PROBE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            return p.exitValue() == 0 ? Optional.of(Files.readString(out, StandardCharsets.UTF_8)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            if (out != null) out.toFile().delete();
        }
    }
}
