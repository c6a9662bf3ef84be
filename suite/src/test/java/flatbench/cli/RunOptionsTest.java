package flatbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import flatbench.scenario.RunConfig;
import flatbench.scenario.RunSettings;
import flatbench.scenario.Scenarios;
import flatbench.scenario.Setting;
import picocli.CommandLine;

/** Every run option sets the setting it is declared by, and the help shows each one with its default. */
class RunOptionsTest {
    /** A value for each option that differs from every scenario's default; a new setting must add one here. */
    private static final Map<String, String> EXAMPLES = Map.ofEntries(
            Map.entry("--scenario", "alignment"), Map.entry("--model", "mlp"), Map.entry("--loss", "squared"), Map.entry("--data", "teacher-student"),
            Map.entry("--data-dir", "some/folder"), Map.entry("--train-samples", "600"), Map.entry("--engine", "java"),
            Map.entry("--precision", "float64"), Map.entry("--steps", "40"), Map.entry("--batch", "16"), Map.entry("--lr", "0.125"), Map.entry("--optimizer", "entropy-sgd:L=5"),
            Map.entry("--momentum", "0.5"), Map.entry("--sampling", "with-replacement"), Map.entry("--seed", "77"),
            Map.entry("--noise-samples", "64"), Map.entry("--curvature-data", "48"), Map.entry("--top-k", "4"),
            Map.entry("--curvature", "ggn"), Map.entry("--probes", "6"), Map.entry("--slq-runs", "2"),
            Map.entry("--divergence-factor", "20"), Map.entry("--on-divergence", "measure"), Map.entry("--checkpoints", "10,20"),
            Map.entry("--scale", "standard"), Map.entry("--snapshots", "30"), Map.entry("--snapshot-every", "3"),
            Map.entry("--directions", "8"), Map.entry("--eigenvectors", "6"), Map.entry("--control-steps", "50"), Map.entry("--temperature", "1e-6"),
            Map.entry("--draws", "5"), Map.entry("--minima-per-protocol", "3"), Map.entry("--gd-steps", "20"));

    private static RunCommand parsed(String... args) {
        RunCommand run = new RunCommand();
        CommandLine cli = new CommandLine(run);
        RunCommand.declareSettings(cli.getCommandSpec());
        cli.parseArgs(args);
        return run;
    }

    @Test void everyOptionSetsItsSetting() {
        assertEquals(RunCommand.allSettings().keySet(), EXAMPLES.keySet(), "one example per run option");
        for (Setting<?> s : RunCommand.allSettings().values()) {
            if (s == RunSettings.SCENARIO) continue;
            String text = EXAMPLES.get(s.option());
            // a scenario's own setting is set through that scenario; core settings through alignment
            String scenario = RunConfig.settingsOf(Scenarios.require("alignment")).contains(s) ? "alignment"
                    : Scenarios.all().stream().filter(x -> x.settings().contains(s)).findFirst().orElseThrow().name();
            RunConfig c = parsed("--scenario", scenario, s.option(), text).config();
            RunConfig defaults = Scenarios.require(scenario).defaults();
            assertEquals(s.parse(text), c.get(s), s.option());
            assertNotEquals(defaults.get(s), c.get(s), s.option() + ": the example must differ from the default");
            for (Setting<?> other : c.settings()) {
                if (other != s) assertEquals(defaults.get(other), c.get(other), s.option() + " changed " + other.option());
            }
        }
        assertEquals("alignment", parsed("--scenario", "alignment").config().scenario().name());
        assertEquals(RunSettings.SCENARIO.defaultValue(), parsed().config().scenario().name());
    }

    @Test void theHelpListsEveryOptionWithItsDefault() {
        CliRun r = CliRun.of("run", "--help");
        for (Setting<?> s : RunCommand.allSettings().values()) {
            assertTrue(r.out().contains(s.option()), s.option());
        }
        assertTrue(r.out().contains("default: 300"), r::toString);
        // No scenario overrides a core default since --curvature-data auto replaced the alignment scenario's 128
        // curvature samples; the help shows the default and why it was chosen.
        assertTrue(r.out().contains("default: auto") && r.out().contains("unbiased"), r::toString);
        assertTrue(r.out().contains("lenet") && r.out().contains("resnet18"), "the model list comes from the catalogue");
    }
}
