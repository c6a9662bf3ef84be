package flatbench.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import flatbench.scenario.RunConfig;
import flatbench.scenario.RunSettings;
import flatbench.scenario.Scenario;
import flatbench.scenario.Scenarios;
import flatbench.scenario.Setting;

/** Grid expansion and run ids: which runs a spec defines, in which order, and what their ids depend on. */
class SweepSpecTest {
    @TempDir Path tmp;

    static SweepPlan plan(String yaml) {
        return SweepSpec.expand("test.yaml", yaml, Path.of("store"));
    }

    @Test void theGridIsEveryCombinationWithTheLastAxisFastest() {
        SweepPlan p = plan("""
                settings: {model: mlp, data: teacher-student, steps: 12}
                grid: {lr: [0.05, 0.1, 0.2], batch: [16, 32], seed: [1, 2]}
                """);
        assertEquals(12, p.runs().size());
        int i = 0;
        for (double lr : new double[]{0.05, 0.1, 0.2}) {
            for (int b : new int[]{16, 32}) {
                for (long seed : new long[]{1, 2}) {
                    RunConfig c = p.runs().get(i).config();
                    assertEquals(i, p.runs().get(i).index());
                    assertEquals(lr, c.get(RunSettings.LEARNING_RATE));
                    assertEquals(b, c.get(RunSettings.BATCH));
                    assertEquals(seed, c.get(RunSettings.SEED));
                    assertEquals("mlp", c.get(RunSettings.MODEL));
                    assertEquals(12, c.get(RunSettings.STEPS));
                    i++;
                }
            }
        }
        assertEquals(List.of("learningRate", "batch", "seed"), p.axes());
        assertEquals(List.of(RunSettings.LEARNING_RATE, RunSettings.BATCH, RunSettings.SEED), p.varying());
        assertEquals(12, p.runs().stream().map(SweepRun::id).distinct().count(), "every run its own id");
    }

    @Test void casesAreCrossedWithTheGridAndMayChangeTheScenario() {
        SweepPlan p = plan("""
                settings: {data: teacher-student, steps: 10}
                grid: {seed: [1, 2, 3]}
                cases:
                  - {model: mlp, lr: 0.1}
                  - {scenario: alignment, model: mlp, lr: 0.02, top-k: 4}
                """);
        assertEquals(6, p.runs().size());
        assertEquals("noise", p.runs().get(0).config().scenario().name());
        assertEquals("alignment", p.runs().get(3).config().scenario().name());
        assertEquals(4, p.runs().get(4).config().get(RunSettings.TOP_K));
        assertEquals(0.02, p.runs().get(5).config().get(RunSettings.LEARNING_RATE));
        assertEquals(3, p.runs().get(2).config().get(RunSettings.SEED));
    }

    @Test void aSettingIsNamedByKeyOrOptionAndItsValueParsedByTheSetting() {
        String a = plan("settings: {learningRate: 0.10, --batch: 16, model: mlp}").runs().get(0).id();
        String b = plan("settings: {batch: '16', lr: 1e-1, model: mlp}").runs().get(0).id();
        String c = plan("settings: {model: mlp, lr: 0.1, batch: 16}").runs().get(0).id();
        assertEquals(a, b);
        assertEquals(a, c);
    }

    @Test void theIdCoversWhatTheSpecSetsTheScenarioAndTheSeedButNotTheDataFolder() {
        String base = plan("settings: {model: mlp, seed: 1}").runs().get(0).id();
        assertNotEquals(base, plan("settings: {model: mlp, seed: 2}").runs().get(0).id(), "another seed is another run");
        assertNotEquals(base, plan("settings: {model: mlp, seed: 1, momentum: 0.9}").runs().get(0).id());
        assertNotEquals(base, plan("settings: {model: mlp, seed: 1, precision: float64}").runs().get(0).id());
        assertNotEquals(base, plan("settings: {scenario: alignment, model: mlp, seed: 1}").runs().get(0).id(), "another scenario");
        assertEquals(base, plan("settings: {model: mlp}").runs().get(0).id(), "the seed counts with its value, set or not");
        assertEquals(base, plan("settings: {model: mlp, seed: 1, data-dir: " + tmp + "}").runs().get(0).id(),
                "where the data lies is not what is run");
        SweepRun r = plan("settings: {model: mlp, seed: 1}").runs().get(0);
        assertEquals(List.of("model", "scenario", "seed"), r.given());
        assertEquals(Scenarios.require("noise").defaults().with(RunSettings.MODEL, "mlp"), r.config(),
                "the run's full configuration is the scenario's defaults with its settings");
        assertTrue(base.matches("[0-9a-f]{16}"), base);
    }

    /**
     * Pinned ids: every store of a sweep relies on them. A new setting (with its default) or a
     * changed default elsewhere must leave them alone, or every finished run would be run again.
     */
    @Test void idsOfASpecAreStable() {
        SweepPlan p = plan("""
                settings: {model: mlp, data: teacher-student, steps: 12}
                grid: {lr: [0.05, 0.1], seed: [1, 2]}
                """);
        assertEquals(List.of(STABLE_IDS), p.runs().stream().map(SweepRun::id).toList());
    }

    /**
     * Recomputed outside Java: the first 16 hex digits of sha256 of the compact JSON of the set
     * values with sorted keys, e.g. {"data":"teacher-student","learningRate":0.05,"model":"mlp",
     * "scenario":"noise","seed":1,"steps":12} for the first.
     */
    private static final String[] STABLE_IDS = {"3efce2ddcf830cb0", "8b6a8d5985b2ede4", "354c461ae6373224", "3dfc22de58e26d37"};

    /** A stand-in for a later flatbench: the noise scenario with one more setting, at its default. */
    private static final class NoiseWithANewSetting implements Scenario {
        static final Setting<Integer> NEW = Setting.integer("aSettingAddedLater", "--a-setting-added-later", "N", 7, "test only");
        private final Scenario noise = Scenarios.require("noise");

        public String name() { return noise.name(); }
        public String description() { return noise.description(); }
        public List<Setting<?>> settings() {
            List<Setting<?>> all = new java.util.ArrayList<>(noise.settings());
            all.add(NEW);
            return all;
        }
        public RunConfig defaults() {
            java.util.Map<Setting<?>, Object> d = new java.util.LinkedHashMap<>();
            RunConfig n = noise.defaults();
            for (Setting<?> s : n.settings()) d.put(s, n.get(s));
            return RunConfig.defaultsOf(this, d);
        }
        public flatbench.scenario.ScenarioResult run(flatbench.scenario.RunContext context) { throw new UnsupportedOperationException(); }
    }

    @Test void addingASettingWithADefaultKeepsEveryId() {
        SweepPlan p = plan("""
                settings: {model: mlp, data: teacher-student, steps: 12}
                grid: {lr: [0.05, 0.1], seed: [1, 2]}
                """);
        for (SweepRun r : p.runs()) {
            // The same spec's run as a flatbench with one more setting would build it: that setting at its default.
            RunConfig later = new NoiseWithANewSetting().defaults();
            for (Setting<?> s : r.config().settings()) later = copy(later, s, r.config());
            assertEquals(7, later.get(NoiseWithANewSetting.NEW));
            assertEquals(r.id(), SweepRun.of(r.index(), r.given(), later).id(), "the id of run " + r.index());
            List<String> alsoNew = new java.util.ArrayList<>(r.given());
            alsoNew.add(NoiseWithANewSetting.NEW.key());
            assertNotEquals(r.id(), SweepRun.of(r.index(), alsoNew, later.with(NoiseWithANewSetting.NEW, 8)).id(),
                    "a spec that sets the new setting is another run");
        }
    }

    private static <T> RunConfig copy(RunConfig into, Setting<T> s, RunConfig from) {
        return s == RunSettings.SCENARIO || from.get(s) == null ? into : into.with(s, from.get(s));
    }

    @Test void aRunListedTwiceRunsOnce() {
        SweepPlan p = plan("""
                settings: {model: mlp}
                grid: {seed: [1, 2]}
                cases: [{lr: 0.1}, {lr: 0.10}, {lr: 0.2}]
                """);
        assertEquals(4, p.runs().size());
    }

    @Test void listSettingsTakeAListPerGridValue() {
        SweepPlan p = plan("""
                settings: {scenario: alignment, model: mlp, steps: 300}
                grid: {checkpoints: [[100, 200], [150]]}
                """);
        assertEquals(List.of(100, 200), p.runs().get(0).config().get(RunSettings.CHECKPOINTS));
        assertEquals(List.of(150), p.runs().get(1).config().get(RunSettings.CHECKPOINTS));
    }

    @Test void aRunListReadsBackAsTheSameRuns() throws Exception {
        SweepPlan p = plan("""
                name: round
                settings: {model: mlp, data: teacher-student, train-samples: 600, checkpoints: [2, 4], scenario: alignment, steps: 6}
                grid: {lr: [0.05, 0.1], seed: [1, 2]}
                slurm: {throttle: 3, partition: gpu}
                k8s: {storeClaim: results, image: flatbench:1}
                """).withStore(tmp.resolve("store"));
        Path f = tmp.resolve("list.json");
        Files.writeString(f, new ObjectMapper().writeValueAsString(p.toMap()));
        SweepPlan back = SweepSpec.read(f);
        assertEquals(p.runs(), back.runs());
        assertEquals(p.store(), back.store());
        assertEquals(p.axes(), back.axes());
        assertEquals(3, back.slurm().throttle());
        assertEquals("results", back.k8s().storeClaim());
    }

    @Test void aRunListWrittenBeforeRunsRecordedWhatTheirSpecSetKeepsItsIds() throws Exception {
        SweepPlan p = plan("settings: {model: mlp}\ngrid: {lr: [0.05, 0.1]}").withStore(tmp.resolve("store"));
        @SuppressWarnings("unchecked") java.util.Map<String, Object> old = new ObjectMapper().readValue(new ObjectMapper().writeValueAsString(p.toMap()), java.util.Map.class);
        for (Object e : (List<?>) old.get("runs")) {
            @SuppressWarnings("unchecked") java.util.Map<String, Object> run = (java.util.Map<String, Object>) e;
            run.remove("given");
            // the id then hashed every recorded setting
            RunConfig c = RunConfig.fromMap((java.util.Map<String, ?>) run.get("config"));
            run.put("id", SweepRun.idOf(((java.util.Map<String, ?>) run.get("config")).keySet(), c));
        }
        Path f = tmp.resolve("old.json");
        Files.writeString(f, new ObjectMapper().writeValueAsString(old));
        SweepPlan back = SweepSpec.read(f);
        assertEquals(2, back.runs().size());
        for (int i = 0; i < 2; i++) {
            assertEquals(((java.util.Map<?, ?>) ((List<?>) old.get("runs")).get(i)).get("id"), back.runs().get(i).id());
            assertEquals(p.runs().get(i).config(), back.runs().get(i).config());
        }
    }

    @Test void aRunListWhoseIdDisagreesWithItsConfigIsRefused() throws Exception {
        SweepPlan p = plan("settings: {model: mlp}");
        String json = new ObjectMapper().writeValueAsString(p.toMap()).replace(p.runs().get(0).id(), "0123456789abcdef");
        Path f = tmp.resolve("bad.json");
        Files.writeString(f, json);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SweepSpec.read(f));
        assertTrue(e.getMessage().contains("0123456789abcdef"), e.getMessage());
    }

    @Test void mistakesAreOneSentenceNamingWhatIsWrong() {
        assertMessage("unknown setting 'learning-rate'", "grid: {learning-rate: [0.1]}");
        assertMessage("--lr must be a positive number, not -0.1", "grid: {lr: [0.1, -0.1]}");
        assertMessage("--batch expects an integer, not 'many'", "settings: {batch: many}");
        assertMessage("lr is both fixed (settings) and a grid axis", "settings: {lr: 0.1}\ngrid: {lr: [0.2]}");
        assertMessage("unknown model 'mlpp'", "settings: {model: mlpp}");
        assertMessage("checkpoint 50 lies outside 0..12 steps", "settings: {steps: 12, checkpoints: [50]}");
        assertMessage("'grids' is not part of a sweep spec", "grids: {lr: [0.1]}");
        assertMessage("grid.lr lists no values", "grid: {lr: []}");
        assertMessage("slurm.cpus is not an option", "slurm: {cpus: 2}");
    }

    @Test void aMissingOrMalformedFileIsReported() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> SweepSpec.read(tmp.resolve("none.yaml")));
        Path bad = tmp.resolve("bad.yaml");
        Files.writeString(bad, "grid: {lr: [0.1\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SweepSpec.read(bad));
        assertTrue(e.getMessage().startsWith(bad + " is not valid YAML"), e.getMessage());
    }

    @Test void theShippedSpecsExpand() {
        Path sweeps = Path.of("..", "sweeps");
        Set<String> names = new HashSet<>();
        for (String f : List.of("smoke.yaml", "feng-tu.yaml")) {
            SweepPlan p = SweepSpec.read(sweeps.resolve(f));
            assertTrue(names.add(p.name()));
            assertTrue(p.runs().size() >= 8, f);
        }
        SweepPlan fengTu = SweepSpec.read(sweeps.resolve("feng-tu.yaml"));
        assertEquals(48, fengTu.runs().size());
        assertEquals(List.of(RunSettings.LEARNING_RATE, RunSettings.BATCH, RunSettings.SEED), fengTu.varying());
    }

    private static void assertMessage(String expected, String yaml) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> plan(yaml));
        assertTrue(e.getMessage().contains(expected), () -> "expected '" + expected + "' in: " + e.getMessage());
        assertTrue(e.getMessage().startsWith("test.yaml"), e.getMessage());
        assertTrue(e.getMessage().lines().count() == 1, e.getMessage());
    }
}
