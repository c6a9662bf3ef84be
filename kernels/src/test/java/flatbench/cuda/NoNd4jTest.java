package flatbench.cuda;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** The GPU bundle leaves ND4J out, so nothing under flatbench.cuda may refer to it. */
class NoNd4jTest {
    @Test
    void cudaPackageImportsNothingFromNd4jOrDl4j() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(Path.of("src/main/java/flatbench/cuda"))) {
            files = s.filter(p -> p.toString().endsWith(".java")).toList();
        }
        assertTrue(files.size() > 10, "cuda sources not found from " + Path.of("").toAbsolutePath());
        for (Path f : files) {
            String text = Files.readString(f);
            assertFalse(text.contains("org.nd4j"), f + " refers to ND4J");
            assertFalse(text.contains("org.deeplearning4j"), f + " refers to DL4J");
        }
    }
}
