package flatbench.sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import flatbench.engine.Engines;
import flatbench.record.AtomicFiles;

/**
 * Writes what a cluster needs to run a sweep's runs: the frozen run list ({@code jobs/<job>.json})
 * and beside it a Slurm array script or a Kubernetes Indexed Job manifest whose tasks each run
 * {@code flatbench sweep <run list>} as one shard. flatbench schedules nothing itself.
 */
public final class ClusterJobs {
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .build();

    private ClusterJobs() {}

    public enum Scheduler {
        SLURM("slurm", ".sbatch", "sbatch"), K8S("k8s", ".k8s.yaml", "kubectl apply -f");

        private final String label;
        private final String suffix;
        private final String submit;

        Scheduler(String label, String suffix, String submit) {
            this.label = label;
            this.suffix = suffix;
            this.submit = submit;
        }

        public String label() { return label; }

        public static Scheduler parse(String text) {
            for (Scheduler s : values()) if (s.label.equalsIgnoreCase(text.strip())) return s;
            throw new IllegalArgumentException("unknown scheduler '" + text + "' (known: slurm, k8s)");
        }
    }

    /** What was written and how to submit it. */
    public record Emitted(Path runList, Path jobFile, String submitCommand, int runs, int shards) {}

    /**
     * Freezes the given runs as a job of the sweep and writes its job file.
     *
     * @param launcher  bin/flatbench of the tree or bundle that emits the job, used on Slurm nodes unless the spec names another
     * @param prefix    the job's name before its time stamp, e.g. {@code smoke} or {@code smoke-resubmit}
     */
    public static Emitted emit(Scheduler scheduler, SweepPlan sweep, List<SweepRun> runs, SweepStore store, Path launcher, String prefix) {
        if (runs.isEmpty()) throw new IllegalArgumentException("there are no runs to submit");
        String job = freshJobName(store, prefix);
        SweepPlan frozen = sweep.forJob(job, runs, sweep.shards());
        int shards = frozen.shardCount();
        frozen = frozen.withShards(shards);
        Path list = store.writeJob(frozen);
        Path file = store.jobs().resolve(job + scheduler.suffix);
        String text = switch (scheduler) {
            case SLURM -> slurmScript(frozen, list, store, launcher);
            case K8S -> kubernetesManifest(frozen, list, store);
        };
        AtomicFiles.write(file, text.getBytes(StandardCharsets.UTF_8));
        if (scheduler == Scheduler.SLURM) {
            makeExecutable(file);
            try {
                Files.createDirectories(store.logs()); // Slurm does not create the folder of --output
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + store.logs() + ": " + e.getMessage(), e);
            }
        }
        return new Emitted(list, file, scheduler.submit + " " + file, runs.size(), shards);
    }

    // ---- Slurm ----------------------------------------------------------------------------------

    /** An sbatch script: one array task per shard, ids 0..n-1 (the shard index), at most {@code throttle} at once. */
    static String slurmScript(SweepPlan job, Path runList, SweepStore store, Path defaultLauncher) {
        SlurmOptions o = job.slurm().orDefaults();
        String launcher = o.flatbench() != null ? o.flatbench() : defaultLauncher.toAbsolutePath().normalize().toString();
        int n = job.shardCount();
        Integer gpus = o.gpus() != null ? o.gpus() : job.needsAccelerator() ? Integer.valueOf(1) : null;
        // Relative paths of the runs (the data sets' default folder data/) mean on the nodes what they meant where the job was emitted.
        Path workDir = Path.of("").toAbsolutePath().normalize();
        for (Path p : List.of(store.root(), runList, workDir)) {
            if (p.toString().chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("Slurm cannot name a path with spaces in #SBATCH lines: " + p);
            }
        }
        List<String> l = new ArrayList<>();
        l.add("#!/bin/bash");
        l.add("# flatbench sweep '" + oneLine(job.name()) + "', job " + job.job() + ": " + job.runs().size() + " runs in " + n
                + " array tasks (task i runs shard i/" + n + ").");
        l.add("# Submit with: sbatch " + store.jobs().resolve(job.job() + Scheduler.SLURM.suffix));
        l.add("#SBATCH --job-name=flatbench-" + slug(job.name(), 40));
        l.add("#SBATCH --array=0-" + (n - 1) + (o.throttle() != null ? "%" + o.throttle() : ""));
        l.add("#SBATCH --output=" + store.logs().resolve(job.job() + "-%A_%a.out"));
        l.add("#SBATCH --chdir=" + workDir);
        if (o.time() != null) l.add("#SBATCH --time=" + o.time());
        if (o.cpusPerTask() != null) l.add("#SBATCH --cpus-per-task=" + o.cpusPerTask());
        if (o.mem() != null) l.add("#SBATCH --mem=" + o.mem());
        if (o.partition() != null) l.add("#SBATCH --partition=" + o.partition());
        if (o.account() != null) l.add("#SBATCH --account=" + o.account());
        if (o.qos() != null) l.add("#SBATCH --qos=" + o.qos());
        if (gpus != null && gpus > 0) l.add("#SBATCH --gres=gpu:" + gpus);
        for (String x : o.extra()) l.add("#SBATCH " + oneLine(x));
        l.add("set -euo pipefail");
        l.addAll(o.setup());
        // One thread per CPU Slurm granted, not per core of the node: the cpu engine's (FLATBENCH_THREADS) and
        // OpenMP's alike. Slurm sets SLURM_CPUS_PER_TASK from --cpus-per-task; the fallback is the same request.
        l.add("# One flatbench (cpu engine) and OpenMP thread per CPU Slurm granted, not per core of the node.");
        l.add("export " + Engines.THREADS_VARIABLE + "=\"${SLURM_CPUS_PER_TASK:-" + o.cpusPerTask() + "}\"");
        l.add("export OMP_NUM_THREADS=\"$" + Engines.THREADS_VARIABLE + "\"");
        l.add("exec " + quote(launcher) + " sweep " + quote(runList.toString()) + " --store " + quote(store.root().toString()));
        return String.join("\n", l) + "\n";
    }

    // ---- Kubernetes -----------------------------------------------------------------------------

    /** A batch/v1 Indexed Job: completions = shards, each pod runs shard JOB_COMPLETION_INDEX/n. */
    static String kubernetesManifest(SweepPlan job, Path runList, SweepStore store) {
        KubernetesOptions o = job.k8s().orDefaults();
        if (o.storeClaim() == null) {
            throw new IllegalArgumentException("k8s.storeClaim is needed: the pods write their results to a ReadWriteMany volume holding the store");
        }
        if (o.image() == null && o.bundleClaim() == null) {
            throw new IllegalArgumentException("k8s.image (an image holding flatbench) or k8s.bundleClaim (a volume holding the unpacked bundle) is needed");
        }
        boolean accelerator = job.needsAccelerator();
        int n = job.shardCount();
        int gpus = o.gpus() != null ? o.gpus() : accelerator ? 1 : 0;
        String image = o.image() != null ? o.image() : accelerator ? "nvidia/cuda:12.6.3-base-ubuntu24.04" : "debian:bookworm-slim";
        String podStore = o.storeMount();
        String podList = podStore + "/" + store.root().relativize(runList.toAbsolutePath().normalize()).toString().replace('\\', '/');

        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("app.kubernetes.io/name", "flatbench");
        labels.put("flatbench/sweep", slug(job.name(), 63));

        Map<String, Object> resources = new LinkedHashMap<>();
        resources.put("requests", map("cpu", o.cpu(), "memory", o.memory()));
        Map<String, Object> limits = map("memory", o.memory());
        if (gpus > 0) limits.put("nvidia.com/gpu", gpus);
        resources.put("limits", limits);

        List<Object> mounts = new ArrayList<>();
        List<Object> volumes = new ArrayList<>();
        mounts.add(map("name", "store", "mountPath", podStore));
        volumes.add(map("name", "store", "persistentVolumeClaim", map("claimName", o.storeClaim())));
        if (o.bundleClaim() != null) {
            mounts.add(map("name", "bundle", "mountPath", o.bundleMount(), "readOnly", true));
            volumes.add(map("name", "bundle", "persistentVolumeClaim", map("claimName", o.bundleClaim(), "readOnly", true)));
        }
        int i = 0;
        for (KubernetesOptions.Volume v : o.volumes()) {
            String name = "volume-" + i++;
            Map<String, Object> m = map("name", name, "mountPath", v.mountPath());
            if (Boolean.TRUE.equals(v.readOnly())) m.put("readOnly", true);
            mounts.add(m);
            volumes.add(map("name", name, "persistentVolumeClaim", map("claimName", v.claim())));
        }

        Map<String, Object> container = new LinkedHashMap<>();
        container.put("name", "flatbench");
        container.put("image", image);
        if (o.workingDir() != null) container.put("workingDir", o.workingDir());
        container.put("command", List.of(o.flatbench(), "sweep", podList, "--store", podStore, "--shards", Integer.toString(n)));
        // One thread per requested core for the cpu engine and OpenMP alike (an env value is a string: "500m" would not parse).
        String threads = Integer.toString(o.threads());
        container.put("env", List.of(map("name", Engines.THREADS_VARIABLE, "value", threads), map("name", "OMP_NUM_THREADS", "value", threads)));
        container.put("resources", resources);
        container.put("volumeMounts", mounts);

        Map<String, Object> podSpec = new LinkedHashMap<>();
        podSpec.put("restartPolicy", "Never");
        podSpec.put("containers", List.of(container));
        podSpec.put("volumes", volumes);

        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("completionMode", "Indexed");
        spec.put("completions", n);
        spec.put("parallelism", o.parallelism() != null ? Math.min(o.parallelism(), n) : n);
        spec.put("backoffLimit", o.backoffLimit());
        spec.put("template", map("metadata", map("labels", labels), "spec", podSpec));

        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", slug("flatbench-" + job.job(), 63));
        if (o.namespace() != null) metadata.put("namespace", o.namespace());
        metadata.put("labels", labels);

        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("apiVersion", "batch/v1");
        manifest.put("kind", "Job");
        manifest.put("metadata", metadata);
        manifest.put("spec", spec);
        try {
            return "# flatbench sweep '" + oneLine(job.name()) + "', job " + job.job() + ": " + job.runs().size() + " runs in " + n
                    + " indexed pods (pod i runs shard i/" + n + ").\n# Submit with: kubectl apply -f "
                    + store.jobs().resolve(job.job() + Scheduler.K8S.suffix) + "\n" + YAML.writeValueAsString(manifest);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the Job manifest as YAML", e);
        }
    }

    // ---- Small helpers --------------------------------------------------------------------------

    /** {@code prefix-yyyyMMdd-HHmmss}, with a counter when that job exists already. */
    private static String freshJobName(SweepStore store, String prefix) {
        String stem = slug(prefix, 40) + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        for (int i = 1; ; i++) {
            String name = i == 1 ? stem : stem + "-" + i;
            if (!Files.exists(store.jobs().resolve(name + ".json"))) return name;
        }
    }

    /** Lower-case letters, digits and dashes, starting and ending with a letter or digit (a DNS-1123 label). */
    static String slug(String text, int max) {
        String s = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-").replaceAll("-{2,}", "-");
        if (s.length() > max) s = s.substring(0, max);
        s = s.replaceAll("^-+", "").replaceAll("-+$", "");
        return s.isEmpty() ? "sweep" : s;
    }

    /** A word for bash, in single quotes. */
    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static String oneLine(String s) {
        return s.replaceAll("[\\r\\n]+", " ");
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    private static void makeExecutable(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (UnsupportedOperationException | IOException e) {
            // sbatch reads the script either way
        }
    }
}
