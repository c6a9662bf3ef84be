package flatbench.data;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxFilesTest {
    @TempDir Path dir;

    private static final int ROWS = 4, COLS = 3;

    private static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] labels(int n, int classes, long seed) {
        Random r = new Random(seed);
        byte[] y = new byte[n];
        for (int i = 0; i < n; i++) y[i] = (byte) r.nextInt(classes);
        return y;
    }

    /** A raw IDX file built by hand, independent of {@link IdxFiles#writeImages}. */
    private static byte[] idx(int magic, int[] dims, byte[] body) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + body.length).putInt(magic);
        for (int d : dims) b.putInt(d);
        return b.put(body).array();
    }

    private Path write(String name, byte[] content) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, content);
        return p;
    }

    private Path writeGz(String name, byte[] content) throws IOException {
        Path p = dir.resolve(name);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(p))) {
            out.write(content);
        }
        return p;
    }

    private void writeTrainSet(int n, byte[] pixels, byte[] y) throws IOException {
        write("train-images-idx3-ubyte", idx(0x803, new int[] {n, ROWS, COLS}, pixels));
        write("train-labels-idx1-ubyte", idx(0x801, new int[] {n}, y));
    }

    @Test
    void roundTripScalesPixelsAndKeepsLabelsInOrder() throws IOException {
        int n = 7;
        byte[] pixels = randomBytes(n * ROWS * COLS, 1);
        byte[] y = labels(n, 10, 2);
        writeTrainSet(n, pixels, y);
        Dataset d = IdxFiles.readFolder(dir, Part.TRAIN, "mnist", 10, DataRequest.ALL, "hint");
        assertEquals(n, d.size());
        assertEquals(new flatbench.model.Shape(1, ROWS, COLS), d.shape());
        for (int i = 0; i < n; i++) {
            assertEquals(y[i], d.label(i));
            float[] img = d.image(i);
            for (int j = 0; j < ROWS * COLS; j++) assertEquals((pixels[i * ROWS * COLS + j] & 0xFF) / 255.0, img[j], 1e-7);
        }
        assertEquals(64, d.checksum().length());
    }

    @Test
    void writerOutputReadsBackAndEqualsHandBuiltFiles() throws IOException {
        int n = 5;
        byte[] pixels = randomBytes(n * ROWS * COLS, 3);
        byte[] y = labels(n, 10, 4);
        Path img = dir.resolve("a-images"), lab = dir.resolve("a-labels");
        IdxFiles.writeImages(img, ROWS, COLS, pixels);
        IdxFiles.writeLabels(lab, y);
        assertArrayEquals(idx(0x803, new int[] {n, ROWS, COLS}, pixels), Files.readAllBytes(img));
        assertArrayEquals(idx(0x801, new int[] {n}, y), Files.readAllBytes(lab));
        Dataset d = IdxFiles.read(img, lab, "x", 10, DataRequest.ALL);
        for (int i = 0; i < n; i++) assertEquals(y[i], d.label(i));
    }

    @Test
    void gzippedAndDottedFilesGiveTheSameDataAndChecksum() throws IOException {
        int n = 6;
        byte[] pixels = randomBytes(n * ROWS * COLS, 5);
        byte[] y = labels(n, 10, 6);
        writeTrainSet(n, pixels, y);
        Dataset plain = IdxFiles.readFolder(dir, Part.TRAIN, "mnist", 10, DataRequest.ALL, "hint");

        Path other = Files.createDirectory(dir.resolve("gz"));
        Files.write(other.resolve("train-images.idx3-ubyte"), idx(0x803, new int[] {n, ROWS, COLS}, pixels));
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(other.resolve("train-labels-idx1-ubyte.gz")))) {
            out.write(idx(0x801, new int[] {n}, y));
        }
        Dataset gz = IdxFiles.readFolder(other, Part.TRAIN, "mnist", 10, DataRequest.ALL, "hint");
        assertEquals(plain.checksum(), gz.checksum());
        assertArrayEquals(plain.labels(), gz.labels());
        assertArrayEquals(plain.all().inputs(), gz.all().inputs());
    }

    @Test
    void partialReadKeepsTheFirstSamplesAndTheWholeFileChecksum() throws IOException {
        int n = 9;
        writeTrainSet(n, randomBytes(n * ROWS * COLS, 7), labels(n, 10, 8));
        Dataset all = IdxFiles.readFolder(dir, Part.TRAIN, "mnist", 10, DataRequest.ALL, "hint");
        Dataset three = IdxFiles.readFolder(dir, Part.TRAIN, "mnist", 10, 3, "hint");
        assertEquals(3, three.size());
        assertArrayEquals(all.batch(0, 3).inputs(), three.all().inputs());
        assertEquals(all.checksum(), three.checksum());
    }

    @Test
    void changedContentChangesTheChecksum() throws IOException {
        int n = 4;
        byte[] pixels = randomBytes(n * ROWS * COLS, 9);
        byte[] y = labels(n, 10, 10);
        writeTrainSet(n, pixels, y);
        String before = IdxFiles.readFolder(dir, Part.TRAIN, "m", 10, DataRequest.ALL, "h").checksum();
        pixels[5] ^= 1;
        writeTrainSet(n, pixels, y);
        assertNotEquals(before, IdxFiles.readFolder(dir, Part.TRAIN, "m", 10, DataRequest.ALL, "h").checksum());
    }

    private String failure(Runnable r) { return assertThrows(DataException.class, r::run).getMessage(); }

    private String readFailure() {
        return failure(() -> IdxFiles.readFolder(dir, Part.TRAIN, "mnist", 10, DataRequest.ALL, "run make data"));
    }

    @Test
    void wrongMagicNumberIsNamed() throws IOException {
        write("train-images-idx3-ubyte", idx(0x801, new int[] {2, ROWS, COLS}, new byte[2 * ROWS * COLS]));
        write("train-labels-idx1-ubyte", idx(0x801, new int[] {2}, new byte[2]));
        assertEquals(dir.resolve("train-images-idx3-ubyte")
                + ": wrong magic number 0x00000801 (IDX image files start with 0x00000803)", readFailure());
    }

    @Test
    void wrongLabelMagicNumberIsNamed() throws IOException {
        write("train-images-idx3-ubyte", idx(0x803, new int[] {2, ROWS, COLS}, new byte[2 * ROWS * COLS]));
        write("train-labels-idx1-ubyte", idx(0x803, new int[] {2}, new byte[2]));
        assertEquals(dir.resolve("train-labels-idx1-ubyte")
                + ": wrong magic number 0x00000803 (IDX label files start with 0x00000801)", readFailure());
    }

    @Test
    void truncatedImagesAreNamed() throws IOException {
        byte[] full = idx(0x803, new int[] {3, ROWS, COLS}, new byte[3 * ROWS * COLS]);
        write("train-images-idx3-ubyte", java.util.Arrays.copyOf(full, full.length - 5));
        write("train-labels-idx1-ubyte", idx(0x801, new int[] {3}, new byte[3]));
        assertEquals(dir.resolve("train-images-idx3-ubyte") + ": truncated, the header declares 3 images of 4x3 (52 bytes)"
                + " but the file has 47 bytes", readFailure());
    }

    @Test
    void truncatedGzipIsNamed() throws IOException {
        Path gz = writeGz("train-images-idx3-ubyte.gz", idx(0x803, new int[] {3, ROWS, COLS}, randomBytes(3 * ROWS * COLS, 1)));
        byte[] bytes = Files.readAllBytes(gz);
        Files.write(gz, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        write("train-labels-idx1-ubyte", idx(0x801, new int[] {3}, new byte[3]));
        String m = readFailure();
        assertTrue(m.startsWith(gz + ": not a complete gzip file"), m);
    }

    @Test
    void tooShortForAHeaderIsNamed() throws IOException {
        write("train-images-idx3-ubyte", new byte[] {0, 0, 8, 3, 0});
        write("train-labels-idx1-ubyte", idx(0x801, new int[] {3}, new byte[3]));
        assertEquals(dir.resolve("train-images-idx3-ubyte") + ": only 5 bytes, too short for the 16-byte header of IDX image files",
                readFailure());
    }

    @Test
    void trailingBytesAreNamed() throws IOException {
        write("train-images-idx3-ubyte", idx(0x803, new int[] {2, ROWS, COLS}, new byte[2 * ROWS * COLS + 3]));
        write("train-labels-idx1-ubyte", idx(0x801, new int[] {2}, new byte[2]));
        assertEquals(dir.resolve("train-images-idx3-ubyte") + ": 3 bytes beyond the 2 images of 4x3 its header declares", readFailure());
    }

    @Test
    void countMismatchIsNamed() throws IOException {
        write("train-images-idx3-ubyte", idx(0x803, new int[] {3, ROWS, COLS}, new byte[3 * ROWS * COLS]));
        write("train-labels-idx1-ubyte", idx(0x801, new int[] {2}, new byte[2]));
        assertEquals(dir.resolve("train-labels-idx1-ubyte") + ": holds 2 labels but train-images-idx3-ubyte holds 3 images", readFailure());
    }

    @Test
    void labelOutOfRangeIsNamed() throws IOException {
        write("train-images-idx3-ubyte", idx(0x803, new int[] {3, ROWS, COLS}, new byte[3 * ROWS * COLS]));
        write("train-labels-idx1-ubyte", idx(0x801, new int[] {3}, new byte[] {1, 12, 3}));
        assertEquals(dir.resolve("train-labels-idx1-ubyte") + ": label 12 of sample 1 is outside 0..9", readFailure());
    }

    @Test
    void missingFileIsNamedWithTheHint() throws IOException {
        write("train-images-idx3-ubyte", idx(0x803, new int[] {1, ROWS, COLS}, new byte[ROWS * COLS]));
        assertEquals(dir.resolve("train-labels-idx1-ubyte") + ": file not found (nor train-labels.idx1-ubyte or .gz); run make data",
                readFailure());
    }

    @Test
    void missingFolderIsNamedWithTheHint() {
        Path nowhere = dir.resolve("nowhere");
        assertEquals(nowhere + ": folder not found; run make data",
                failure(() -> IdxFiles.readFolder(nowhere, Part.TEST, "mnist", 10, DataRequest.ALL, "run make data")));
    }
}
