package flatbench.benchmark.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A git ref of this repository, built in a worktree of its own under
 * {@code .cache/compare/<commit>} (ignored by git) so that two versions can be benchmarked side
 * by side. A commit is built once and reused; building uses {@code mvn package}, never
 * {@code install}, so the local Maven repository is left alone.
 *
 * @param ref    as the user named it
 * @param commit the full commit hash, or null for the checkout itself as built ({@value #CHECKOUT})
 * @param dir    the tree whose {@code bin/flatbench} runs it
 */
public record RefBuild(String ref, String commit, Path dir) {
    /** Names the checkout the CLI runs from, as built, with any uncommitted changes. */
    public static final String CHECKOUT = ".";
    static final String JAR = "suite/target/flatbench-suite.jar";

    public String label() { return commit == null ? "the checkout" : ref + " (" + commit.substring(0, Math.min(10, commit.length())) + ")"; }

    /**
     * Resolves {@code ref} in {@code repo} and builds it unless a build of that commit is there.
     *
     * @param log told what is being built, one line at a time
     */
    public static RefBuild prepare(Path repo, String ref, Consumer<String> log) {
        if (ref.equals(CHECKOUT)) {
            if (!Files.isRegularFile(repo.resolve(JAR))) {
                throw new IllegalArgumentException(repo + " is not built; run 'make build' before comparing against the checkout");
            }
            return new RefBuild(ref, null, repo);
        }
        String commit = git(repo, "rev-parse", "--verify", "--quiet", ref + "^{commit}")
                .orElseThrow(() -> new IllegalArgumentException("'" + ref + "' is not a commit, branch or tag of " + repo.toAbsolutePath().normalize()));
        Path dir = repo.resolve(".cache").resolve("compare").resolve(commit);
        if (Files.isRegularFile(dir.resolve(JAR))) return new RefBuild(ref, commit, dir);
        if (!Files.isDirectory(dir)) {
            log.accept("checking out " + ref + " (" + commit.substring(0, 10) + ") in " + dir);
            if (git(repo, "worktree", "add", "--detach", "--force", dir.toString(), commit).isEmpty()) {
                throw new IllegalStateException("git could not check out " + ref + " in " + dir + "; remove that folder and try again");
            }
        }
        log.accept("building " + ref + " (" + commit.substring(0, 10) + "); the log goes to " + dir.resolve("build.log"));
        List<String> mvn = new ArrayList<>(List.of("mvn", "-B", "-ntp", "-q", "package", "-DskipTests"));
        if (!onPath("nvcc")) mvn.add("-Dcuda.skip=true");  // as the Makefile does: the CPU engines build without CUDA
        int code = run(dir, mvn, dir.resolve("build.log"));
        if (code != 0 || !Files.isRegularFile(dir.resolve(JAR))) {
            throw new IllegalStateException("building " + ref + " (" + commit.substring(0, 10) + ") failed (exit " + code + "); see " + dir.resolve("build.log"));
        }
        return new RefBuild(ref, commit, dir);
    }

    /**
     * How to start one fork of this build with {@code benchArguments} (pairs of option and value).
     * An older build lacks some options: one in {@code timingOnly} (how often and in how many
     * JVMs the work is timed, e.g. {@code --forks}: a build without it times in its own JVM, which
     * is then one fork) is left out; any other would change what is timed, so it is an error
     * rather than a silently different benchmark.
     */
    public ForkCommand fork(List<String> benchArguments, Set<String> timingOnly) {
        return fork(benchArguments, timingOnly, benchOptions());
    }

    ForkCommand fork(List<String> benchArguments, Set<String> timingOnly, Set<String> known) {
        List<String> cmd = new ArrayList<>(List.of(dir.resolve("bin").resolve("flatbench").toString(), "bench"));
        List<String> missing = new ArrayList<>();
        for (int i = 0; i + 1 < benchArguments.size(); i += 2) {
            String option = benchArguments.get(i);
            if (known.contains(option)) cmd.addAll(benchArguments.subList(i, i + 2));
            else if (!timingOnly.contains(option)) missing.add(option);
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(label() + " cannot time the same benchmark: its bench has no " + String.join(", ", missing)
                    + " option; compare against a newer ref");
        }
        return new ForkCommand(label(), cmd, Path.of("").toAbsolutePath());
    }

    /**
     * The options this build's {@code bench} accepts. An older build lacks some (it has no
     * {@code --forks} and times in its own JVM, which is then one fork); those are left out.
     */
    public Set<String> benchOptions() {
        Path help;
        try {
            help = Files.createTempFile("flatbench-help-", ".txt");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary file: " + e.getMessage(), e);
        }
        try {
            int code = run(Path.of("").toAbsolutePath(), List.of(dir.resolve("bin").resolve("flatbench").toString(), "bench", "--help"), help);
            String text = Files.readString(help, StandardCharsets.UTF_8);
            if (code != 0) throw new IllegalStateException(label() + " does not run: 'flatbench bench --help' exited with " + code);
            Set<String> names = new LinkedHashSet<>();
            Matcher m = Pattern.compile("(?<![\\w-])--[a-z][a-z0-9-]*").matcher(text);
            while (m.find()) names.add(m.group());
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + help + ": " + e.getMessage(), e);
        } finally {
            help.toFile().delete();
        }
    }

    private static java.util.Optional<String> git(Path repo, String... args) {
        List<String> cmd = new ArrayList<>(List.of("git", "-C", repo.toString()));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(false).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.waitFor() == 0 ? java.util.Optional.of(out) : java.util.Optional.empty();
        } catch (IOException e) {
            throw new IllegalArgumentException("git is needed to build a ref, but it cannot be started: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running git", e);
        }
    }

    private static int run(Path dir, List<String> cmd, Path log) {
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            return p.waitFor();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot start " + cmd.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + cmd.get(0), e);
        }
    }

    private static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) return false;
        for (String d : path.split(java.io.File.pathSeparator)) if (Files.isExecutable(Path.of(d, tool))) return true;
        return false;
    }
}
