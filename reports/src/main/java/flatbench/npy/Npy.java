package flatbench.npy;

import flatbench.record.AtomicFiles;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy .npy files (format version 1.0) for 1-D and 2-D float64/float32 arrays, so that Python
 * reads our arrays with {@code numpy.load} unchanged. Layout: the magic {@code \x93NUMPY}, bytes
 * 1 and 0, a little-endian uint16 header length, an ASCII dict literal padded with spaces and
 * ended by '\n' so that the data starts at a multiple of {@value #ALIGN} bytes, then the values in
 * C order, little-endian. Writes are atomic.
 */
public final class Npy {
    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** NumPy aligns the data to 64 bytes so that it can be memory-mapped with any element type. */
    static final int ALIGN = 64;
    private static final int PREAMBLE_V1 = MAGIC.length + 2 + 2;
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {}

    public static void write(Path file, double[] values) {
        write(file, NpyType.FLOAT64, new int[]{values.length}, values);
    }

    public static void write(Path file, float[] values) {
        double[] d = new double[values.length];
        for (int i = 0; i < d.length; i++) d[i] = values[i];
        write(file, NpyType.FLOAT32, new int[]{values.length}, d);
    }

    /** Writes a rectangular matrix (rows of equal length) as a 2-D array. */
    public static void write(Path file, double[][] rows) {
        write(file, NpyType.FLOAT64, matrixShape(rows), flatten(rows));
    }

    public static void write(Path file, float[][] rows) {
        int[] shape = matrixShape(rows);
        double[] d = new double[shape[0] * shape[1]];
        for (int i = 0; i < rows.length; i++) for (int j = 0; j < shape[1]; j++) d[i * shape[1] + j] = rows[i][j];
        write(file, NpyType.FLOAT32, shape, d);
    }

    /** Writes {@code values} in C order as {@code type}; float32 rounds each value to nearest. */
    public static void write(Path file, NpyType type, int[] shape, double[] values) {
        new NpyArray(type, shape, values); // validates shape against length
        byte[] header = header(type, shape);
        AtomicFiles.write(file, out -> {
            out.write(header);
            writeData(out, type, values);
        });
    }

    /** The complete header (magic, version, length, padded dict) for an array of this type and shape. */
    public static byte[] header(NpyType type, int[] shape) {
        StringBuilder dims = new StringBuilder();
        for (int i = 0; i < shape.length; i++) dims.append(i == 0 ? "" : ", ").append(shape[i]);
        if (shape.length == 1) dims.append(',');
        String dict = "{'descr': '" + type.descr() + "', 'fortran_order': False, 'shape': (" + dims + "), }";
        int unpadded = PREAMBLE_V1 + dict.length() + 1;
        int pad = (ALIGN - unpadded % ALIGN) % ALIGN;
        int headerLen = dict.length() + pad + 1;
        if (headerLen > 0xFFFF) throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs a header too long for .npy version 1.0");
        ByteBuffer b = ByteBuffer.allocate(PREAMBLE_V1 + headerLen).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) headerLen);
        b.put(dict.getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < pad; i++) b.put((byte) ' ');
        b.put((byte) '\n');
        return b.array();
    }

    /** Reads a float64 or float32 array in C or Fortran order (format versions 1.0, 2.0 and 3.0). */
    public static NpyArray read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + " does not exist", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return decode(bytes, file.toString());
    }

    static NpyArray decode(byte[] bytes, String source) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < PREAMBLE_V1 || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
            throw new IllegalArgumentException(source + " is not a .npy file (it does not start with \\x93NUMPY)");
        }
        int major = bytes[6];
        b.position(8);
        long headerLen = major == 1 ? Short.toUnsignedInt(b.getShort()) : Integer.toUnsignedLong(b.getInt());
        if (b.position() + headerLen > bytes.length) {
            throw new IllegalArgumentException(source + " is cut off inside its header; it was probably written by a crashed run");
        }
        String dict = new String(bytes, b.position(), (int) headerLen,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        NpyType type = NpyType.ofDescr(field(DESCR, dict, source), source);
        boolean fortran = field(FORTRAN, dict, source).equals("True");
        String dimsText = field(SHAPE, dict, source).strip();
        int[] shape = dimsText.isEmpty() ? new int[0]
                : Arrays.stream(dimsText.split(",")).map(String::strip).filter(s -> !s.isEmpty()).mapToInt(Integer::parseInt).toArray();
        long n = 1;
        for (int d : shape) n *= d;
        int dataStart = b.position() + (int) headerLen;
        if (bytes.length - dataStart != n * type.bytes()) {
            throw new IllegalArgumentException(source + " should hold " + n * type.bytes() + " data bytes for shape "
                    + Arrays.toString(shape) + " but holds " + (bytes.length - dataStart) + "; it is truncated or corrupt");
        }
        b.position(dataStart);
        double[] data = new double[(int) n];
        for (int i = 0; i < n; i++) data[i] = type == NpyType.FLOAT64 ? b.getDouble() : b.getFloat();
        if (fortran && shape.length > 1) data = fortranToC(data, shape);
        return new NpyArray(type, shape, data);
    }

    private static void writeData(OutputStream out, NpyType type, double[] values) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            if (buf.remaining() < type.bytes()) {
                out.write(buf.array(), 0, buf.position());
                buf.clear();
            }
            if (type == NpyType.FLOAT64) buf.putDouble(v);
            else buf.putFloat((float) v);
        }
        out.write(buf.array(), 0, buf.position());
    }

    private static String field(Pattern p, String dict, String source) {
        Matcher m = p.matcher(dict);
        if (!m.find()) throw new IllegalArgumentException(source + " has a .npy header without " + p.pattern().split("'")[1] + ": " + dict.strip());
        return m.group(1);
    }

    private static int[] matrixShape(Object[] rows) {
        int cols = rows.length == 0 ? 0 : java.lang.reflect.Array.getLength(rows[0]);
        for (int i = 0; i < rows.length; i++) {
            if (java.lang.reflect.Array.getLength(rows[i]) != cols) {
                throw new IllegalArgumentException("row " + i + " has " + java.lang.reflect.Array.getLength(rows[i])
                        + " values but row 0 has " + cols + "; a .npy matrix must be rectangular");
            }
        }
        return new int[]{rows.length, cols};
    }

    private static double[] flatten(double[][] rows) {
        int[] shape = matrixShape(rows);
        double[] d = new double[shape[0] * shape[1]];
        for (int i = 0; i < rows.length; i++) System.arraycopy(rows[i], 0, d, i * shape[1], shape[1]);
        return d;
    }

    /** Reorders column-major data (first index fastest) to row-major. */
    private static double[] fortranToC(double[] f, int[] shape) {
        int nd = shape.length;
        double[] c = new double[f.length];
        int[] idx = new int[nd];
        for (int k = 0; k < f.length; k++) {
            int fi = 0;
            for (int d = nd - 1; d >= 0; d--) fi = fi * shape[d] + idx[d];
            c[k] = f[fi];
            for (int d = nd - 1; d >= 0 && ++idx[d] == shape[d]; d--) idx[d] = 0;
        }
        return c;
    }
}
