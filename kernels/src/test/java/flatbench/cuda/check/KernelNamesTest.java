package flatbench.cuda.check;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The name trail from kernel to test: every {@code extern "C"} entry point of {@code <op>.cu} is
 * launched by the binding {@code ops.<Op>Kernels}, declared by the check {@code check.<Op>Check}
 * (which compares it with a reference in {@code flatbench.reference} or the binding's own
 * {@code reference} loop), and {@link SelfCheck} runs one check per binding. The rows the checks
 * produce are tied to these names by {@link EmulatedKernelsTest} (and SelfCheckTest on a GPU).
 */
class KernelNamesTest {
    private static final Path CUDA = Path.of("src/main/cuda");
    private static final Path JAVA = Path.of("src/main/java/flatbench/cuda");
    private static final Pattern ENTRY = Pattern.compile("extern \"C\" __global__ void (?:__launch_bounds__\\([^)]*\\) )?([a-z0-9_]+)\\s*\\(");

    /** Entry points by module ({@code .cu} file name without the extension), as the emulator's build finds them. */
    static Map<String, List<String>> entryPoints() throws IOException {
        Map<String, List<String>> out = new TreeMap<>();
        try (Stream<Path> files = Files.list(CUDA)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".cu")).sorted().toList()) {
                Matcher m = ENTRY.matcher(Files.readString(f).replaceAll("\\s+", " "));
                List<String> names = new ArrayList<>();
                while (m.find()) names.add(m.group(1));
                out.put(f.getFileName().toString().replace(".cu", ""), names);
            }
        }
        return out;
    }

    static String camel(String module) {
        StringBuilder b = new StringBuilder();
        for (String part : module.split("_")) b.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        return b.toString();
    }

    @Test
    void everyEntryPointHasAVersionedName() throws IOException {
        entryPoints().forEach((module, names) -> {
            assertFalse(names.isEmpty(), module + ".cu has no entry point");
            for (String n : names) assertTrue(n.matches("[a-z0-9_]+_v[0-9]+"), module + ".cu: " + n + " is not named <op>_v<N>");
        });
    }

    @Test
    void oneCheckPerBindingAndOneBindingPerCudaFile() throws IOException {
        Map<String, List<String>> cu = entryPoints();
        List<BindingCheck> checks = SelfCheck.bindings(null, null);
        assertEquals(cu.keySet(), new java.util.TreeSet<>(checks.stream().map(BindingCheck::module).toList()),
                "modules with a check vs .cu files");
        assertEquals(checks.size(), cu.size(), "one check per binding");
        for (BindingCheck c : checks) {
            String op = camel(c.module());
            assertEquals(op + "Check", c.getClass().getSimpleName(), "the check mirrors " + c.module() + ".cu");
            assertEquals(cu.get(c.module()), c.entryPoints(), op + "Check declares exactly the entry points of " + c.module() + ".cu");
            assertTrue(c.entryPoints().containsAll(c.composedOnly()), op + "Check: composed entry points are its own");
        }
    }

    @Test
    void everyEntryPointIsLaunchedByItsMirroredBindingAndComparedWithAReference() throws IOException {
        for (Map.Entry<String, List<String>> e : entryPoints().entrySet()) {
            String op = camel(e.getKey());
            Path binding = JAVA.resolve("ops").resolve(op + "Kernels.java");
            assertTrue(Files.isRegularFile(binding), e.getKey() + ".cu has no binding " + binding);
            String bindingSource = Files.readString(binding);
            assertTrue(bindingSource.contains("\"" + e.getKey() + "\""), binding + " loads its functions from module " + e.getKey());
            for (String name : e.getValue()) assertTrue(bindingSource.contains("\"" + name + "\""), binding + " launches " + name);
            String check = Files.readString(JAVA.resolve("check").resolve(op + "Check.java"));
            assertTrue(Pattern.compile("import flatbench\\.reference\\.(?!Tolerance)|\\breference[A-Z(]").matcher(check).find(),
                    op + "Check compares with a reference");
        }
    }
}
