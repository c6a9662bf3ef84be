package flatbench.record;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads and atomically writes {@value #RESULT_FILE} in a run directory ({@code runs/<run-id>/}). */
public final class RunRecordStore {
    public static final String RESULT_FILE = "result.json";

    private RunRecordStore() {}

    /** Writes {@code runDir/result.json} atomically (creating {@code runDir}) and returns its path. */
    public static Path write(Path runDir, RunRecord record) {
        Path file = runDir.resolve(RESULT_FILE);
        writeFile(file, record);
        return file;
    }

    /** Writes a record to any file name atomically, e.g. a baseline in the result store. */
    public static void writeFile(Path file, RunRecord record) {
        AtomicFiles.write(file, RunRecordJson.toJson(record).getBytes(StandardCharsets.UTF_8));
    }

    /** Reads a record from a result file or from a run directory holding {@value #RESULT_FILE}. */
    public static RunRecord read(Path fileOrRunDir) {
        Path file = Files.isDirectory(fileOrRunDir) ? fileOrRunDir.resolve(RESULT_FILE) : fileOrRunDir;
        return RunRecordJson.fromJson(readText(file), file.toString());
    }

    static String readText(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (NoSuchFileException e) {
            throw new RecordException(file + " does not exist; pass a run directory or its " + RESULT_FILE + ".", e);
        } catch (CharacterCodingException e) {
            throw new RecordException(file + " is not UTF-8 text, so it is not a flatbench run record.", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
