package flatbench.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import flatbench.engine.EngineProvider;
import flatbench.engine.Engines;

/**
 * The GPU bundle leaves ND4J, DL4J and JavaCPP out (scripts/bundle.sh), so the CLI and the
 * non-DL4J engines must start without them. This runs the CLI in a child JVM whose class path
 * is this test's minus every ND4J/DL4J/JavaCPP/OpenBLAS entry: a static reference to ND4J
 * anywhere on that path fails here, not on a GPU host.
 */
class NoNd4jClasspathTest {
    /** Maven repository folders of the libraries the bundle leaves out. */
    private static final List<String> EXCLUDED = List.of("/org/nd4j/", "/org/deeplearning4j/", "/org/bytedeco/");
    /** Classes from each excluded library, which the child must not be able to load. */
    private static final List<String> EXCLUDED_CLASSES = List.of(
            "org.nd4j.linalg.factory.Nd4j", "org.deeplearning4j.nn.graph.ComputationGraph", "org.bytedeco.javacpp.Loader");
    private static final long CHILD_TIMEOUT_SECONDS = 180;

    private static List<String> fullClassPath;
    private static List<String> childClassPath;

    @BeforeAll
    static void classPaths() throws IOException {
        fullClassPath = testClassPath();
        childClassPath = fullClassPath.stream()
                .filter(e -> EXCLUDED.stream().noneMatch(x -> e.replace(File.separatorChar, '/').contains(x)))
                // The child runs main code only: no test engines or test service files.
                .filter(e -> !e.replace(File.separatorChar, '/').contains("/test-classes"))
                .toList();
        // Without this the test would pass vacuously on a class path that never had ND4J.
        assertTrue(fullClassPath.size() > childClassPath.size(), "no ND4J/DL4J entries were found to remove from " + fullClassPath);
    }

    @Test
    void excludedLibrariesCannotBeLoadedInTheChild() throws Exception {
        // The probe itself lives in test-classes, which holds no ND4J classes.
        String probeDir = Path.of(Probe.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        List<String> withProbe = new ArrayList<>(childClassPath);
        withProbe.add(probeDir);
        Result stripped = runJava(withProbe, Probe.class.getName(), EXCLUDED_CLASSES);
        assertEquals(0, stripped.exit(), "the child class path still holds an excluded class:\n" + stripped.output());

        // The probe can fail: on the full class path it finds every excluded class.
        List<String> full = new ArrayList<>(fullClassPath);
        if (!full.contains(probeDir)) full.add(probeDir);
        Result unstripped = runJava(full, Probe.class.getName(), EXCLUDED_CLASSES);
        assertEquals(Probe.FOUND, unstripped.exit(), "the probe did not find ND4J on the full class path:\n" + unstripped.output());
    }

    @Test
    void listShowsEveryOtherEngineAndNoUsableDl4j() throws Exception {
        Result r = runJava(childClassPath, "flatbench.cli.Main", List.of("list"));
        assertEquals(0, r.exit(), "flatbench list failed without ND4J:\n" + r.output());
        Set<String> listed = engines(r.output());
        assertTrue(listed.contains("java"), "the java engine is missing from:\n" + r.output());
        // Every engine this JVM finds, bar the DL4J one, must still be found without ND4J (cuda included when built).
        // Engines registered by the tests themselves (test-classes is not on the child's class path) are not expected.
        Set<String> expected = Engines.providers().stream().filter(p -> !inTestClasses(p.getClass())).map(EngineProvider::name)
                .filter(n -> !n.equals("dl4j")).collect(Collectors.toCollection(TreeSet::new));
        assertTrue(listed.containsAll(expected), "expected engines " + expected + " but the child lists " + listed + ":\n" + r.output());
        // Whatever the listing does with DL4J, it must not offer it as usable.
        String dl4jLine = engineLine(r.output(), "dl4j");
        assertTrue(dl4jLine == null || dl4jLine.contains("[unavailable:"), "dl4j is offered as usable without ND4J:\n" + r.output());
    }

    private static boolean inTestClasses(Class<?> c) {
        return c.getProtectionDomain().getCodeSource().getLocation().getPath().endsWith("/test-classes/");
    }

    /**
     * Engines.providers() promises to skip a provider whose classes are missing (the DL4J engine
     * in the GPU bundle): Dl4jEngineProvider's constructor resolves an ND4J class for that.
     */
    @Test
    void listLeavesDl4jOutWithoutNd4j() throws Exception {
        Result r = runJava(childClassPath, "flatbench.cli.Main", List.of("list"));
        assertEquals(0, r.exit(), "flatbench list failed without ND4J:\n" + r.output());
        assertFalse(engines(r.output()).contains("dl4j"), "the dl4j engine is listed although ND4J is absent:\n" + r.output());
    }

    /**
     * Like the GPU bundle, this class path has no usable cpu engine (no JavaCPP), yet run needs no
     * --engine: the default is the first available engine by the providers' ranking, java where
     * there is no GPU (with one it would be cuda, which refuses float64, so the engine is named then).
     */
    @Test
    void runOnTheJavaEngineWritesAResult(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("runs");
        List<String> args = new java.util.ArrayList<>(List.of("run", "--precision", "float64",
                "--model", "mlp", "--data", "teacher-student", "--train-samples", "200", "--steps", "3", "--batch", "8",
                "--noise-samples", "16", "--quiet", "--out", out.toString()));
        if (flatbench.cuda.CudaDriver.probe() == null) args.addAll(List.of("--engine", "java"));
        Result r = runJava(childClassPath, "flatbench.cli.Main", args);
        assertEquals(0, r.exit(), "flatbench run on the java engine failed without ND4J:\n" + r.output());
        List<Path> results;
        try (Stream<Path> files = Files.walk(out)) {
            results = files.filter(p -> p.getFileName().toString().equals("result.json")).toList();
        }
        assertEquals(1, results.size(), "expected one result.json under " + out + ", found " + results + ":\n" + r.output());
        String json = Files.readString(results.get(0));
        assertTrue(json.matches("(?s).*\"engine\"\\s*:\\s*\"java\".*"), "result.json does not name the java engine:\n" + json);
    }

    /** The line of the "Engines" section naming the engine, or null. */
    private static String engineLine(String listOutput, String engine) {
        return engineLines(listOutput).stream().filter(l -> l.trim().split("\\s+")[0].equals(engine)).findFirst().orElse(null);
    }

    /** Engine names from the "Engines" section of {@code flatbench list}. */
    private static Set<String> engines(String listOutput) {
        return engineLines(listOutput).stream().map(l -> l.trim().split("\\s+")[0]).collect(Collectors.toCollection(TreeSet::new));
    }

    /** The indented lines under "Engines" in {@code flatbench list}. */
    private static List<String> engineLines(String listOutput) {
        List<String> lines = new ArrayList<>();
        boolean inEngines = false;
        for (String line : listOutput.split("\\R")) {
            if (line.startsWith("Engines")) inEngines = true;
            else if (inEngines && line.startsWith("  ") && !line.isBlank()) lines.add(line);
            else if (inEngines) break;
        }
        return lines;
    }

    record Result(int exit, String output) {}

    private static Result runJava(List<String> classPath, String mainClass, List<String> args) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx1g", "-Djava.awt.headless=true",
                "-cp", String.join(File.pathSeparator, classPath), mainClass));
        command.addAll(args);
        Path log = Files.createTempFile("flatbench-child", ".log");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(mainClass + " " + args + " did not finish in " + CHILD_TIMEOUT_SECONDS + " s:\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
            return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /**
     * This test JVM's class path as absolute entries. Surefire may launch tests through a
     * manifest-only jar, leaving java.class.path with that one jar: then the real path is in
     * surefire.test.class.path, or else in the jar's Class-Path manifest attribute.
     */
    private static List<String> testClassPath() throws IOException {
        String surefire = System.getProperty("surefire.test.class.path");
        String raw = surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
        List<String> entries = Stream.of(raw.split(File.pathSeparator)).filter(s -> !s.isBlank()).toList();
        if (entries.size() == 1 && entries.get(0).endsWith(".jar")) {
            try (JarFile jar = new JarFile(entries.get(0))) {
                String manifestPath = jar.getManifest() == null ? null : jar.getManifest().getMainAttributes().getValue("Class-Path");
                if (manifestPath != null && !manifestPath.isBlank()) {
                    Path base = Path.of(entries.get(0)).toAbsolutePath().getParent();
                    List<String> fromManifest = new ArrayList<>();
                    for (String url : manifestPath.trim().split("\\s+")) {
                        URI u = base.toUri().resolve(url);
                        fromManifest.add(Paths.get(u).toString());
                    }
                    return fromManifest;
                }
            }
        }
        return entries.stream().map(e -> Path.of(e).toAbsolutePath().toString()).toList();
    }

    /** Exits 0 when none of the named classes can be loaded, {@link #FOUND} naming those that can. */
    public static final class Probe {
        static final int FOUND = 3;

        public static void main(String[] args) {
            List<String> found = new ArrayList<>();
            for (String name : args) {
                try {
                    Class.forName(name, false, Probe.class.getClassLoader());
                    found.add(name);
                } catch (ClassNotFoundException | LinkageError absent) {
                    // Absent is what the bundle needs.
                }
            }
            if (!found.isEmpty()) {
                System.out.println("loadable: " + found);
                System.exit(FOUND);
            }
        }
    }
}
