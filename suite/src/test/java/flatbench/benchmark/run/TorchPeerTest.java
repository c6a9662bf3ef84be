package flatbench.benchmark.run;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import flatbench.benchmark.BenchConfig;
import flatbench.engine.Precision;
import flatbench.measure.ProgressListener;

/** The peer in the bench command: the table says when it was not run, and pairs our rows with its rows when it was. */
class TorchPeerTest {
    @TempDir Path tmp;

    private static BenchConfig tiny() {
        return new BenchConfig("java", Precision.FLOAT64, List.of("mlp"), 4, 0, 0.0, 2, 0, 2, 4, 2, 1, 7L);
    }

    @Test
    void withoutThePeerScriptTheTableSaysThePeerWasNotRun() throws Exception {
        BenchRunner.Outcome o = BenchRunner.run(tiny(), tmp.resolve("runs"), tmp, null, ProgressListener.NONE);
        TorchPeer.Outcome peer = TorchPeer.run(tiny(), o.record(), o.runDir(), tmp.resolve("no-home"));
        assertFalse(peer.ran());
        assertTrue(peer.table().contains("was not run"), peer.table());
        assertTrue(Files.readString(o.runDir().resolve(TorchPeer.TABLE)).contains("was not run"), "the table is stored with the result");
    }

    /** A stand-in peer script (run by a Python that has torch) answers for two of our work items. */
    @Test
    void thePeersMediansStandBesideOursWithTheirRatio() throws Exception {
        assumeTrue(TorchPeer.findPython() != null, "no Python with torch here");
        Path home = tmp.resolve("home");
        Files.createDirectories(home.resolve("bench"));
        Files.writeString(home.resolve("bench/torch_peer.py"), String.join("\n",
                "import json, sys",
                "assert '--device' in sys.argv and 'cpu' in sys.argv and '--threads' in sys.argv",
                "print(json.dumps({'results': [{'model': 'mlp', 'work': 'forward-backward', 'medianMs': 1000.0},",
                "                              {'model': 'mlp', 'work': 'hvp', 'medianMs': 2000.0}]}))", ""));
        BenchRunner.Outcome o = BenchRunner.run(tiny(), tmp.resolve("runs"), tmp, null, ProgressListener.NONE);
        TorchPeer.Outcome peer = TorchPeer.run(tiny(), o.record(), o.runDir(), home);
        assertTrue(peer.ran(), peer.table());
        String row = peer.table().lines().filter(l -> l.startsWith("| mlp/forward-backward |")).findFirst().orElseThrow();
        assertTrue(row.contains("| 1000.000 |") && row.endsWith("× |"), row);
        assertTrue(Files.exists(o.runDir().resolve(TorchPeer.PEER_JSON)));
    }
}
