package flatbench.cuda.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The CPU emulator must fail kernels that are wrong on a GPU but right in a sequential run:
 * a lost-update race between blocks (a split-K sum with += instead of atomicAdd) and a read of
 * memory nobody wrote. The probe kernels (src/test/cuda/emulator_probes.cu) are launched by a
 * small C++ driver linked against the emulated libcuda.so.1; correct probes must still pass.
 */
class EmulatorStrictnessTest {
    private static final Path DIR = Path.of("target/cuda-emulator-probes");

    @Test void racesBetweenBlocksAndUninitialisedReadsAreCaughtAndCorrectKernelsPass() throws Exception {
        assumeTrue(EmulatedKernelsTest.hasCompiler(), "g++ not available");
        Files.createDirectories(DIR);
        exec(List.of("bash", "src/main/cuda/emulation/build-emulator.sh", "src/main/cuda", DIR.toString(), "src/test/cuda"), null, "build.log");
        exec(List.of("g++", "-std=c++20", "-o", DIR.resolve("probe-driver").toString(), "src/test/cuda/emulator_probe_driver.cpp",
                "-L" + DIR, "-l:libcuda.so.1"), null, "driver-build.log");
        String out = exec(List.of(DIR.resolve("probe-driver").toString()), DIR.toAbsolutePath().toString(), "probes.log");

        Map<String, String[]> rows = new LinkedHashMap<>();
        for (String line : out.lines().filter(l -> l.startsWith("probe_")).toList()) {
            String[] f = line.split(" ");
            rows.put(f[0], f);
        }
        assertEquals("719", rows.get("probe_racy_sum_v1")[1], "a non-atomic sum across blocks must fail the launch:\n" + out);
        assertEquals("0", rows.get("probe_atomic_sum_v1")[1], out);
        assertEquals(256.0, Double.parseDouble(rows.get("probe_atomic_sum_v1")[2]), 0.0, out);
        assertEquals("0", rows.get("probe_disjoint_v1")[1], out);
        assertEquals(2.0, Double.parseDouble(rows.get("probe_disjoint_v1")[2]), 0.0, out);
        assertEquals("nan", rows.get("probe_disjoint_v1_uninitialised_input")[2], "fresh memory must be poisoned:\n" + out);
    }

    private static String exec(List<String> command, String ldPath, String logName) throws IOException, InterruptedException {
        Path log = DIR.resolve(logName);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        if (ldPath != null) pb.environment().put("LD_LIBRARY_PATH", ldPath);
        Process p = pb.start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError(command.get(0) + " did not finish in 5 minutes");
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), () -> String.join(" ", command) + " failed:\n" + out);
        return out;
    }
}
