package flatbench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import flatbench.checkpoint.Checkpoints;
import flatbench.cli.Main;
import flatbench.engine.Engines;

/**
 * The real thing: {@code flatbench run} in a child JVM, killed with SIGKILL
 * ({@link Process#destroyForcibly}) at random moments after it has written a checkpoint, resumed
 * with {@code --resume}, killed again, … until it finishes; every finished run must equal an
 * uninterrupted one ({@link SameResult}). {@code make test} does {@value #DEFAULT_KILLS} kills;
 * {@code make resume-check N=20} sets {@code flatbench.resume.kills} and prints the counts.
 */
class ResumeAfterKillTest {
    static final int DEFAULT_KILLS = 3;
    private static final String CHECKPOINT_LINE = "checkpoint at step";

    @TempDir Path tmp;

    /**
     * A noise run on synthetic data: seconds of training in 1,000 steps, then the measurement
     * point. Batches of 160 are split over two threads by the cpu engine (above its
     * {@code PART_MACS} per part), so the order of the partial sums is exercised too.
     */
    private static List<String> run(Path out) {
        return List.of("run", "--model", "mlp", "--data", "teacher-student", "--train-samples", "300", "--steps", "1000", "--batch", "160",
                "--momentum", "0.9", "--noise-samples", "16", "--checkpoint-every", "50ms", "--save-weights", "--out", out.toString());
    }

    /** A child flatbench whose output is read for its first checkpoint line. */
    private static final class Child {
        final Process process;
        final CountDownLatch checkpointed = new CountDownLatch(1);
        final StringBuilder output = new StringBuilder();

        Child(List<String> args) throws IOException {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
            command.addAll(args);
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            // The same batch split as this JVM's (the order of the partial sums); the baseline runs with it too.
            pb.environment().put(Engines.THREADS_VARIABLE, String.valueOf(Engines.cpuThreads()));
            pb.environment().remove("FLATBENCH_PROGRESS");
            process = pb.start();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        synchronized (output) {
                            output.append(line).append('\n');
                        }
                        if (line.startsWith(CHECKPOINT_LINE)) checkpointed.countDown();
                    }
                } catch (IOException e) {
                    // the child was killed mid-line
                }
                checkpointed.countDown();
            });
            reader.setDaemon(true);
            reader.start();
        }

        /** Waits for the first checkpoint line (or the end), then returns the seconds it took. */
        double awaitCheckpoint() throws InterruptedException {
            long t0 = System.nanoTime();
            assertTrue(checkpointed.await(5, TimeUnit.MINUTES), "no checkpoint line in 5 minutes: " + output());
            return (System.nanoTime() - t0) / 1e9;
        }

        int exit() throws InterruptedException {
            assertTrue(process.waitFor(10, TimeUnit.MINUTES), "the child did not end");
            return process.exitValue();
        }

        String output() {
            synchronized (output) {
                return output.toString();
            }
        }
    }

    @Test void killedAtRandomAndResumedUntilDoneGivesTheUninterruptedResult() throws Exception {
        int wanted = Integer.getInteger("flatbench.resume.kills", DEFAULT_KILLS);
        long seed = Long.getLong("flatbench.resume.seed", System.nanoTime());
        SplittableRandom random = new SplittableRandom(seed);

        Child base = new Child(run(tmp.resolve("base")));
        base.awaitCheckpoint();
        long t0 = System.nanoTime();
        assertEquals(0, base.exit(), base.output());
        // The time from a child's first checkpoint to its end: kills fall in there, spread so that several fit in one run.
        double window = (System.nanoTime() - t0) / 1e9;
        Path baseDir = ResumeTest.onlyFolder(tmp.resolve("base"));

        int kills = 0, resumes = 0, runs = 0, identical = 0;
        List<String> failures = new ArrayList<>();
        while (kills < wanted) {
            Path out = tmp.resolve("run" + runs++);
            Path dir = null;
            for (boolean finished = false; !finished; ) {
                Child c = new Child(dir == null ? run(out) : List.of("run", "--resume", dir.toString(), "--checkpoint-every", "50ms"));
                if (dir != null) resumes++;
                c.awaitCheckpoint();
                if (dir == null) dir = ResumeTest.onlyFolder(out);
                Thread.sleep(Math.round(1000 * random.nextDouble() * 2 * window / Math.max(1, Math.min(wanted, 4))));
                if (c.process.isAlive() && kills < wanted) {
                    c.process.destroyForcibly();
                    c.exit();
                    kills++;
                    assertTrue(Files.exists(dir.resolve(Checkpoints.FILE)) || Files.exists(dir.resolve("result.json")),
                            "killed with neither a checkpoint nor a result in " + dir);
                } else {
                    int code = c.exit();
                    assertEquals(0, code, c.output());
                    finished = true;
                }
            }
            List<String> d = SameResult.differences(baseDir, dir);
            if (d.isEmpty()) identical++;
            else failures.add(dir + ": " + d);
        }
        System.out.printf("resume-check: %d runs, %d SIGKILLs, %d resumes, %d of %d results identical to the uninterrupted run (seed %d)%n",
                runs, kills, resumes, identical, runs, seed);
        assertEquals(List.of(), failures, "seed " + seed);

        // Resuming a finished run says so and succeeds; a folder without a checkpoint is one sentence.
        StringWriter out = new StringWriter(), err = new StringWriter();
        assertEquals(0, Main.execute(new String[] {"run", "--resume", baseDir.toString()}, new PrintWriter(out, true), new PrintWriter(err, true)));
        assertTrue(out.toString().contains("has finished already (completed)"), out.toString());
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        err = new StringWriter();
        assertEquals(2, Main.execute(new String[] {"run", "--resume", empty.toString()}, new PrintWriter(new StringWriter(), true), new PrintWriter(err, true)));
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
        assertTrue(err.toString().startsWith("flatbench: " + empty + " holds no checkpoint"), err.toString());
    }
}
