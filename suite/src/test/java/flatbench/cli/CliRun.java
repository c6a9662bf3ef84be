package flatbench.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;

/** One in-process invocation of the CLI with its exit code and both streams. */
record CliRun(int exitCode, String out, String err) {

    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new CliRun(code, out.toString(), err.toString());
    }

    /** The fast MLP configuration on synthetic data that the end-to-end tests build on. */
    static List<String> smallRun(Path outDir, String... extra) {
        List<String> a = new ArrayList<>(List.of("run", "--model", "mlp", "--data", "teacher-student", "--train-samples", "600",
                "--steps", "12", "--batch", "16", "--noise-samples", "32", "--curvature-data", "32",
                "--top-k", "3", "--probes", "5", "--slq-runs", "1", "--out", outDir.toString(), "--quiet"));
        a.addAll(List.of(extra));
        return a;
    }

    static CliRun of(List<String> args) { return of(args.toArray(String[]::new)); }

    List<String> errLines() { return err.lines().filter(l -> !l.isBlank()).toList(); }

    /** The single run folder under {@code outDir}. */
    static Path onlyRunDir(Path outDir) throws Exception {
        try (Stream<Path> s = Files.list(outDir)) {
            List<Path> dirs = s.filter(Files::isDirectory).toList();
            if (dirs.size() != 1) throw new AssertionError("expected one run folder under " + outDir + ", found " + dirs);
            return dirs.get(0);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> readJson(Path file) throws Exception {
        return new ObjectMapper().readValue(file.toFile(), Map.class);
    }

    @Override public String toString() {
        return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
