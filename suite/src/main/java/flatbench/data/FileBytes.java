package flatbench.data;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/** Reads whole data files (gunzipping gzip files, whatever their name) and hashes what was read. */
final class FileBytes {
    private FileBytes() {}

    /** The most a data file may decode to: a Java array's limit. */
    static final int MAX_DECODED_BYTES = Integer.MAX_VALUE - 8;

    /**
     * The decoded content of {@code file}: gunzipped when it starts with gzip's magic bytes
     * (1f 8b), whether or not it is named {@code .gz}, since a downloaded file often loses or gains
     * the suffix. No data format flatbench reads starts with those bytes (IDX starts with 00 00,
     * a CIFAR-10 record with a label byte below 10), so the test is unambiguous.
     */
    static byte[] read(Path file) {
        try {
            byte[] raw = Files.readAllBytes(file);
            if (!isGzip(raw)) return raw;
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw), 1 << 16)) {
                byte[] out = in.readNBytes(MAX_DECODED_BYTES);
                if (in.read() >= 0) throw new DataException(file + ": decompresses to more than 2 GiB, more than any data set flatbench reads");
                return out;
            }
        } catch (NoSuchFileException e) {
            throw DataException.missing(file + ": file not found");
        } catch (ZipException | java.io.EOFException e) {
            throw new DataException(file + ": not a complete gzip file (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new DataException(file + ": cannot be read (" + e + ")", e);
        }
    }

    static boolean isGzip(byte[] b) {
        return b.length >= 2 && (b[0] & 0xFF) == 0x1F && (b[1] & 0xFF) == 0x8B;
    }

    /**
     * The first of {@code names} that exists in {@code folder}, also trying each with {@code .gz}
     * appended; empty when none does.
     */
    static Optional<Path> find(Path folder, String... names) {
        for (String n : names) {
            for (String candidate : new String[] {n, n + ".gz"}) {
                Path p = folder.resolve(candidate);
                if (Files.isRegularFile(p)) return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Fails with one sentence (ending in {@code hint}) unless {@code folder} is a directory. */
    static void requireFolder(Path folder, String hint) {
        if (!Files.isDirectory(folder)) {
            throw Files.exists(folder) ? new DataException(folder + ": is not a folder; " + hint) : DataException.missing(folder + ": folder not found; " + hint);
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }

    static String hex(MessageDigest digest) { return HexFormat.of().formatHex(digest.digest()); }

    static String sha256Hex(String text) {
        MessageDigest d = sha256();
        d.update(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return hex(d);
    }
}
