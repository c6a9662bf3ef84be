package flatbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import flatbench.data.DataSets;
import flatbench.model.Models;
import flatbench.scenario.Scenario;
import flatbench.scenario.Scenarios;

class ListCommandTest {
    @Test void namesEveryScenarioModelDataSetAndTheCpuEngines() {
        CliRun r = CliRun.of("list");
        assertEquals(0, r.exitCode(), r::toString);
        for (Scenario s : Scenarios.all()) assertListed(r, s.name());
        for (Models.Entry m : Models.entries()) assertListed(r, m.name());
        for (DataSets.Entry d : DataSets.entries()) assertListed(r, d.name());
        assertListed(r, "dl4j");
        assertListed(r, "java");
        assertTrue(r.err().isBlank(), r::toString);
    }

    /** A name counts as listed when a line starts with it (indented), not merely when it occurs in some description. */
    private static void assertListed(CliRun r, String name) {
        assertTrue(r.out().lines().anyMatch(l -> l.strip().startsWith(name + " ")), () -> name + " is not listed:\n" + r.out());
    }
}
