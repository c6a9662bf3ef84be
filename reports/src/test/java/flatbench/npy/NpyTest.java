package flatbench.npy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class NpyTest {
    @TempDir Path dir;

    /** Builds the expected file by hand from the NPY format description, byte by byte. */
    private static byte[] expected(String dict, int headerLen, int[] dataBytes) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[]{(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 0x01, 0x00});
        b.write(headerLen & 0xFF);
        b.write(headerLen >> 8);
        b.writeBytes(dict.getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < headerLen - dict.length() - 1; i++) b.write(' ');
        b.write('\n');
        for (int x : dataBytes) b.write(x);
        return b.toByteArray();
    }

    @Test
    void float64VectorHasExactBytes() throws Exception {
        Path f = dir.resolve("v.npy");
        Npy.write(f, new double[]{1.0, -2.5});
        // 1.0 = 0x3FF0000000000000, -2.5 = 0xC004000000000000, little-endian
        byte[] want = expected("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", 118,
                new int[]{0, 0, 0, 0, 0, 0, 0xF0, 0x3F, 0, 0, 0, 0, 0, 0, 0x04, 0xC0});
        byte[] got = Files.readAllBytes(f);
        assertArrayEquals(want, got);
        assertEquals(128, got.length - 16, "data starts at a multiple of 64");
    }

    @Test
    void float32MatrixHasExactBytes() throws Exception {
        Path f = dir.resolve("m.npy");
        Npy.write(f, new float[][]{{1f, 2f, 3f}, {-1f, 0.5f, 0f}});
        // 1=0x3F800000 2=0x40000000 3=0x40400000 -1=0xBF800000 0.5=0x3F000000 0=0
        byte[] want = expected("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", 118,
                new int[]{0, 0, 0x80, 0x3F, 0, 0, 0, 0x40, 0, 0, 0x40, 0x40, 0, 0, 0x80, 0xBF, 0, 0, 0, 0x3F, 0, 0, 0, 0});
        assertArrayEquals(want, Files.readAllBytes(f));
    }

    @Test
    void headerIsPaddedTo64ForManyShapes() {
        for (int[] shape : new int[][]{{0}, {7}, {123456789}, {3, 4}, {100000, 100000}, {1, 2, 3}}) {
            byte[] h = Npy.header(NpyType.FLOAT64, shape);
            assertEquals(0, h.length % 64, Arrays.toString(shape));
            assertEquals('\n', h[h.length - 1]);
            assertEquals(h.length - 10, (h[8] & 0xFF) | (h[9] & 0xFF) << 8);
        }
    }

    @Test
    void roundTripsRandomArrays() {
        Random rnd = new Random(7);
        double[] v = rnd.doubles(1000).map(x -> x * 1e3 - 500).toArray();
        v[3] = Double.NaN;
        v[4] = Double.NEGATIVE_INFINITY;
        Path fv = dir.resolve("v.npy");
        Npy.write(fv, v);
        NpyArray a = Npy.read(fv);
        assertEquals(NpyType.FLOAT64, a.type());
        assertArrayEquals(new int[]{1000}, a.shape());
        assertArrayEquals(v, a.vector());

        double[][] m = new double[17][5];
        for (double[] row : m) for (int j = 0; j < row.length; j++) row[j] = rnd.nextGaussian();
        Path fm = dir.resolve("m.npy");
        Npy.write(fm, m);
        assertArrayEquals(m, Npy.read(fm).matrix());

        float[] f = new float[]{1.1f, -3.3f, Float.MIN_VALUE};
        Path ff = dir.resolve("f.npy");
        Npy.write(ff, f);
        NpyArray fa = Npy.read(ff);
        assertEquals(NpyType.FLOAT32, fa.type());
        for (int i = 0; i < f.length; i++) assertEquals(f[i], (float) fa.vector()[i]);

        Path empty = dir.resolve("e.npy");
        Npy.write(empty, new double[0]);
        assertEquals(0, Npy.read(empty).vector().length);
    }

    @Test
    void readsFortranOrder() {
        // 2x3 matrix [[1,2,3],[4,5,6]] stored column by column
        byte[] header = "{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }".getBytes(StandardCharsets.US_ASCII);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(10 + header.length + 1 + 48).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put(Npy.MAGIC).put((byte) 1).put((byte) 0).putShort((short) (header.length + 1)).put(header).put((byte) '\n');
        for (double x : new double[]{1, 4, 2, 5, 3, 6}) b.putDouble(x);
        assertArrayEquals(new double[][]{{1, 2, 3}, {4, 5, 6}}, Npy.decode(b.array(), "t").matrix());
    }

    @Test
    void rejectsRaggedAndTruncatedInput() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> Npy.write(dir.resolve("r.npy"), new double[][]{{1, 2}, {3}}));
        Path f = dir.resolve("t.npy");
        Npy.write(f, new double[]{1, 2, 3});
        byte[] all = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(all, all.length - 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Npy.read(f));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        Files.writeString(f, "{\"json\": true}");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Npy.read(f)).getMessage().contains("not a .npy file"));
    }
}
