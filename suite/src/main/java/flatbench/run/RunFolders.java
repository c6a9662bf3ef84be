package flatbench.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** Run folders: {@code <root>/<yyyyMMdd-HHmmss>-<label>}, unique even for runs started in the same second. */
public final class RunFolders {
    private RunFolders() {}

    public static Path create(Path root, String label) {
        String stem = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-" + label;
        try {
            Files.createDirectories(root);
            for (int i = 1; ; i++) {
                try {
                    return Files.createDirectory(root.resolve(i == 1 ? stem : stem + "-" + i));
                } catch (FileAlreadyExistsException e) {
                    // another run took this name: try the next suffix
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a run folder under " + root + ": " + e.getMessage(), e);
        }
    }

    /** Removes a run folder that a failed run left empty; a folder with files is left alone. */
    public static void removeIfEmpty(Path dir) {
        try {
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // not empty or not removable: keep it
        }
    }
}
