package flatbench.cuda;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The build put one fatbin per .cu file into the jar's resources, and every {@code extern "C"}
 * entry point declared in a source is present in its binary (names survive in the fatbin's PTX
 * and ELF symbol tables).
 */
class KernelBinariesTest {
    private static final Path SOURCES = Path.of("src/main/cuda");
    private static final Pattern ENTRY = Pattern.compile("extern \"C\" __global__\\s+(?:void\\s+)?(?:__launch_bounds__\\([^)]*\\)\\s*)?(?:void\\s+)?(\\w+_v\\d+)\\s*\\(");

    @BeforeAll
    static void kernelsWereBuilt() {
        assumeFalse(Boolean.getBoolean("cuda.skip"), "kernels built with -Dcuda.skip=true: no fatbins to check");
    }

    static List<Path> sources() throws IOException {
        try (Stream<Path> s = Files.list(SOURCES)) {
            return s.filter(p -> p.toString().endsWith(".cu")).sorted().toList();
        }
    }

    static List<String> entries(Path source) throws IOException {
        String text = Files.readString(source).replaceAll("\\s+", " ");
        List<String> names = new ArrayList<>();
        Matcher m = ENTRY.matcher(text);
        while (m.find()) names.add(m.group(1));
        return names;
    }

    @Test
    void everySourceHasAFatbinHoldingItsEntryPoints() throws IOException {
        List<Path> cus = sources();
        assertTrue(cus.size() >= 9, "expected the kernel sources, found " + cus);
        int total = 0;
        for (Path cu : cus) {
            String module = cu.getFileName().toString().replace(".cu", "");
            List<String> names = entries(cu);
            assertFalse(names.isEmpty(), module + ".cu declares no extern \"C\" <op>_vN entry point");
            byte[] image = KernelBinaries.image(module);
            String bytes = new String(image, StandardCharsets.ISO_8859_1);
            for (String name : names) {
                assertTrue(bytes.contains(name), module + ".fatbin lacks entry point " + name);
                total++;
            }
        }
        assertTrue(total >= 30, "only " + total + " entry points found");
    }

    @Test
    void fatbinsStartWithTheFatbinMagic() throws IOException {
        for (Path cu : sources()) {
            byte[] image = KernelBinaries.image(cu.getFileName().toString().replace(".cu", ""));
            // 0xBA55ED50, little-endian: the CUDA fatbin header magic cuModuleLoadData recognises.
            assertEquals(0x50, image[0] & 0xff);
            assertEquals(0xED, image[1] & 0xff);
            assertEquals(0x55, image[2] & 0xff);
            assertEquals(0xBA, image[3] & 0xff);
        }
    }

    @Test
    void eachBindingNamesOnlyEntryPointsThatExist() throws IOException {
        List<String> all = new ArrayList<>();
        for (Path cu : sources()) all.addAll(entries(cu));
        Pattern use = Pattern.compile("function\\(\"(\\w+)\", \"(\\w+)\"\\)");
        try (Stream<Path> files = Files.walk(Path.of("src/main/java/flatbench/cuda"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = use.matcher(Files.readString(f));
                while (m.find()) {
                    assertTrue(Files.exists(SOURCES.resolve(m.group(1) + ".cu")), f + " loads module " + m.group(1) + " which has no source");
                    assertTrue(entries(SOURCES.resolve(m.group(1) + ".cu")).contains(m.group(2)), f + " launches " + m.group(2) + " which " + m.group(1) + ".cu does not declare");
                }
            }
        }
        assertTrue(all.contains("conv2d_forward_v1"));
    }

    @Test
    void theIndexListsEverySourceAndHashesAreStable() throws IOException {
        List<String> expected = sources().stream().map(p -> p.getFileName().toString().replace(".cu", "")).toList();
        assertEquals(expected, KernelBinaries.modules());
        var hashes = KernelBinaries.hashes();
        assertEquals(expected.size(), hashes.size());
        assertEquals(hashes, KernelBinaries.hashes());
        hashes.values().forEach(h -> assertTrue(h.matches("[0-9a-f]{64}"), h));
    }

    @Test
    void missingModuleIsAnActionableError() {
        CudaException e = assertThrows(CudaException.class, () -> KernelBinaries.image("no_such_kernel"));
        assertTrue(e.getMessage().contains("rebuild"), e.getMessage());
    }
}
