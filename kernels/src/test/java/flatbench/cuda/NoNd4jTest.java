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
    // Spelled in parts so that this file itself is not flagged by the repository's "no ND4J in kernels/" check.
    private static final String ND4J = "org." + "nd4j";
    private static final String DL4J = "org." + "deeplearning4j";

    @Test
    void cudaPackageImportsNothingFromNd4jOrDl4j() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(Path.of("src/main/java/flatbench/cuda"))) {
            files = s.filter(p -> p.toString().endsWith(".java")).toList();
        }
        assertTrue(files.size() > 10, "cuda sources not found from " + Path.of("").toAbsolutePath());
        for (Path f : files) {
            String text = Files.readString(f);
            assertFalse(text.contains(ND4J), f + " refers to ND4J");
            assertFalse(text.contains(DL4J), f + " refers to DL4J");
        }
    }
}
