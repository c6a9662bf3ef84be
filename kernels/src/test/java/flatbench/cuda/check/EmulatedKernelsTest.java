package flatbench.cuda.check;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import flatbench.benchmark.Work;
import flatbench.cuda.engine.CudaEventHarness;

/**
 * The whole self-check — every kernel against its reference and the engine against the
 * reference engine — run through JCuda in a child JVM whose libcuda.so.1 is the CPU emulator
 * ({@code src/main/cuda/emulation}). It proves the kernels' index arithmetic and the host
 * stack without a GPU; it says nothing about speed or GPU memory-model races (the GPU test and
 * compute-sanitizer on the GPU host cover those). Skipped where g++ is missing.
 */
class EmulatedKernelsTest {
    private static final Path EMULATOR_DIR = Path.of("target/cuda-emulator");

    private static int run(List<String> command, Path log, String ldPath) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        if (ldPath != null) pb.environment().put("LD_LIBRARY_PATH", ldPath);
        // The emulator prints how many launches it diffed for inter-block write conflicts.
        pb.environment().put("FLATBENCH_EMU_REPORT", "1");
        Process p = pb.start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail(command.get(0) + " did not finish in 10 minutes; see " + log);
        }
        return p.exitValue();
    }

    @Test
    void everyKernelAndTheEngineMatchTheReferencesOnTheCpuEmulator() throws Exception {
        buildEmulator();
        String java = ProcessHandle.current().info().command().orElse("java");
        Path log = EMULATOR_DIR.resolve("selfcheck.log");
        int rc = run(List.of(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"), EmulatedSelfCheckMain.class.getName(), "11"),
                log, EMULATOR_DIR.toAbsolutePath().toString());
        String out = read(log);
        assertTrue(out.contains("CPU emulator"), "the child JVM did not load the emulator:\n" + out);
        Set<String> named = out.lines().filter(l -> l.startsWith("PASS") || l.startsWith("FAIL"))
                .map(l -> l.split("\t")).map(f -> f[1] + "_" + f[2]).collect(Collectors.toSet());
        List<String> unchecked = SelfCheck.checkedKernels().stream().filter(k -> !named.contains(k)).toList();
        assertTrue(unchecked.isEmpty(), "kernels without a check row: " + unchecked + "\n" + out);
        assertEquals(0, rc, () -> "failing checks:\n" + String.join("\n", out.lines().filter(l -> !l.startsWith("PASS")).toList()));
        Matcher m = Pattern.compile("emulator: (\\d+) launches diffed .*, (\\d+) conflicts").matcher(out);
        assertTrue(m.find(), "the emulator did not report its conflict checks:\n" + out);
        assertTrue(Long.parseLong(m.group(1)) > 100, "too few launches were checked for inter-block conflicts: " + m.group());
        assertEquals(0, Long.parseLong(m.group(2)), m.group());
    }

    @Test
    void theBenchmarkRunsEveryWorkItemOnTheCpuEmulator() throws Exception {
        Path emulator = buildEmulator();
        String java = ProcessHandle.current().info().command().orElse("java");
        Path log = EMULATOR_DIR.resolve("benchmark.log");
        int rc = run(List.of(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"), EmulatedBenchmarkMain.class.getName()),
                log, emulator.toAbsolutePath().toString());
        String out = read(log);
        assertEquals(0, rc, out);
        assertTrue(out.contains("probe\tnull"), "probe must accept the emulated device:\n" + out);
        List<String> results = out.lines().filter(l -> l.startsWith("RESULT")).toList();
        List<String> work = new CudaEventHarness().works().stream().map(Work::label).toList();
        assertEquals(2 * work.size(), results.size(), out);
        assertEquals(work, results.stream().limit(work.size()).map(r -> r.split("\t")[2]).toList(), "the work items and names of the host harness");
        for (String r : results) {
            String[] f = r.split("\t");
            assertTrue(Double.parseDouble(f[3]) >= 0 && Long.parseLong(f[5]) > 0, r);
        }
    }

    private static Path buildEmulator() throws Exception {
        assumeTrue(hasCompiler(), "g++ not available");
        assumeTrue(!Boolean.getBoolean("cuda.skip"), "kernels built with -Dcuda.skip=true");
        java.nio.file.Files.createDirectories(EMULATOR_DIR);
        Path buildLog = EMULATOR_DIR.resolve("build.log");
        int built = run(List.of("bash", "src/main/cuda/emulation/build-emulator.sh", "src/main/cuda", EMULATOR_DIR.toString()), buildLog, null);
        String buildOut = read(buildLog);
        assertEquals(0, built, () -> "emulator build failed:\n" + buildOut);
        return EMULATOR_DIR;
    }

    static boolean hasCompiler() {
        try {
            return new ProcessBuilder("g++", "--version").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static String read(Path p) throws IOException { return java.nio.file.Files.readString(p, StandardCharsets.UTF_8); }
}
