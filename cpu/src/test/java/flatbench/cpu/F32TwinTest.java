package flatbench.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * F32 is F64 on float storage, line for line: the same source once the float32 spelling
 * (float types, and the {@code (float)} roundings of stored values) is read as float64. Any
 * change to one class's loops must be made to the other.
 */
class F32TwinTest {
    private static final Path SOURCES = Path.of("src/main/java/flatbench/cpu");

    @Test
    void f32IsF64OnFloatStorage() throws IOException {
        List<String> f64 = body(Files.readAllLines(SOURCES.resolve("F64.java")));
        List<String> f32 = body(Files.readAllLines(SOURCES.resolve("F32.java")));
        assertEquals(f64.size(), f32.size(), "F32 and F64 differ in length");
        for (int i = 0; i < f64.size(); i++) assertEquals(f64.get(i), f32.get(i), "line " + i + " of the class bodies");
    }

    /** The class body after the declaration, read as float64, minus the storage width. */
    private static List<String> body(List<String> lines) {
        List<String> out = new ArrayList<>();
        boolean inside = false;
        for (String l : lines) {
            if (l.startsWith("final class ")) {
                inside = true;
                continue;
            }
            if (!inside || l.contains("int bytesPerValue()")) continue;
            out.add(asFloat64(unwrapRoundings(l)));
        }
        return out;
    }

    /** Removes every "(float) (…)" wrapper and "(float) " cast, keeping what they wrap. */
    static String unwrapRoundings(String line) {
        String marker = "(float) (";
        int at;
        while ((at = line.indexOf(marker)) >= 0) {
            int depth = 1, end = at + marker.length();
            while (depth > 0) {
                char c = line.charAt(end++);
                if (c == '(') depth++;
                else if (c == ')') depth--;
            }
            line = line.substring(0, at) + line.substring(at + marker.length(), end - 1) + line.substring(end);
        }
        return line.replace("(float) ", "");
    }

    private static String asFloat64(String line) {
        return line.replace("Float", "Double").replace("float", "double");
    }
}
