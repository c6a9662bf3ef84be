package flatbench.data;

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

/** Reads whole data files (gunzipping {@code .gz}) and hashes what was read. */
final class FileBytes {
    private FileBytes() {}

    /** The decoded content of {@code file}; a {@code .gz} file is gunzipped. */
    static byte[] read(Path file) {
        try {
            if (!file.getFileName().toString().endsWith(".gz")) return Files.readAllBytes(file);
            try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16)) {
                return in.readAllBytes();
            }
        } catch (NoSuchFileException e) {
            throw DataException.missing(file + ": file not found");
        } catch (ZipException | java.io.EOFException e) {
            throw new DataException(file + ": not a complete gzip file (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new DataException(file + ": cannot be read (" + e + ")", e);
        }
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
