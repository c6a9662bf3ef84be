package flatbench.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

/** The emitted Slurm scripts and Kubernetes manifests, checked by bash and by the batch/v1 Job schema. */
class ClusterJobsTest {
    @TempDir Path tmp;
    private static Schema jobSchema;

    @BeforeAll static void loadSchema() throws Exception {
        try (InputStream in = ClusterJobsTest.class.getResourceAsStream("/kubernetes/job-batch-v1.json")) {
            ObjectNode schema = (ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper().readTree(in);
            // "$schema": "http://json-schema.org/schema#" names no draft ("the latest"); the schema is written in draft 4.
            schema.remove("$schema");
            jobSchema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4).getSchema(schema.toString());
        }
    }

    private static SweepPlan plan(String extra, Path store) {
        return SweepSpecTest.plan("""
                name: Smoke Test
                settings: {model: mlp, data: teacher-student, steps: 12}
                grid: {lr: [0.05, 0.1], batch: [16, 32], seed: [1, 2]}
                """ + extra).withStore(store);
    }

    @Test void theSlurmScriptPassesBashAndArraysOneTaskPerShard() throws Exception {
        SweepStore store = new SweepStore(tmp.resolve("store"));
        SweepPlan p = plan("slurm: {throttle: 3, partition: short, time: '00:10:00', extra: ['--constraint=fast'], setup: ['module load java']}",
                store.root());
        ClusterJobs.Emitted e = ClusterJobs.emit(ClusterJobs.Scheduler.SLURM, p, p.runs(), store, Path.of("/opt/flatbench/bin/flatbench"), p.name());
        String script = Files.readString(e.jobFile());
        bashN(e.jobFile());
        assertEquals(8, e.shards());
        assertEquals(List.of("0-7%3"), sbatch(script, "array"));
        assertEquals(List.of("short"), sbatch(script, "partition"));
        assertEquals(List.of("fast"), sbatch(script, "constraint"));
        assertEquals(List.of(), sbatch(script, "gres"), "no GPU for the dl4j engine");
        assertEquals(List.of("flatbench-smoke-test"), sbatch(script, "job-name"));
        assertTrue(script.contains("exec '/opt/flatbench/bin/flatbench' sweep '" + e.runList() + "' --store '" + store.root() + "'"), script);
        assertTrue(script.indexOf("module load java") < script.indexOf("exec "), script);
        assertTrue(Files.isDirectory(store.logs()), "Slurm writes --output there but does not create it");
        assertEquals(p.runs(), SweepSpec.read(e.runList()).runs(), "the job runs the frozen list");

        SweepPlan three = p.withShards(3);
        ClusterJobs.Emitted e3 = ClusterJobs.emit(ClusterJobs.Scheduler.SLURM, three, three.runs().subList(0, 5), store, Path.of("/x/bin/flatbench"), "part");
        assertEquals(List.of("0-2%3"), sbatch(Files.readString(e3.jobFile()), "array"), "3 shards of 5 runs");
        assertEquals(5, SweepSpec.read(e3.runList()).runs().size());
    }

    @Test void theSlurmScriptStartsFlatbenchOnItsRunList() throws Exception {
        // A stand-in launcher that records how it was called; bash runs the emitted script as slurmd would.
        Path launcher = tmp.resolve("fake-flatbench");
        Files.writeString(launcher, "#!/bin/bash\necho \"args: $*\"\necho \"threads: $FLATBENCH_THREADS omp: $OMP_NUM_THREADS\"\n");
        launcher.toFile().setExecutable(true);
        SweepStore store = new SweepStore(tmp.resolve("store"));
        SweepPlan p = plan("slurm: {cpusPerTask: 3, flatbench: " + launcher + "}", store.root());
        ClusterJobs.Emitted e = ClusterJobs.emit(ClusterJobs.Scheduler.SLURM, p, p.runs(), store, Path.of("unused"), p.name());
        assertEquals(List.of("3"), sbatch(Files.readString(e.jobFile()), "cpus-per-task"));
        String out = runScript(e.jobFile(), null);
        assertTrue(out.contains("args: sweep " + e.runList() + " --store " + store.root()), out);
        assertTrue(out.contains("threads: 3 omp: 3"), "the requested CPUs when Slurm says nothing: " + out);
        assertTrue(runScript(e.jobFile(), "5").contains("threads: 5 omp: 5"), "the CPUs Slurm granted");
    }

    /** Runs the script with bash as slurmd would, with SLURM_CPUS_PER_TASK as given (null: unset); returns its output. */
    private static String runScript(Path script, String cpusPerTask) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true);
        pb.environment().remove("FLATBENCH_THREADS");
        pb.environment().remove("OMP_NUM_THREADS");
        if (cpusPerTask == null) pb.environment().remove("SLURM_CPUS_PER_TASK");
        else pb.environment().put("SLURM_CPUS_PER_TASK", cpusPerTask);
        Process bash = pb.start();
        bash.getOutputStream().close();
        String out = new String(bash.getInputStream().readAllBytes());
        assertTrue(bash.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, bash.exitValue(), out);
        return out;
    }

    @Test void podsRunOneThreadPerRequestedWholeCore() throws Exception {
        SweepStore store = new SweepStore(tmp.resolve("store"));
        for (String[] c : new String[][]{{"'500m'", "1"}, {"'1.5'", "1"}, {"'2500m'", "2"}, {"'4'", "4"}, {"'0.25'", "1"}}) {
            SweepPlan p = plan("k8s: {storeClaim: results, image: flatbench, cpu: " + c[0] + "}", store.root());
            JsonNode job = manifest(ClusterJobs.emit(ClusterJobs.Scheduler.K8S, p, p.runs(), store, Path.of("unused"), "t").jobFile());
            assertTrue(jobSchema.validate(job).isEmpty());
            JsonNode container = job.at("/spec/template/spec/containers/0");
            assertEquals(c[0].replace("'", ""), container.at("/resources/requests/cpu").asText(), "the request as given");
            java.util.Map<String, String> env = new java.util.HashMap<>();
            container.get("env").forEach(v -> env.put(v.get("name").asText(), v.get("value").asText()));
            assertEquals(c[1], env.get("FLATBENCH_THREADS"), c[0]);
            assertEquals(c[1], env.get("OMP_NUM_THREADS"), c[0]);
        }
        for (String bad : List.of("'two'", "'0'", "'-1'", "'1Ki'")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> plan("k8s: {storeClaim: results, image: flatbench, cpu: " + bad + "}", store.root()), bad);
            assertTrue(e.getMessage().contains("k8s.cpu must be a positive number of cores"), e.getMessage());
        }
    }

    @Test void aCudaSweepAsksForGpus() throws Exception {
        SweepStore store = new SweepStore(tmp.resolve("store"));
        SweepPlan p = plan("cases: [{engine: cuda}]\nk8s: {storeClaim: results, image: 'registry.example/flatbench:1'}", store.root());
        String script = Files.readString(ClusterJobs.emit(ClusterJobs.Scheduler.SLURM, p, p.runs(), store, Path.of("/f/bin/flatbench"), "g").jobFile());
        assertEquals(List.of("gpu:1"), sbatch(script, "gres"));
        JsonNode job = manifest(ClusterJobs.emit(ClusterJobs.Scheduler.K8S, p, p.runs(), store, Path.of("unused"), "g").jobFile());
        assertEquals(1, job.at("/spec/template/spec/containers/0/resources/limits/nvidia.com~1gpu").asInt());
    }

    @Test void theKubernetesManifestIsAValidIndexedJob() throws Exception {
        SweepStore store = new SweepStore(tmp.resolve("store"));
        SweepPlan p = plan("""
                k8s:
                  storeClaim: flatbench-results
                  bundleClaim: flatbench-bundle
                  namespace: research
                  parallelism: 3
                  volumes: [{claim: datasets, mountPath: /data, readOnly: true}]
                """, store.root());
        ClusterJobs.Emitted e = ClusterJobs.emit(ClusterJobs.Scheduler.K8S, p, p.runs(), store, Path.of("unused"), p.name());
        JsonNode job = manifest(e.jobFile());
        List<Error> errors = jobSchema.validate(job);
        assertTrue(errors.isEmpty(), () -> "schema errors: " + errors);
        assertEquals("Indexed", job.at("/spec/completionMode").asText());
        assertEquals(8, job.at("/spec/completions").asInt());
        assertEquals(3, job.at("/spec/parallelism").asInt());
        assertEquals("Never", job.at("/spec/template/spec/restartPolicy").asText());
        JsonNode c = job.at("/spec/template/spec/containers/0");
        String listInPod = "/store/" + store.root().relativize(e.runList());
        assertEquals(List.of("/opt/flatbench/bin/flatbench", "sweep", listInPod, "--store", "/store", "--shards", "8"),
                YAML.convertValue(c.get("command"), List.class));
        assertTrue(c.at("/resources/limits/nvidia.com~1gpu").isMissingNode(), "no GPU for the dl4j engine");
        assertTrue(job.at("/metadata/name").asText().matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?") && job.at("/metadata/name").asText().length() <= 63);
        assertEquals("flatbench-bundle", job.at("/spec/template/spec/volumes/1/persistentVolumeClaim/claimName").asText());
        assertEquals("/data", c.at("/volumeMounts/2/mountPath").asText());
    }

    @Test void theSchemaRejectsWhatKubernetesWouldReject() throws Exception {
        // The validation above could pass vacuously; these broken copies of a good manifest must not.
        SweepStore store = new SweepStore(tmp.resolve("store"));
        SweepPlan p = plan("k8s: {storeClaim: results, image: flatbench}", store.root());
        JsonNode good = manifest(ClusterJobs.emit(ClusterJobs.Scheduler.K8S, p, p.runs(), store, Path.of("unused"), "x").jobFile());
        assertTrue(jobSchema.validate(good).isEmpty());
        ObjectNode typo = good.deepCopy();
        ((ObjectNode) typo.at("/spec")).set("completionsMode", typo.at("/spec/completionMode"));
        assertFalse(jobSchema.validate(typo).isEmpty(), "a misspelt field");
        ObjectNode wrongType = good.deepCopy();
        ((ObjectNode) wrongType.at("/spec")).put("completions", "eight");
        assertFalse(jobSchema.validate(wrongType).isEmpty(), "a string for an integer");
        ObjectNode noImage = good.deepCopy();
        ((ObjectNode) noImage.at("/spec/template/spec/containers/0")).remove("name");
        assertFalse(jobSchema.validate(noImage).isEmpty(), "a container without its required name");
    }

    /**
     * The shipped specs' k8s parts against what a pod really does: the manifest is a valid Job, and
     * every file data set a run reads from its default folder (relative: data/NAME) resolves, from
     * the pod's working folder, inside a mounted volume.
     */
    @Test void theShippedSpecsEmitJobsWhosePodsFindTheirData() throws Exception {
        for (String f : List.of("smoke.yaml", "feng-tu.yaml")) {
            SweepPlan p = SweepSpec.read(Path.of("..", "sweeps", f)).withStore(tmp.resolve(f));
            SweepStore store = new SweepStore(p.store());
            JsonNode job = manifest(ClusterJobs.emit(ClusterJobs.Scheduler.K8S, p, p.runs(), store, Path.of("unused"), p.name()).jobFile());
            assertTrue(jobSchema.validate(job).isEmpty(), f);
            JsonNode c = job.at("/spec/template/spec/containers/0");
            List<String> mounts = new java.util.ArrayList<>();
            c.get("volumeMounts").forEach(m -> mounts.add(m.get("mountPath").asText()));
            for (SweepRun r : p.runs()) {
                flatbench.data.DataSets.Entry data = flatbench.data.DataSets.entry(r.config().get(flatbench.scenario.RunSettings.DATA));
                if (data.kind() != flatbench.data.DataSets.Kind.FILES || r.config().get(flatbench.scenario.RunSettings.DATA_DIR) != null) continue;
                assertTrue(c.has("workingDir"), f + ": a relative data folder needs a known working folder");
                Path folder = Path.of(c.get("workingDir").asText()).resolve(data.defaultFolder().orElseThrow());
                assertTrue(mounts.stream().anyMatch(m -> folder.startsWith(m)), f + ": " + folder + " lies in no mounted volume " + mounts);
            }
            java.util.Map<String, String> env = new java.util.HashMap<>();
            c.get("env").forEach(v -> env.put(v.get("name").asText(), v.get("value").asText()));
            assertEquals(Integer.toString(p.k8s().threads()), env.get("FLATBENCH_THREADS"), f);
        }
    }

    @Test void aRelativeWorkingFolderIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> plan("k8s: {storeClaim: s, image: i, workingDir: work}", tmp.resolve("store")));
        assertTrue(e.getMessage().contains("k8s.workingDir must be an absolute path"), e.getMessage());
    }

    @Test void kubernetesNeedsASharedStoreAndAnImageOrBundle() {
        SweepStore store = new SweepStore(tmp.resolve("store"));
        SweepPlan noStore = plan("k8s: {image: x}", store.root());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ClusterJobs.emit(ClusterJobs.Scheduler.K8S, noStore, noStore.runs(), store,
                Path.of("u"), "x")).getMessage().contains("k8s.storeClaim"));
        SweepPlan noImage = plan("k8s: {storeClaim: s}", store.root());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ClusterJobs.emit(ClusterJobs.Scheduler.K8S, noImage, noImage.runs(), store,
                Path.of("u"), "x")).getMessage().contains("k8s.image"));
    }

    private static final YAMLMapper YAML = new YAMLMapper();

    private static JsonNode manifest(Path file) throws Exception {
        return YAML.readTree(Files.readString(file));
    }

    /** The values of one #SBATCH option. */
    private static List<String> sbatch(String script, String option) {
        Matcher m = Pattern.compile("(?m)^#SBATCH --" + Pattern.quote(option) + "=(\\S+)$").matcher(script);
        List<String> out = new java.util.ArrayList<>();
        while (m.find()) out.add(m.group(1));
        return out;
    }

    private static void bashN(Path script) throws Exception {
        Process p = new ProcessBuilder("bash", "-n", script.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), () -> "bash -n: " + out);
    }

}
