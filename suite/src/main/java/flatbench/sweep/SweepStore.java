package flatbench.sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import flatbench.record.AtomicFiles;
import flatbench.record.RunRecordStore;

/**
 * The result store of a sweep: a folder on a file system every shard sees (NFS, Lustre, a
 * Kubernetes ReadWriteMany volume). Nothing in it is shared between writers, so concurrent
 * shards on any number of hosts lose nothing:
 * <pre>
 * sweep.json            the sweep's run list (written whole, atomically)
 * runs/&lt;id&gt;/            a finished run: result.json, its .npy arrays and sweep-run.json; it appears
 *                       by one atomic rename of a complete folder, and the first writer of an id wins.
 *                       A run whose training diverged is finished too: its result.json says failed,
 *                       and sweep-run.json carries that status so a progress count need not parse results
 * running/&lt;id&gt;.&lt;host&gt;.&lt;pid&gt;.json   one per attempt in progress, touched every {@value #HEARTBEAT_SECONDS} s
 * failed/&lt;id&gt;.json      the last failure of a run that has no result
 * jobs/, logs/          emitted job files and the scheduler's logs
 * .tmp/                 private folders of runs in progress (renamed into runs/ when complete)
 * </pre>
 * A run is done when {@code runs/<id>/result.json} exists: it is never written in place.
 */
public final class SweepStore {
    public static final String PLAN_FILE = "sweep.json";
    public static final String RUN_INFO_FILE = "sweep-run.json";
    /** In {@value #RUN_INFO_FILE} of a published run whose result records a failed run: why (the record's reason). */
    static final String DIVERGED_KEY = "diverged";
    /** How often an attempt touches its marker. */
    public static final int HEARTBEAT_SECONDS = 30;
    /** A marker untouched this long belongs to a process that died without cleaning up (NFS caches file times up to a minute). */
    public static final Duration STALE_AFTER = Duration.ofMinutes(5);

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final Path root;

    public SweepStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() { return root; }
    public Path runs() { return root.resolve("runs"); }
    public Path jobs() { return root.resolve("jobs"); }
    public Path logs() { return root.resolve("logs"); }
    private Path running() { return root.resolve("running"); }
    private Path failedDir() { return root.resolve("failed"); }
    private Path tmp() { return root.resolve(".tmp"); }

    public Path runDir(String id) { return runs().resolve(id); }

    /** Whether the store has been used by a sweep (holds its run list). */
    public boolean exists() { return Files.isRegularFile(root.resolve(PLAN_FILE)); }

    /** The sweep's run list as last written by a spec run or emit. */
    public SweepPlan readPlan() {
        if (!exists()) throw new IllegalArgumentException(root + " is not a sweep store (it has no " + PLAN_FILE + ")");
        return SweepSpec.read(root.resolve(PLAN_FILE));
    }

    /** Writes the sweep's run list (the whole sweep, not a job's part of it). */
    public void writePlan(SweepPlan plan) {
        if (plan.job() != null) throw new IllegalArgumentException("a job's run list is not the sweep's: write it with writeJob");
        writeJson(root.resolve(PLAN_FILE), plan.toMap());
    }

    /** Writes a job's frozen run list to {@code jobs/<job>.json} and returns its path. */
    public Path writeJob(SweepPlan job) {
        if (job.job() == null) throw new IllegalArgumentException("a job's run list needs the job's name");
        Path f = jobs().resolve(job.job() + ".json");
        writeJson(f, job.toMap());
        return f;
    }

    /**
     * Whether a run is finished: its folder holds result.json (the folder only ever appears
     * complete). Completed and diverged runs both are; neither is run again.
     */
    public boolean hasResult(String id) {
        return Files.isRegularFile(runDir(id).resolve(RunRecordStore.RESULT_FILE));
    }

    // ---- Attempts -------------------------------------------------------------------------------

    /** Who runs an attempt: enough to tell a live attempt from one whose process died. */
    public record Worker(String host, long pid, String shard, String job) {
        public static Worker current(Shard shard, String job) {
            return new Worker(hostName(), ProcessHandle.current().pid(), shard.toString(), job);
        }
    }

    /** One attempt at one run: its marker under running/, its private folder under .tmp/ and its heartbeat. */
    public final class Attempt implements AutoCloseable {
        private final String id;
        private final Worker worker;
        private final Instant started = Instant.now();
        private final Path marker;
        private final Path privateDir;
        private final ScheduledExecutorService heartbeat;
        private boolean closed;

        private Attempt(String id, Worker worker) {
            this.id = id;
            this.worker = worker;
            // The nonce keeps two attempts of one process (threads, or a retry) apart.
            String tag = id + "." + safe(worker.host()) + "." + worker.pid() + "." + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
            this.marker = running().resolve(tag + ".json");
            this.privateDir = tmp().resolve(tag);
            Map<String, Object> m = info();
            writeJson(marker, m);
            heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "sweep-heartbeat-" + id);
                t.setDaemon(true);
                return t;
            });
            heartbeat.scheduleAtFixedRate(this::touch, HEARTBEAT_SECONDS, HEARTBEAT_SECONDS, TimeUnit.SECONDS);
        }

        public String id() { return id; }

        /** Where the run writes its folder; nobody else writes there. */
        public Path privateDir() {
            try {
                return Files.createDirectories(privateDir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + privateDir + ": " + e.getMessage(), e);
            }
        }

        /**
         * Moves the complete run folder to {@code runs/<id>} in one rename. When another attempt
         * got there first, its result stays and this copy is dropped. Returns the published folder.
         */
        public Path publish(Path runDir) {
            return publish(runDir, null);
        }

        /**
         * Publishes the folder of a run that ended failed in itself (training diverged) but wrote
         * its result: it is finished, kept and never run again (the same configuration and seed
         * diverge again), and counts as {@link State#DIVERGED}.
         */
        public Path publishDiverged(Path runDir, String reason) {
            return publish(runDir, Objects.requireNonNull(reason, "reason"));
        }

        private Path publish(Path runDir, String diverged) {
            Map<String, Object> done = info();
            Instant now = Instant.now();
            done.put("finished", now.toString());
            done.put("seconds", Duration.between(started, now).toMillis() / 1000.0);
            if (diverged != null) done.put(DIVERGED_KEY, diverged);
            writeJson(runDir.resolve(RUN_INFO_FILE), done);
            Path target = runDir(id);
            try {
                Files.createDirectories(runs());
                Files.move(runDir, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
                // another attempt published this id first: keep its result
            } catch (FileSystemException e) {
                if (!hasResult(id)) throw new UncheckedIOException("cannot move " + runDir + " to " + target + ": " + e.getMessage(), e);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot move " + runDir + " to " + target + ": " + e.getMessage(), e);
            }
            deleteQuietly(failedDir().resolve(id + ".json"));
            close();
            return target;
        }

        /** Records why the run failed (failed/&lt;id&gt;.json) unless another attempt has meanwhile finished it. */
        public void fail(String message) {
            if (!hasResult(id)) {
                Map<String, Object> f = info();
                Instant now = Instant.now();
                f.put("failed", now.toString());
                f.put("seconds", Duration.between(started, now).toMillis() / 1000.0);
                f.put("error", message);
                writeJson(failedDir().resolve(id + ".json"), f);
            }
            close();
        }

        /** Stops the heartbeat and removes the marker and the private folder; the run counts as not started. */
        @Override public synchronized void close() {
            if (closed) return;
            closed = true;
            heartbeat.shutdownNow();
            deleteQuietly(marker);
            deleteTree(privateDir);
        }

        private void touch() {
            try {
                Files.setLastModifiedTime(marker, FileTime.from(Instant.now()));
            } catch (IOException e) {
                // a missed beat is harmless; five in a row make the attempt look dead, which only allows a rerun
            }
        }

        private Map<String, Object> info() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            m.put("host", worker.host());
            m.put("pid", worker.pid());
            m.put("shard", worker.shard());
            if (worker.job() != null) m.put("job", worker.job());
            m.put("started", started.toString());
            return m;
        }
    }

    /** Starts an attempt: writes its marker and starts its heartbeat. Close it (or publish/fail) when done. */
    public Attempt start(String id, Worker worker) {
        return new Attempt(id, worker);
    }

    // ---- What state each run is in ------------------------------------------------------------

    /**
     * A run's state in the store. DONE: finished and completed; DIVERGED: finished, its result
     * kept but marked failed (training diverged), not to be run again; FAILED: ended in an error
     * without a result (a resubmission retries it); LEFT: neither finished nor failed nor in
     * progress (never started, or its process died).
     */
    public enum State {
        DONE, DIVERGED, RUNNING, FAILED, LEFT;

        /** Whether the run has its result in the store (completed or diverged): nothing is left to do for it. */
        public boolean finished() { return this == DONE || this == DIVERGED; }
    }

    /** The state of every run of a plan, by id; also what is known of it (host, error, seconds). */
    public record RunStatus(String id, State state, Map<String, Object> info, boolean staleMarker) {}

    public Map<String, RunStatus> statuses(List<SweepRun> runs) {
        Set<String> done = new TreeSet<>(names(runs(), ""));
        Set<String> failed = new TreeSet<>(names(failedDir(), ".json"));
        Map<String, List<Path>> markers = new HashMap<>();
        for (Path p : list(running())) {
            String n = p.getFileName().toString();
            int dot = n.indexOf('.');
            if (dot > 0 && n.endsWith(".json")) markers.computeIfAbsent(n.substring(0, dot), k -> new ArrayList<>()).add(p);
        }
        Map<String, RunStatus> out = new LinkedHashMap<>();
        for (SweepRun r : runs) {
            String id = r.id();
            if (done.contains(id) && hasResult(id)) {
                Map<String, Object> info = readJson(runDir(id).resolve(RUN_INFO_FILE)).orElse(Map.of());
                out.put(id, new RunStatus(id, info.containsKey(DIVERGED_KEY) ? State.DIVERGED : State.DONE, info, false));
                continue;
            }
            Optional<Map<String, Object>> live = Optional.empty();
            boolean stale = false;
            for (Path m : markers.getOrDefault(id, List.of())) {
                Optional<Map<String, Object>> info = readJson(m);
                if (info.isPresent() && isAlive(m, info.get())) live = info;
                else stale = true;
            }
            if (live.isPresent()) out.put(id, new RunStatus(id, State.RUNNING, live.get(), false));
            else if (failed.contains(id)) out.put(id, new RunStatus(id, State.FAILED, readJson(failedDir().resolve(id + ".json")).orElse(Map.of()), stale));
            else out.put(id, new RunStatus(id, State.LEFT, Map.of(), stale));
        }
        return out;
    }

    /**
     * A marker belongs to a live attempt when its process still exists (checked when it ran on
     * this host) and its heartbeat is recent.
     */
    private static boolean isAlive(Path marker, Map<String, Object> info) {
        if (hostName().equals(info.get("host")) && info.get("pid") instanceof Number pid) {
            Optional<ProcessHandle> p = ProcessHandle.of(pid.longValue());
            if (p.isEmpty() || !p.get().isAlive()) return false;
        }
        try {
            Instant touched = Files.getLastModifiedTime(marker).toInstant();
            return Duration.between(touched, Instant.now()).compareTo(STALE_AFTER) < 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Ids of finished runs that the given list does not hold (results of an earlier version of the sweep). */
    public List<String> unlisted(List<SweepRun> runs) {
        Set<String> listed = new TreeSet<>();
        runs.forEach(r -> listed.add(r.id()));
        return names(runs(), "").stream().filter(id -> !listed.contains(id) && hasResult(id)).sorted().toList();
    }

    // ---- Files ----------------------------------------------------------------------------------

    private static List<String> names(Path dir, String suffix) {
        List<String> out = new ArrayList<>();
        for (Path p : list(dir)) {
            String n = p.getFileName().toString();
            if (n.startsWith(".") || !n.endsWith(suffix)) continue;
            out.add(n.substring(0, n.length() - suffix.length()));
        }
        return out;
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    static void writeJson(Path file, Object value) {
        try {
            AtomicFiles.write(file, JSON.writeValueAsString(value).getBytes(StandardCharsets.UTF_8));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + file + " as JSON", e);
        }
    }

    /** A small JSON file, or empty when it is gone (another process may remove it at any moment). */
    @SuppressWarnings("unchecked")
    static Optional<Map<String, Object>> readJson(Path file) {
        try {
            return Optional.of(JSON.readValue(file.toFile(), Map.class));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // left behind: it is ignored (a marker goes stale, a .tmp folder is never read)
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(SweepStore::deleteQuietly);
        } catch (IOException e) {
            // as above
        }
    }

    private static String safe(String host) {
        return host.replaceAll("[^A-Za-z0-9_-]", "_");
    }

    /** This machine's name as the OS reports it; the same in every process here, whatever their environment. */
    static String hostName() {
        return HOST;
    }

    private static final String HOST = lookUpHost();

    private static String lookUpHost() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            String h = System.getenv("HOSTNAME");
            return h == null || h.isBlank() ? "unknown-host" : h;
        }
    }
}
