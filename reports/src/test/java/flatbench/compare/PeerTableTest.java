package flatbench.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import flatbench.record.BenchmarkResult;
import flatbench.record.ProvenanceCollector;
import flatbench.record.RecordException;
import flatbench.record.RunRecord;

class PeerTableTest {
    @TempDir Path dir;

    @Test
    void matchesByModelAndWorkAndDividesPeerByOurs() throws Exception {
        RunRecord ours = RunRecord.builder("r", ProvenanceCollector.collect(dir))
                .benchmark(BenchmarkResult.of("lenet/forward-backward", "v", "s", "m", "float32", 0.002, 0.004, 0.003))
                .benchmark(BenchmarkResult.of("lenet/hvp only ours", "v", "s", "m", "float32", 0.010))
                .build();
        Path peer = dir.resolve("peer.json");
        Files.writeString(peer, "{\"results\": [{\"model\": \"lenet\", \"work\": \"forward-backward\", \"medianMs\": 6.0},"
                + " {\"model\": \"lenet\", \"work\": \"only the peer\", \"medianMs\": 1.0}]}");
        List<PeerTable.Row> rows = PeerTable.rows(ours, peer);
        assertEquals(3, rows.size());
        assertEquals(3.0, rows.get(0).oursMs(), 1e-12);   // median of 2, 4, 3 ms
        assertEquals(2.0, rows.get(0).speedup(), 1e-12);  // 6 ms against 3 ms
        assertTrue(Double.isNaN(rows.get(1).peerMs()));
        assertTrue(Double.isNaN(rows.get(2).oursMs()));
        String md = PeerTable.markdown(rows, "PyTorch");
        assertTrue(md.contains("| lenet/forward-backward | 3.000 | 6.000 | 2.00× |"), md);
        assertTrue(md.contains("| lenet/only the peer | – | 1.000 | – |"), md);
    }

    @Test
    void foreignJsonIsOneSentence() throws Exception {
        Path peer = dir.resolve("peer.json");
        Files.writeString(peer, "{\"schemaVersion\": 1}");
        RunRecord ours = RunRecord.builder("r", ProvenanceCollector.collect(dir)).build();
        RecordException e = assertThrows(RecordException.class, () -> PeerTable.rows(ours, peer));
        assertTrue(e.getMessage().contains("not a peer result"), e.getMessage());
    }
}
