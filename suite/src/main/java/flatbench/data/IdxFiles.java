package flatbench.data;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;

import flatbench.model.Shape;

/**
 * Reads and writes the IDX format of MNIST and Fashion-MNIST: a big-endian magic number
 * (0x00000803 for unsigned-byte images, 0x00000801 for unsigned-byte labels), one int per
 * dimension, then the bytes. Files may be gzipped (recognised by content, {@code .gz} or not);
 * the checksum is of the decoded bytes, so a file and its gzipped copy give the same checksum.
 */
public final class IdxFiles {
    private IdxFiles() {}

    static final int IMAGES_MAGIC = 0x00000803;
    static final int LABELS_MAGIC = 0x00000801;

    /** The conventional file names of one part; readers also accept the {@code .idx} spelling and {@code .gz}. */
    public static String imagesFileName(Part part) { return prefix(part) + "-images-idx3-ubyte"; }

    public static String labelsFileName(Part part) { return prefix(part) + "-labels-idx1-ubyte"; }

    private static String prefix(Part part) { return part == Part.TRAIN ? "train" : "t10k"; }

    /**
     * Reads one part of an MNIST-format folder.
     *
     * @param hint how a user gets the files, appended to "not found" messages
     */
    public static Dataset readFolder(Path folder, Part part, String name, int numClasses, int maxSamples, String hint) {
        FileBytes.requireFolder(folder, hint);
        Path images = locate(folder, imagesFileName(part), hint);
        Path labels = locate(folder, labelsFileName(part), hint);
        return read(images, labels, name, numClasses, maxSamples);
    }

    private static Path locate(Path folder, String name, String hint) {
        String dotted = name.replace("-idx", ".idx");
        return FileBytes.find(folder, name, dotted).orElseThrow(() -> DataException.missing(
                folder.resolve(name) + ": file not found (nor " + dotted + " or .gz); " + hint));
    }

    /** Reads the first {@code maxSamples} samples of an image file and its label file, scaling pixels to [0, 1]. */
    public static Dataset read(Path imagesFile, Path labelsFile, String name, int numClasses, int maxSamples) {
        MessageDigest digest = FileBytes.sha256();
        byte[] img = FileBytes.read(imagesFile);
        digest.update(img);
        byte[] lab = FileBytes.read(labelsFile);
        digest.update(lab);

        ByteBuffer ib = header(imagesFile, img, IMAGES_MAGIC, 16, "IDX image files");
        int count = ib.getInt(4), rows = ib.getInt(8), cols = ib.getInt(12);
        if (count <= 0 || rows <= 0 || cols <= 0) {
            throw new DataException(imagesFile + ": header declares " + count + " images of " + rows + "x" + cols + ", which is not a usable size");
        }
        checkLength(imagesFile, img.length, declaredBytes(16, count, rows, cols), count + " images of " + rows + "x" + cols);

        ByteBuffer lb = header(labelsFile, lab, LABELS_MAGIC, 8, "IDX label files");
        int labelCount = lb.getInt(4);
        if (labelCount < 0) throw new DataException(labelsFile + ": header declares a negative label count " + labelCount);
        checkLength(labelsFile, lab.length, 8L + labelCount, labelCount + " labels");
        if (labelCount != count) {
            throw new DataException(labelsFile + ": holds " + labelCount + " labels but " + imagesFile.getFileName() + " holds " + count + " images");
        }

        int n = Math.min(count, maxSamples);
        int[] labels = new int[n];
        for (int i = 0; i < count; i++) {
            int y = lab[8 + i] & 0xFF;
            if (y >= numClasses) {
                throw new DataException(labelsFile + ": label " + y + " of sample " + i + " is outside 0.." + (numClasses - 1));
            }
            if (i < n) labels[i] = y;
        }
        int d = rows * cols;
        float[] x = new float[n * d];
        for (int i = 0; i < x.length; i++) x[i] = (img[16 + i] & 0xFF) / 255f;
        String source = imagesFile + " + " + labelsFile.getFileName();
        return Dataset.owning(name, new Shape(1, rows, cols), numClasses, x, labels, source, FileBytes.hex(digest));
    }

    private static ByteBuffer header(Path file, byte[] bytes, int magic, int headerBytes, String kind) {
        if (bytes.length < headerBytes) {
            throw new DataException(file + ": only " + bytes.length + " bytes, too short for the " + headerBytes + "-byte header of " + kind);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes); // big-endian, as IDX is
        int found = b.getInt(0);
        if (found != magic) {
            throw new DataException(String.format("%s: wrong magic number 0x%08X (%s start with 0x%08X)", file, found, kind, magic));
        }
        return b;
    }

    /** header + the product of the dimensions, saturating at Long.MAX_VALUE: an untrusted header may declare any size. */
    private static long declaredBytes(int header, int... dims) {
        long n = 1;
        for (int d : dims) {
            try {
                n = Math.multiplyExact(n, d);
            } catch (ArithmeticException overflow) {
                return Long.MAX_VALUE;
            }
        }
        return n > Long.MAX_VALUE - header ? Long.MAX_VALUE : header + n;
    }

    private static void checkLength(Path file, long actual, long expected, String declared) {
        if (actual < expected) {
            throw new DataException(file + ": truncated, the header declares " + declared + " ("
                    + (expected == Long.MAX_VALUE ? "more than 2^63" : Long.toString(expected)) + " bytes) but the file has " + actual + " bytes");
        }
        if (actual > expected) {
            throw new DataException(file + ": " + (actual - expected) + " bytes beyond the " + declared + " its header declares");
        }
    }

    /** Writes an unsigned-byte image file: {@code pixels} holds count × rows × cols values. */
    public static void writeImages(Path file, int rows, int cols, byte[] pixels) {
        int d = rows * cols;
        if (d <= 0 || pixels.length % d != 0) {
            throw new IllegalArgumentException(pixels.length + " pixels are not a whole number of " + rows + "x" + cols + " images");
        }
        ByteBuffer h = ByteBuffer.allocate(16).putInt(IMAGES_MAGIC).putInt(pixels.length / d).putInt(rows).putInt(cols);
        write(file, h.array(), pixels);
    }

    /** Writes an unsigned-byte label file. */
    public static void writeLabels(Path file, byte[] labels) {
        write(file, ByteBuffer.allocate(8).putInt(LABELS_MAGIC).putInt(labels.length).array(), labels);
    }

    private static void write(Path file, byte[] header, byte[] body) {
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(header);
            out.write(body);
        } catch (IOException e) {
            throw new DataException(file + ": cannot be written (" + e + ")", e);
        }
    }
}
