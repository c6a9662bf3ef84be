package flatbench.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

import flatbench.model.Shape;

/**
 * Reads the CIFAR-10 binary version: records of one label byte followed by 3 × 32 × 32 pixel
 * bytes, channel-major (all red, then green, then blue), which is already our C×H×W order.
 */
public final class Cifar10Files {
    private Cifar10Files() {}

    public static final Shape SHAPE = new Shape(3, 32, 32);
    public static final int CLASSES = 10;
    static final int RECORD_BYTES = 1 + 3 * 32 * 32;
    /** The folder the official archive unpacks to; we accept it below the given folder. */
    static final String ARCHIVE_FOLDER = "cifar-10-batches-bin";

    /** The batch files of one part, in reading order. */
    public static List<String> fileNames(Part part) {
        if (part == Part.TEST) return List.of("test_batch.bin");
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= 5; i++) names.add("data_batch_" + i + ".bin");
        return names;
    }

    /**
     * Reads the first {@code maxSamples} records of one part from {@code folder} or its
     * {@code cifar-10-batches-bin} subfolder, reading only as many batch files as needed.
     *
     * @param hint how a user gets the files, appended to "not found" messages
     */
    public static Dataset readFolder(Path folder, Part part, String name, int maxSamples, String hint) {
        FileBytes.requireFolder(folder, hint);
        Path dir = folder;
        if (FileBytes.find(dir, fileNames(part).get(0)).isEmpty() && Files.isDirectory(folder.resolve(ARCHIVE_FOLDER))) {
            dir = folder.resolve(ARCHIVE_FOLDER);
        }
        List<Path> files = new ArrayList<>();
        for (String f : fileNames(part)) {
            Path d = dir;
            files.add(FileBytes.find(d, f).orElseThrow(() -> DataException.missing(d.resolve(f) + ": file not found (nor .gz); " + hint)));
        }
        return read(files, name, maxSamples);
    }

    /** Reads records from {@code files} in order until {@code maxSamples} are read or the files end. */
    public static Dataset read(List<Path> files, String name, int maxSamples) {
        MessageDigest digest = FileBytes.sha256();
        List<byte[]> contents = new ArrayList<>();
        List<Path> read = new ArrayList<>();
        long total = 0;
        for (Path f : files) {
            if (total >= maxSamples) break;
            byte[] bytes = FileBytes.read(f);
            if (bytes.length == 0) throw new DataException(f + ": empty, expected " + RECORD_BYTES + "-byte CIFAR-10 records");
            if (bytes.length % RECORD_BYTES != 0) {
                throw new DataException(f + ": truncated, its " + bytes.length + " bytes are not a whole number of "
                        + RECORD_BYTES + "-byte CIFAR-10 records");
            }
            for (int off = 0, i = 0; off < bytes.length; off += RECORD_BYTES, i++) {
                int y = bytes[off] & 0xFF;
                if (y >= CLASSES) throw new DataException(f + ": label " + y + " of record " + i + " is outside 0.." + (CLASSES - 1));
            }
            digest.update(bytes);
            contents.add(bytes);
            read.add(f);
            total += bytes.length / RECORD_BYTES;
        }
        if (contents.isEmpty()) throw new IllegalArgumentException("no CIFAR-10 files given");
        int n = (int) Math.min(total, maxSamples);
        int d = SHAPE.size();
        float[] x = new float[n * d];
        int[] labels = new int[n];
        int i = 0;
        for (byte[] bytes : contents) {
            for (int off = 0; off < bytes.length && i < n; off += RECORD_BYTES, i++) {
                labels[i] = bytes[off] & 0xFF;
                for (int j = 0; j < d; j++) x[i * d + j] = (bytes[off + 1 + j] & 0xFF) / 255f;
            }
        }
        String source = read.size() == 1 ? read.get(0).toString()
                : read.get(0).getParent() + "/{" + String.join(",", read.stream().map(p -> p.getFileName().toString()).toList()) + "}";
        return Dataset.owning(name, SHAPE, CLASSES, x, labels, source, FileBytes.hex(digest));
    }
}
