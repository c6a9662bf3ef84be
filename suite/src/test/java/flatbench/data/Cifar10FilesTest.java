package flatbench.data;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Cifar10FilesTest {
    @TempDir Path dir;

    private static final int PIXELS = 3 * 32 * 32;

    /** Records whose pixel byte at (c, h, w) of record r is a known function, labels r mod 10. */
    private static byte[] batchFile(int records, int first) {
        byte[] b = new byte[records * (1 + PIXELS)];
        for (int r = 0; r < records; r++) {
            int off = r * (1 + PIXELS);
            b[off] = (byte) ((first + r) % 10);
            for (int c = 0; c < 3; c++)
                for (int h = 0; h < 32; h++)
                    for (int w = 0; w < 32; w++) b[off + 1 + c * 1024 + h * 32 + w] = (byte) pixel(first + r, c, h, w);
        }
        return b;
    }

    private static int pixel(int sample, int c, int h, int w) { return (sample * 7 + c * 50 + h * 3 + w) & 0xFF; }

    private void writeTrain(Path folder, int perFile) throws IOException {
        Files.createDirectories(folder);
        for (int i = 1; i <= 5; i++) Files.write(folder.resolve("data_batch_" + i + ".bin"), batchFile(perFile, (i - 1) * perFile));
        Files.write(folder.resolve("test_batch.bin"), batchFile(perFile, 1000));
    }

    @Test
    void readsRecordsInChwOrderAcrossFiles() throws IOException {
        writeTrain(dir, 3);
        Dataset d = Cifar10Files.readFolder(dir, Part.TRAIN, "cifar10", DataRequest.ALL, "hint");
        assertEquals(15, d.size());
        assertEquals(Cifar10Files.SHAPE, d.shape());
        for (int s = 0; s < 15; s++) {
            assertEquals(s % 10, d.label(s));
            float[] x = d.image(s);
            for (int c = 0; c < 3; c++)
                for (int h = 0; h < 32; h += 5)
                    for (int w = 0; w < 32; w += 3) assertEquals(pixel(s, c, h, w) / 255.0, x[(c * 32 + h) * 32 + w], 1e-7);
        }
        Dataset test = Cifar10Files.readFolder(dir, Part.TEST, "cifar10", DataRequest.ALL, "hint");
        assertEquals(3, test.size());
        assertEquals(1000 % 10, test.label(0));
    }

    @Test
    void acceptsTheArchiveSubfolderAndReadsOnlyTheFilesNeeded() throws IOException {
        writeTrain(dir.resolve("cifar-10-batches-bin"), 4);
        Dataset d = Cifar10Files.readFolder(dir, Part.TRAIN, "cifar10", 6, "hint");
        assertEquals(6, d.size());
        assertTrue(d.source().contains("data_batch_2.bin") && !d.source().contains("data_batch_3.bin"), d.source());
        Dataset first = Cifar10Files.readFolder(dir, Part.TRAIN, "cifar10", 4, "hint");
        assertEquals(dir.resolve("cifar-10-batches-bin").resolve("data_batch_1.bin").toString(), first.source());
        assertNotEquals(first.checksum(), d.checksum());
    }

    @Test
    void truncatedFileIsNamed() throws IOException {
        writeTrain(dir, 2);
        Path f = dir.resolve("data_batch_1.bin");
        byte[] b = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(b, b.length - 10));
        DataException e = assertThrows(DataException.class, () -> Cifar10Files.readFolder(dir, Part.TRAIN, "cifar10", DataRequest.ALL, "h"));
        assertEquals(f + ": truncated, its 6136 bytes are not a whole number of 3073-byte CIFAR-10 records", e.getMessage());
    }

    @Test
    void labelOutOfRangeIsNamed() throws IOException {
        writeTrain(dir, 2);
        Path f = dir.resolve("test_batch.bin");
        byte[] b = Files.readAllBytes(f);
        b[1 + PIXELS] = 10;
        Files.write(f, b);
        DataException e = assertThrows(DataException.class, () -> Cifar10Files.readFolder(dir, Part.TEST, "cifar10", DataRequest.ALL, "h"));
        assertEquals(f + ": label 10 of record 1 is outside 0..9", e.getMessage());
    }

    @Test
    void missingBatchFileIsNamed() throws IOException {
        writeTrain(dir, 1);
        Files.delete(dir.resolve("data_batch_4.bin"));
        DataException e = assertThrows(DataException.class,
                () -> Cifar10Files.readFolder(dir, Part.TRAIN, "cifar10", DataRequest.ALL, "unpack it there"));
        assertEquals(dir.resolve("data_batch_4.bin") + ": file not found (nor .gz); unpack it there", e.getMessage());
    }

    @Test
    void emptyFileIsNamed() throws IOException {
        writeTrain(dir, 1);
        Files.write(dir.resolve("test_batch.bin"), new byte[0]);
        DataException e = assertThrows(DataException.class, () -> Cifar10Files.readFolder(dir, Part.TEST, "cifar10", DataRequest.ALL, "h"));
        assertEquals(dir.resolve("test_batch.bin") + ": empty, expected 3073-byte CIFAR-10 records", e.getMessage());
    }

    @Test
    void randomContentRoundTrips() throws IOException {
        Random r = new Random(11);
        byte[] b = new byte[5 * (1 + PIXELS)];
        r.nextBytes(b);
        for (int i = 0; i < 5; i++) b[i * (1 + PIXELS)] = (byte) r.nextInt(10);
        Path f = Files.write(dir.resolve("test_batch.bin"), b);
        Dataset d = Cifar10Files.read(java.util.List.of(f), "cifar10", DataRequest.ALL);
        for (int i = 0; i < 5; i++) {
            assertEquals(b[i * (1 + PIXELS)], d.label(i));
            float[] x = d.image(i);
            for (int j = 0; j < PIXELS; j++) assertEquals((b[i * (1 + PIXELS) + 1 + j] & 0xFF) / 255f, x[j]);
        }
    }
}
