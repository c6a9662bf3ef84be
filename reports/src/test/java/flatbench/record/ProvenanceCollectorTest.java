package flatbench.record;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

class ProvenanceCollectorTest {
    @TempDir Path dir;

    private static void git(Path dir, String... args) throws Exception {
        String[] cmd = new String[args.length + 5];
        cmd[0] = "git";
        cmd[1] = "-c";
        cmd[2] = "user.name=test";
        cmd[3] = "-c";
        cmd[4] = "user.email=test@example.invalid";
        System.arraycopy(args, 0, cmd, 5, args.length);
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), String.join(" ", cmd));
    }

    @Test
    void readsCommitAndDirtyStateOfARepository() throws Exception {
        Assumptions.assumeTrue(ProvenanceCollector.run(dir, "git", "--version").isPresent(), "git is not installed");
        git(dir, "init", "-q", "-b", "main");
        Files.writeString(dir.resolve("a.txt"), "a");
        git(dir, "add", "a.txt");
        git(dir, "commit", "-q", "-m", "first");
        // Independent of `git rev-parse`: the branch ref file holds the commit id.
        String head = Files.readString(dir.resolve(".git/refs/heads/main")).strip();
        Provenance clean = ProvenanceCollector.collect(dir);
        assertEquals(head, clean.gitCommit());
        assertEquals(Boolean.FALSE, clean.gitDirty());
        Files.writeString(dir.resolve("a.txt"), "changed");
        assertEquals(Boolean.TRUE, ProvenanceCollector.collect(dir).gitDirty());
    }

    @Test
    void outsideARepositoryEverythingGitIsUnknown() {
        Provenance p = ProvenanceCollector.collect(dir);
        assertEquals(Provenance.UNKNOWN, p.gitCommit());
        assertNull(p.gitDirty());
        assertTrue(p.jvm().contains(System.getProperty("java.runtime.version")));
        assertFalse(p.machine().isBlank());
        assertTrue(p.machine().matches("[A-Za-z0-9._-]+"));
    }

    @Test
    void machineNamesAreSafeDirectoryNames() {
        assertEquals("gpu_box_1", ProvenanceCollector.safeName("gpu box/1"));
        assertEquals(Provenance.UNKNOWN, ProvenanceCollector.safeName(".."));
    }
}
