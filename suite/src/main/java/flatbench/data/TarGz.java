package flatbench.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Just enough of a tar.gz reader for npm packages: ustar headers (with the name prefix), GNU
 * long names and pax {@code path} records; regular files only. The bundle has no
 * commons-compress, hence this.
 */
final class TarGz {
    private TarGz() {}

    private static final int BLOCK = 512;

    /** The contents of the regular files whose path {@code wanted} accepts, by path. */
    static Map<String, byte[]> read(Path tgz, Predicate<String> wanted) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (InputStream in = new BufferedInputStream(new GZIPInputStream(Files.newInputStream(tgz), 1 << 16), 1 << 16)) {
            byte[] header = new byte[BLOCK];
            String longName = null;
            while (readBlock(in, header, tgz)) {
                if (isZero(header)) break;
                String name = longName != null ? longName : headerName(header);
                longName = null;
                long size = octal(header, 124, 12, tgz);
                char type = (char) header[156];
                boolean regular = type == '0' || type == 0;
                if (type == 'L' || type == 'x') {
                    String text = new String(readBody(in, size, tgz), StandardCharsets.UTF_8);
                    longName = type == 'L' ? text.replace("\0", "") : paxPath(text);
                } else if (regular && wanted.test(name)) {
                    out.put(name, readBody(in, size, tgz));
                } else {
                    skip(in, padded(size), tgz);
                }
            }
        } catch (NoSuchFileException e) {
            throw new DataException(tgz + ": file not found");
        } catch (ZipException e) {
            throw new DataException(tgz + ": not a gzip file (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new DataException(tgz + ": cannot be read (" + e + ")", e);
        }
        return out;
    }

    private static String headerName(byte[] h) {
        String name = cString(h, 0, 100);
        boolean ustar = cString(h, 257, 6).startsWith("ustar");
        String prefix = ustar ? cString(h, 345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private static String paxPath(String records) {
        // Records are "<length> <key>=<value>\n"; only the path matters to us.
        for (String line : records.split("\n")) {
            int sp = line.indexOf(' ');
            if (sp > 0 && line.startsWith("path=", sp + 1)) return line.substring(sp + 1 + "path=".length());
        }
        return null;
    }

    private static String cString(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) end++;
        return new String(b, off, end - off, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] b, int off, int len, Path tgz) {
        String s = cString(b, off, len).trim();
        try {
            long v = s.isEmpty() ? 0 : Long.parseLong(s, 8);
            if (v < 0 || s.startsWith("+")) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw new DataException(tgz + ": damaged tar header (size field '" + printable(s) + "' is not an octal size)");
        }
    }

    /** Damaged header bytes as shown in a message: printable ASCII kept, anything else as \xNN, at most 24 characters. */
    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (b.length() >= 24) return b.append("…").toString();
            if (c >= 0x20 && c < 0x7F) b.append(c);
            else b.append(String.format("\\x%02X", (int) c & 0xFF));
        }
        return b.toString();
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) if (x != 0) return false;
        return true;
    }

    private static long padded(long size) { return (size + BLOCK - 1) / BLOCK * BLOCK; }

    private static boolean readBlock(InputStream in, byte[] block, Path tgz) throws IOException {
        int n = in.readNBytes(block, 0, BLOCK);
        if (n == 0) return false;
        if (n < BLOCK) throw new DataException(tgz + ": truncated tar archive (a header ends after " + n + " bytes)");
        return true;
    }

    private static byte[] readBody(InputStream in, long size, Path tgz) throws IOException {
        if (size > Integer.MAX_VALUE - 8) throw new DataException(tgz + ": holds an entry of " + size + " bytes, too large to read");
        byte[] body = in.readNBytes((int) size);
        if (body.length < size) throw new DataException(tgz + ": truncated tar archive (an entry ends early)");
        skip(in, padded(size) - size, tgz);
        return body;
    }

    private static void skip(InputStream in, long n, Path tgz) throws IOException {
        long left = n;
        while (left > 0) {
            long s = in.skip(left);
            if (s <= 0) {
                if (in.read() < 0) throw new DataException(tgz + ": truncated tar archive (an entry ends early)");
                s = 1;
            }
            left -= s;
        }
    }
}
