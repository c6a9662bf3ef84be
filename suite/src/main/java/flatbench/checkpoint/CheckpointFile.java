package flatbench.checkpoint;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import flatbench.record.AtomicFiles;
import flatbench.record.RunRecordJson;
import flatbench.train.Divergence;
import flatbench.train.OptimizerState;
import flatbench.train.TrainingState;

/**
 * The checkpoint file: a magic string, the format version, a JSON header (identity, step
 * counts, measurements, in result.json's JSON form) and the named double arrays (parameters,
 * optimizer buffers, losses, and the few scalars that must come back bit for bit), each
 * length-prefixed, then a CRC-32 of everything before it. Written atomically (temporary file,
 * fsync, rename); read with every length checked against what is left of the file before
 * anything is allocated, so a damaged file ends in one sentence, never in a huge allocation.
 */
public final class CheckpointFile {
    /** Bump on any change an older reader would misread; a reader takes only its own version. */
    public static final int FORMAT_VERSION = 1;
    private static final byte[] MAGIC = "FLATBENCH-CKPT\n\0".getBytes(StandardCharsets.US_ASCII);
    private static final ObjectMapper JSON = RunRecordJson.mapper();
    private static final String PARAMETERS = "parameters", LOSSES = "losses", SCALARS = "scalars", DIVERGENCE = "divergence",
            OPTIMIZER = "optimizer.";

    private CheckpointFile() {}

    public static void write(Path file, Checkpoint c) {
        TrainingState t = c.training();
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("identity", c.identity());
        header.put("steps", t.steps());
        header.put("batchesDrawn", t.batchesDrawn());
        header.put("optimizer", t.optimizer().kind());
        header.put("measurements", c.measurements());
        Map<String, double[]> arrays = new LinkedHashMap<>();
        arrays.put(PARAMETERS, t.parameters());
        arrays.put(LOSSES, t.losses());
        arrays.put(SCALARS, new double[] {t.firstLoss(), t.seconds()});
        Divergence d = t.divergence();
        if (d != null) arrays.put(DIVERGENCE, new double[] {d.step(), d.loss(), d.firstLoss(), d.factor()});
        t.optimizer().buffers().forEach((name, v) -> arrays.put(OPTIMIZER + name, v));
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(header);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a checkpoint header cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
        AtomicFiles.write(file, raw -> {
            CRC32 crc = new CRC32();
            DataOutputStream out = new DataOutputStream(new CheckedOutputStream(raw, crc));
            out.write(MAGIC);
            out.writeInt(FORMAT_VERSION);
            out.writeInt(json.length);
            out.write(json);
            out.writeInt(arrays.size());
            for (Map.Entry<String, double[]> a : arrays.entrySet()) {
                out.writeUTF(a.getKey());
                out.writeInt(a.getValue().length);
                for (double v : a.getValue()) out.writeLong(Double.doubleToRawLongBits(v));
            }
            out.flush();
            new DataOutputStream(raw).writeLong(crc.getValue());
        });
    }

    /** Reads and checks a checkpoint; a missing, damaged or foreign file is a {@link CheckpointException} naming it. */
    public static Checkpoint read(Path file) {
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            throw new CheckpointException(file + " does not exist.", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        CRC32 crc = new CRC32();
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            Reader in = new Reader(raw, crc, size - Long.BYTES, file);
            byte[] magic = in.bytes(MAGIC.length);
            if (!Arrays.equals(magic, MAGIC)) throw new CheckpointException(file + " is not a flatbench checkpoint.");
            int version = in.in.readInt();
            if (version != FORMAT_VERSION) {
                throw new CheckpointException(file + " is a version " + version + " checkpoint, but this build reads only version "
                        + FORMAT_VERSION + "; finish the run with the build that started it, or start it again.");
            }
            byte[] json = in.bytes(in.length("header", 1));
            int count = in.in.readInt();
            if (count < 0 || count > 64) throw in.damaged("it claims " + count + " arrays");
            Map<String, double[]> arrays = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                String name = in.in.readUTF();
                double[] v = new double[in.length(name, Double.BYTES)];
                for (int j = 0; j < v.length; j++) v[j] = Double.longBitsToDouble(in.in.readLong());
                arrays.put(name, v);
            }
            if (in.left() < 0) throw new EOFException();
            if (in.left() > 0) throw in.damaged("it has " + in.left() + " bytes after its last array");
            long expected = crc.getValue();
            long stored = new DataInputStream(raw).readLong();
            if (stored != expected) throw in.damaged("its checksum does not match its content");
            return decode(file, json, arrays);
        } catch (EOFException | java.io.UTFDataFormatException e) {
            throw new CheckpointException(file + " ends before its content does (cut short or damaged); the run cannot be resumed from it.", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static Checkpoint decode(Path file, byte[] json, Map<String, double[]> arrays) {
        try {
            Map<String, Object> h = JSON.readValue(json, new TypeReference<Map<String, Object>>() {});
            RunIdentity identity = JSON.convertValue(h.get("identity"), RunIdentity.class);
            double[] scalars = array(arrays, SCALARS, 2);
            double[] d = arrays.containsKey(DIVERGENCE) ? array(arrays, DIVERGENCE, 4) : null;
            Divergence divergence = d == null ? null : new Divergence((int) d[0], d[1], d[2], d[3]);
            Map<String, double[]> buffers = new LinkedHashMap<>();
            arrays.forEach((name, v) -> {
                if (name.startsWith(OPTIMIZER)) buffers.put(name.substring(OPTIMIZER.length()), v);
            });
            TrainingState t = new TrainingState(((Number) h.get("steps")).intValue(), ((Number) h.get("batchesDrawn")).longValue(),
                    scalars[0], array(arrays, LOSSES, -1), scalars[1], divergence, array(arrays, PARAMETERS, -1),
                    new OptimizerState((String) h.get("optimizer"), buffers));
            @SuppressWarnings("unchecked")
            Map<String, Object> measurements = (Map<String, Object>) h.get("measurements");
            if (identity == null || measurements == null) throw new IllegalArgumentException("it lacks its identity or measurements");
            return new Checkpoint(identity, t, measurements);
        } catch (IOException | IllegalArgumentException | ClassCastException | NullPointerException e) {
            throw new CheckpointException(file + " passed its checksum but its header is malformed (" + e.getMessage()
                    + "); it was written by a broken build, so start the run again.", e);
        }
    }

    private static double[] array(Map<String, double[]> arrays, String name, int length) {
        double[] v = arrays.get(name);
        if (v == null || length >= 0 && v.length != length) throw new IllegalArgumentException("array '" + name + "' is missing or misshapen");
        return v;
    }

    /** Reads with every length checked against the bytes left before the trailing checksum. */
    private static final class Reader {
        final DataInputStream in;
        final Path file;
        final long end;
        long consumed;

        Reader(InputStream raw, CRC32 crc, long end, Path file) {
            InputStream counting = new java.io.FilterInputStream(raw) {
                @Override public int read() throws IOException {
                    int b = super.read();
                    if (b >= 0) consumed++;
                    return b;
                }

                @Override public int read(byte[] buf, int off, int len) throws IOException {
                    int n = super.read(buf, off, len);
                    if (n > 0) consumed += n;
                    return n;
                }
            };
            this.in = new DataInputStream(new CheckedInputStream(counting, crc));
            this.end = end;
            this.file = file;
        }

        /** A count read from the file, checked: n entries of {@code unit} bytes must fit in what is left. */
        int length(String what, int unit) throws IOException {
            int n = in.readInt();
            if (n < 0 || (long) n * unit > left()) throw damaged(what + " claims " + n + " entries, more than the file holds");
            return n;
        }

        byte[] bytes(int n) throws IOException {
            byte[] b = new byte[n];
            in.readFully(b);
            return b;
        }

        long left() { return end - consumed; }

        CheckpointException damaged(String why) {
            return new CheckpointException(file + " is damaged (" + why + "); the run cannot be resumed from it.");
        }
    }
}
