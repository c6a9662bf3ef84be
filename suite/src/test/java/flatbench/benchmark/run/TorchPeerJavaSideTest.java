package flatbench.benchmark.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import flatbench.benchmark.BenchConfig;
import flatbench.compare.PeerTable;
import flatbench.engine.Precision;
import flatbench.record.RunRecordStore;

/**
 * The Java side of the PyTorch peer, with no torch anywhere: a stand-in "Python" (a shell script
 * named by FLATBENCH_PYTHON) answers the torch probe, records the arguments and environment it
 * is started with and prints a fixture in bench/torch_peer.py's output format. TorchPeerTest runs
 * the real thing where torch is installed.
 */
class TorchPeerJavaSideTest {
    @TempDir Path tmp;

    static BenchConfig tiny() {
        return new BenchConfig("java", Precision.FLOAT64, List.of("mlp"), 4, 0, 0.0, 2, 0, 2, 4, 2, 1, 7L);
    }

    @Test
    void thePeerIsStartedWithOurSettingsAndItsMediansStandBesideOurs() throws Exception {
        Path fixture = Path.of(getClass().getResource("/peer/torch-peer-mlp.json").toURI());
        Path home = Files.createDirectories(tmp.resolve("home/bench"));
        Files.writeString(home.resolve("torch_peer.py"), "# never run: the stand-in Python below answers for it\n");
        Path argsFile = tmp.resolve("args.txt"), envFile = tmp.resolve("env.txt");
        Path python = tmp.resolve("fake-python");
        Files.writeString(python, String.join("\n",
                "#!/bin/bash",
                "[ \"$1\" = -c ] && exit 0   # the probe: 'import torch'",
                "printf '%s\\n' \"$@\" > '" + argsFile + "'",
                "env | grep -E '^(OMP|MKL|OPENBLAS)_NUM_THREADS=' | sort > '" + envFile + "'",
                "cat '" + fixture + "'", ""));
        python.toFile().setExecutable(true);

        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), TorchPeerMain.class.getName(), tmp.resolve("runs").toString(), tmp.resolve("home").toString())
                .redirectErrorStream(true);
        pb.environment().put("FLATBENCH_PYTHON", python.toString());
        pb.environment().put("FLATBENCH_THREADS", "3");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(5, TimeUnit.MINUTES));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("ran=true"), out);

        // Arguments: the benchmark's own settings, flag by flag.
        List<String> args = Files.readAllLines(argsFile);
        assertEquals(home.resolve("torch_peer.py").toString(), args.get(0));
        List<String> expected = List.of("--device", "cpu", "--dtype", "float64", "--threads", "3", "--models", "mlp", "--batch", "4",
                "--warmup", "0", "--iterations", "2", "--projections", "2", "--steps", "4", "--top", "2", "--lanczos-iterations", "1",
                "--seed", "7");
        assertEquals(expected, args.subList(1, args.size()));
        assertEquals(List.of("MKL_NUM_THREADS=3", "OMP_NUM_THREADS=3", "OPENBLAS_NUM_THREADS=3"), Files.readAllLines(envFile),
                "the peer's pools get flatbench's thread count");

        // Parsing: the stored JSON is the peer's output, read back into rows paired with ours.
        Path runDir = Path.of(out.lines().filter(l -> l.startsWith("runDir=")).findFirst().orElseThrow().substring(7));
        assertEquals(Files.readString(fixture), Files.readString(runDir.resolve(TorchPeer.PEER_JSON)));
        List<PeerTable.Row> rows = PeerTable.rows(RunRecordStore.read(runDir), runDir.resolve(TorchPeer.PEER_JSON));
        PeerTable.Row fb = rows.stream().filter(r -> r.benchmark().equals("mlp/forward-backward")).findFirst().orElseThrow();
        assertEquals(0.5, fb.peerMs());
        assertTrue(fb.oursMs() > 0, "our median beside it");
        PeerTable.Row peerOnly = rows.stream().filter(r -> r.benchmark().equals("mlp/only-the-peer-has-this")).findFirst().orElseThrow();
        assertTrue(Double.isNaN(peerOnly.oursMs()), "a work item only the peer measured has no median of ours");

        // The ratio table: PyTorch / flatbench per row, a dash where one side is missing; stored beside result.json.
        String table = Files.readString(runDir.resolve(TorchPeer.TABLE));
        String fbRow = table.lines().filter(l -> l.startsWith("| mlp/forward-backward |")).findFirst().orElseThrow();
        assertEquals(String.format(Locale.ROOT, "| mlp/forward-backward | %.3f | 0.500 | %.2f× |", fb.oursMs(), 0.5 / fb.oursMs()), fbRow);
        assertTrue(table.lines().anyMatch(l -> l.startsWith("| mlp/only-the-peer-has-this | – | 9.000 | – |")), table);
        assertTrue(table.contains("3 threads (FLATBENCH_THREADS)"), table);
    }
}
