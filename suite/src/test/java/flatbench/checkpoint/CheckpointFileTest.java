package flatbench.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import flatbench.train.Divergence;
import flatbench.train.OptimizerState;
import flatbench.train.TrainingState;

class CheckpointFileTest {
    @TempDir Path tmp;

    private static Checkpoint sample() {
        double[] theta = {0.1, -0.0, 1e-300, Double.MIN_VALUE, -7.25, Math.PI};
        double[] velocity = {Double.longBitsToDouble(0x3ff0000000000001L), 2, 3, 4, 5, 6};
        TrainingState t = new TrainingState(9, 9, 2.302585092994046, new double[] {2.3, 1.1, 0.7, 0.5, 0.45, 0.4, 0.41, 0.39},
                1.25, new Divergence(9, Double.POSITIVE_INFINITY, 2.302585092994046, 100), theta,
                new OptimizerState("sgd", Map.of("velocity", velocity)));
        Map<String, Object> point = new LinkedHashMap<>();
        point.put("step", 4);
        point.put("trainingLoss", 0.45f);
        point.put("hessian", Map.of("trace", Map.of("value", 12.5, "ci95", new double[] {10.0, Double.NaN})));
        RunIdentity id = new RunIdentity(Map.of("scenario", "alignment", "steps", 10), "0123456789abcdef", "abc123", "sha", 2,
                Map.of("weights", true));
        return new Checkpoint(id, t, Map.of("checkpoints", List.of(point)));
    }

    @Test void whatGoesInComesBackBitForBit() {
        Path f = tmp.resolve("checkpoint.bin");
        Checkpoint c = sample();
        CheckpointFile.write(f, c);
        Checkpoint r = CheckpointFile.read(f);
        assertEquals(c.identity(), r.identity());
        TrainingState a = c.training(), b = r.training();
        assertEquals(a.steps(), b.steps());
        assertEquals(a.batchesDrawn(), b.batchesDrawn());
        assertEquals(Double.doubleToRawLongBits(a.firstLoss()), Double.doubleToRawLongBits(b.firstLoss()));
        assertEquals(a.divergence(), b.divergence());
        assertArrayEquals(bits(a.parameters()), bits(b.parameters()));
        assertArrayEquals(bits(a.losses()), bits(b.losses()));
        assertEquals(a.optimizer().kind(), b.optimizer().kind());
        assertArrayEquals(bits(a.optimizer().buffers().get("velocity")), bits(b.optimizer().buffers().get("velocity")));
        // Measurements in result.json's form: the record of a resumed run then equals an uninterrupted one's.
        assertEquals(flatbench.record.RunRecordJson.pretty(c.measurements(), "m"), flatbench.record.RunRecordJson.pretty(r.measurements(), "m"));
    }

    /** Every single-byte change and every truncation ends in one sentence naming the file, never another exception. */
    @Test void damageIsOneSentenceNamingTheFile() throws IOException {
        Path good = tmp.resolve("checkpoint.bin");
        CheckpointFile.write(good, sample());
        byte[] bytes = Files.readAllBytes(good);
        Path bad = tmp.resolve("bad.bin");
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < bytes.length; i++) {
            byte[] b = bytes.clone();
            b[i] ^= (byte) (1 + r.nextInt(255));
            Files.write(bad, b);
            assertOneSentence(bad, "byte " + i + " changed");
        }
        for (int n = 0; n < bytes.length; n += 7) {
            Files.write(bad, Arrays.copyOf(bytes, n));
            assertOneSentence(bad, "cut to " + n + " bytes");
        }
    }

    @Test void aLengthLargerThanTheFileAllocatesNothing() throws IOException {
        Path f = tmp.resolve("checkpoint.bin");
        CheckpointFile.write(f, sample());
        byte[] b = Files.readAllBytes(f);
        ByteBuffer.wrap(b).putInt(20, Integer.MAX_VALUE);  // the header's length, after the magic and the version
        Files.write(f, b);
        CheckpointException e = assertThrows(CheckpointException.class, () -> CheckpointFile.read(f));
        assertTrue(e.getMessage().contains("more than the file holds"), e.getMessage());
    }

    @Test void anotherFormatVersionIsRefusedByName() throws IOException {
        Path f = tmp.resolve("checkpoint.bin");
        CheckpointFile.write(f, sample());
        byte[] b = Files.readAllBytes(f);
        ByteBuffer.wrap(b).putInt(16, CheckpointFile.FORMAT_VERSION + 1);
        Files.write(f, b);
        CheckpointException e = assertThrows(CheckpointException.class, () -> CheckpointFile.read(f));
        assertTrue(e.getMessage().startsWith(f + " is a version " + (CheckpointFile.FORMAT_VERSION + 1) + " checkpoint"), e.getMessage());
    }

    private static void assertOneSentence(Path f, String what) {
        CheckpointException e = assertThrows(CheckpointException.class, () -> CheckpointFile.read(f), what);
        assertTrue(e.getMessage().startsWith(f.toString()), what + ": " + e.getMessage());
        assertEquals(-1, e.getMessage().indexOf('\n'), what + ": " + e.getMessage());
    }

    private static long[] bits(double[] v) {
        return Arrays.stream(v).mapToLong(Double::doubleToRawLongBits).toArray();
    }
}
