package flatbench.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import flatbench.record.BenchmarkResult;
import flatbench.record.Provenance;
import flatbench.record.RecordException;
import flatbench.record.RunRecord;
import flatbench.record.RunRecordJson;
import flatbench.record.RunRecordStore;

/**
 * Property: whatever a data or result file holds, reading it ends in a value or in one sentence
 * naming the file (DataException / RecordException) — never another exception, a hang, or an
 * allocation sized by what a header claims rather than by what the file holds.
 *
 * <p>Each case starts from a valid file (IDX images and labels, CIFAR-10 records, an npm-style
 * tar.gz, a result.json), applies one to three random corruptions — bit flips, random bytes,
 * truncation, appended garbage, a header field set to an extreme integer, a slice repeated,
 * gzip with or without the {@code .gz} name, a cut gzip stream; for JSON also a number, string,
 * brace or key swapped in — and reads it back. Cases are seeded: a failure names its seed, and
 * {@code -Dflatbench.fuzz.seed=S} replays it. {@code -Dflatbench.fuzz.cases=N} runs N cases per
 * format (default {@value #DEFAULT_CASES}; hand-written generators on JUnit's dynamic tests, not a
 * property-testing library, so there is no shrinking: the seed and the corruption list are the
 * report).
 */
class UntrustedFilesTest {
    @TempDir Path dir;

    static final int DEFAULT_CASES = 150;
    private static final int CASES = Integer.getInteger("flatbench.fuzz.cases", DEFAULT_CASES);
    private static final long BASE_SEED = Long.getLong("flatbench.fuzz.seed", 20_260_101L);
    /** Readers may allocate a small multiple of what they decode (floats are 4 bytes a pixel, plus copies), never more. */
    private static final long ALLOCATION_PER_BYTE = 64;
    private static final long ALLOCATION_SLACK = 32L << 20;

    // ---- the valid files the corruptions start from --------------------------------------------

    private static final int N = 6, ROWS = 5, COLS = 4;

    static byte[] idxImages(SplittableRandom r) {
        ByteBuffer b = ByteBuffer.allocate(16 + N * ROWS * COLS).putInt(IdxFiles.IMAGES_MAGIC).putInt(N).putInt(ROWS).putInt(COLS);
        for (int i = 0; i < N * ROWS * COLS; i++) b.put((byte) r.nextInt(256));
        return b.array();
    }

    static byte[] idxLabels(SplittableRandom r) {
        ByteBuffer b = ByteBuffer.allocate(8 + N).putInt(IdxFiles.LABELS_MAGIC).putInt(N);
        for (int i = 0; i < N; i++) b.put((byte) r.nextInt(10));
        return b.array();
    }

    static byte[] cifar(SplittableRandom r) {
        byte[] b = new byte[3 * Cifar10Files.RECORD_BYTES];
        for (int i = 0; i < b.length; i++) b[i] = (byte) r.nextInt(256);
        for (int k = 0; k < 3; k++) b[k * Cifar10Files.RECORD_BYTES] = (byte) r.nextInt(10);
        return b;
    }

    static byte[] tgz(SplittableRandom r) {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        byte[] body = ("{\"n\": " + r.nextInt(1000) + "}").getBytes(StandardCharsets.UTF_8);
        byte[] h = new byte[512];
        byte[] name = "package/src/digits/3.json".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(name, 0, h, 0, name.length);
        byte[] size = String.format("%011o", body.length).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(size, 0, h, 124, size.length);
        h[156] = '0';
        System.arraycopy("ustar".getBytes(StandardCharsets.US_ASCII), 0, h, 257, 5);
        tar.writeBytes(h);
        tar.writeBytes(body);
        tar.writeBytes(new byte[512 - body.length]);
        tar.writeBytes(new byte[1024]);
        return gzip(tar.toByteArray());
    }

    static byte[] resultJson(SplittableRandom r) {
        Provenance p = new Provenance("abc", false, 1, "java", "float64", "jvm", "os", "cpu", "box", null, null, null, null, null,
                "2026-01-01T00:00:00Z");
        RunRecord rec = RunRecord.builder("run-" + r.nextInt(100), p)
                .config(Map.of("model", "mlp", "steps", r.nextInt(100)))
                .metric("hessian.topEigenvalues", new double[] {r.nextDouble(), r.nextDouble()})
                .metric("training.loss", r.nextDouble())
                .benchmark(BenchmarkResult.of("mlp/hvp", "v1", "s", "box", "float64", List.of(
                        new BenchmarkResult.Fork(new double[] {r.nextDouble(), r.nextDouble()}, null, 1),
                        new BenchmarkResult.Fork(new double[] {r.nextDouble()}, null, 2))))
                .build();
        return RunRecordJson.toJson(rec).getBytes(StandardCharsets.UTF_8);
    }

    // ---- corruptions ---------------------------------------------------------------------------

    /** A corrupted file: its bytes, whether to drop a .gz name, and what was done (for the failure message). */
    record Corrupted(byte[] bytes, List<String> steps) {}

    static final int[] EXTREMES = {0, -1, 1, Integer.MAX_VALUE, Integer.MIN_VALUE, 0x7FFF_FFF0, 1 << 20, 1 << 30, 65_536, 255};

    static Corrupted corrupt(byte[] valid, SplittableRandom r, boolean json) {
        byte[] b = valid.clone();
        List<String> steps = new ArrayList<>();
        int k = 1 + r.nextInt(3);
        for (int i = 0; i < k; i++) {
            int op = r.nextInt(json ? 11 : 9);
            switch (op) {
                case 0 -> { // flip bits
                    int n = 1 + r.nextInt(4);
                    for (int j = 0; j < n && b.length > 0; j++) b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
                    steps.add("flip " + n + " bits");
                }
                case 1 -> { // random bytes
                    if (b.length > 0) {
                        int at = r.nextInt(b.length), n = Math.min(b.length - at, 1 + r.nextInt(8));
                        for (int j = 0; j < n; j++) b[at + j] = (byte) r.nextInt(256);
                        steps.add(n + " random bytes at " + at);
                    }
                }
                case 2 -> { // truncate
                    int to = b.length == 0 ? 0 : r.nextInt(b.length);
                    b = java.util.Arrays.copyOf(b, to);
                    steps.add("cut to " + to + " bytes");
                }
                case 3 -> { // append garbage
                    int n = 1 + r.nextInt(3000);
                    byte[] g = new byte[n];
                    for (int j = 0; j < n; j++) g[j] = (byte) r.nextInt(256);
                    b = concat(b, g);
                    steps.add("append " + n + " bytes");
                }
                case 4, 5 -> { // a header field (one of the first 4 ints) set to an extreme
                    int field = r.nextInt(4);
                    int v = EXTREMES[r.nextInt(EXTREMES.length)];
                    if (b.length >= 4 * field + 4) {
                        ByteBuffer.wrap(b).putInt(4 * field, v);
                        steps.add("int " + field + " := " + v);
                    }
                }
                case 6 -> { // repeat a slice
                    if (b.length > 1) {
                        int from = r.nextInt(b.length), to = from + r.nextInt(b.length - from);
                        b = concat(concat(java.util.Arrays.copyOf(b, to), java.util.Arrays.copyOfRange(b, from, to)), java.util.Arrays.copyOfRange(b, to, b.length));
                        steps.add("repeat bytes " + from + ".." + to);
                    }
                }
                case 7 -> { // gzip (the name keeps no .gz: content decides)
                    b = gzip(b);
                    steps.add("gzip");
                }
                case 8 -> { // gzip, then cut the stream
                    byte[] g = gzip(b);
                    b = java.util.Arrays.copyOf(g, 2 + r.nextInt(Math.max(1, g.length - 2)));
                    steps.add("gzip cut to " + b.length);
                }
                case 9 -> { // JSON: a token replaced
                    String s = new String(b, StandardCharsets.UTF_8);
                    String[] tokens = {"1e999", "-1", "null", "\"x\"", "{", "}", "[", "]", ":", ",", "NaN", "99999999999999999999999", "true", "\"\\u0000\""};
                    int at = s.isEmpty() ? 0 : r.nextInt(s.length());
                    int len = Math.min(s.length() - at, r.nextInt(6));
                    String t = tokens[r.nextInt(tokens.length)];
                    b = (s.substring(0, at) + t + s.substring(at + len)).getBytes(StandardCharsets.UTF_8);
                    steps.add("replace " + len + " chars at " + at + " by " + t);
                }
                default -> { // JSON: deep nesting or a huge number
                    String s = new String(b, StandardCharsets.UTF_8);
                    int at = s.isEmpty() ? 0 : r.nextInt(s.length());
                    String t = r.nextBoolean() ? "[".repeat(5000) + "]".repeat(5000) : "1" + "0".repeat(2000);
                    b = (s.substring(0, at) + t + s.substring(at)).getBytes(StandardCharsets.UTF_8);
                    steps.add(t.startsWith("[") ? "nest 5000 deep at " + at : "2000-digit number at " + at);
                }
            }
        }
        return new Corrupted(b, steps);
    }

    // ---- the property --------------------------------------------------------------------------

    /**
     * Reads {@code files} (one of them corrupted) with {@code reader}: a value or a
     * DataException/RecordException whose message is one line naming one of the files; within a
     * time limit and an allocation bound.
     */
    private void check(String what, long seed, Corrupted c, List<Path> files, long decodedBytes, Function<List<Path>, Object> reader) {
        String context = what + " seed " + seed + " (replay: -Dflatbench.fuzz.seed=" + seed + " -Dflatbench.fuzz.cases=1) after " + c.steps();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            long before = threads.getCurrentThreadAllocatedBytes();
            try {
                reader.apply(files);
            } catch (DataException | RecordException e) {
                String m = e.getMessage();
                if (m == null || m.contains("\n") || files.stream().noneMatch(f -> m.contains(f.getFileName().toString()))) {
                    fail(context + ": the message must be one line naming the file, not: " + m);
                }
            } catch (Throwable t) {
                throw new AssertionError(context + ": " + t + " escaped instead of one sentence naming the file", t);
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            long bound = ALLOCATION_PER_BYTE * Math.max(decodedBytes, files.stream().mapToLong(UntrustedFilesTest::size).sum()) + ALLOCATION_SLACK;
            if (allocated > bound) fail(context + ": allocated " + allocated + " bytes, more than " + bound + " for files this size");
        }, () -> context + ": hung");
    }

    /** What a corrupted file could at most decode to: its bytes, or a gunzipped prefix of the original's size times a margin. */
    private static long decoded(Corrupted c, byte[] valid) {
        return Math.max(c.bytes().length, 4L * (valid.length + c.bytes().length) + 4096);
    }

    private Stream<DynamicTest> cases(String what, Function<Long, DynamicTest> one) {
        return IntStream.range(0, CASES).mapToObj(i -> one.apply(BASE_SEED + 7919L * i));
    }

    @TestFactory
    Stream<DynamicTest> idxFiles() {
        return cases("IDX", seed -> DynamicTest.dynamicTest("IDX seed " + seed, () -> {
            SplittableRandom r = new SplittableRandom(seed);
            byte[] images = idxImages(r), labels = idxLabels(r);
            boolean hitImages = r.nextBoolean();
            Corrupted c = corrupt(hitImages ? images : labels, r, false);
            Path ip = write("images-" + seed, hitImages ? c.bytes() : images);
            Path lp = write("labels-" + seed, hitImages ? labels : c.bytes());
            check("IDX", seed, c, List.of(ip, lp), decoded(c, hitImages ? images : labels),
                    f -> IdxFiles.read(f.get(0), f.get(1), "mnist", 10, Integer.MAX_VALUE));
        }));
    }

    @TestFactory
    Stream<DynamicTest> cifarFiles() {
        return cases("CIFAR-10", seed -> DynamicTest.dynamicTest("CIFAR-10 seed " + seed, () -> {
            SplittableRandom r = new SplittableRandom(seed);
            byte[] valid = cifar(r);
            Corrupted c = corrupt(valid, r, false);
            Path a = write("data_batch_1-" + seed + ".bin", cifar(r));
            Path b = write("data_batch_2-" + seed + ".bin", c.bytes());
            check("CIFAR-10", seed, c, List.of(a, b), decoded(c, valid), f -> Cifar10Files.read(f, "cifar10", Integer.MAX_VALUE));
        }));
    }

    @TestFactory
    Stream<DynamicTest> npmTarGz() {
        return cases("tar.gz", seed -> DynamicTest.dynamicTest("tar.gz seed " + seed, () -> {
            SplittableRandom r = new SplittableRandom(seed);
            byte[] valid = tgz(r);
            // Corrupt the archive inside the gzip stream as well as the stream itself.
            Corrupted c = r.nextBoolean() ? corrupt(valid, r, false) : gzipped(corrupt(gunzip(valid), r, false));
            Path p = write("mnist-" + seed + ".tgz", c.bytes());
            check("tar.gz", seed, c, List.of(p), decoded(c, gunzip(valid)), f -> TarGz.read(f.get(0), name -> true));
        }));
    }

    @TestFactory
    Stream<DynamicTest> resultFiles() {
        return cases("result.json", seed -> DynamicTest.dynamicTest("result.json seed " + seed, () -> {
            SplittableRandom r = new SplittableRandom(seed);
            byte[] valid = resultJson(r);
            Corrupted c = corrupt(valid, r, true);
            Path p = write("result-" + seed + ".json", c.bytes());
            check("result.json", seed, c, List.of(p), decoded(c, valid), f -> RunRecordStore.read(f.get(0)));
        }));
    }

    // ---- gzip by content -----------------------------------------------------------------------

    @Test
    void aGzippedFileIsReadAsGzipWhateverItsName() throws Exception {
        SplittableRandom r = new SplittableRandom(1);
        byte[] images = idxImages(r), labels = idxLabels(r);
        Dataset plain = IdxFiles.read(write("i", images), write("l", labels), "mnist", 10, 100);
        Dataset unnamed = IdxFiles.read(write("i2", gzip(images)), write("l2.gz", gzip(labels)), "mnist", 10, 100);
        assertEquals(plain.checksum(), unnamed.checksum(), "the checksum is of the decoded bytes");
        assertArrayEquals(plain.batch(0, N).inputs(), unnamed.batch(0, N).inputs());
        Path misnamed = write("t10k-labels-idx1-ubyte.gz", labels);  // says .gz but is not: read as what it is
        assertEquals(N, IdxFiles.read(write("i3", images), misnamed, "mnist", 10, 100).size());
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static Corrupted gzipped(Corrupted c) {
        List<String> steps = new ArrayList<>(c.steps());
        steps.add("inside the gzip stream");
        return new Corrupted(gzip(c.bytes()), steps);
    }

    private Path write(String name, byte[] content) {
        try {
            return Files.write(dir.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }

    static byte[] gzip(byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(out)) {
            g.write(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] gunzip(byte[] b) {
        try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(b))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
