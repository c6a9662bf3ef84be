package flatbench.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import flatbench.benchmark.BenchConfig;
import flatbench.engine.Precision;
import picocli.CommandLine;

/** Every bench option sets the BenchConfig field it names, and a fork is started with every one of them. */
class BenchOptionsTest {
    /** Differs from the java engine's defaults in every field, so an option that set the wrong field would show. */
    private static final BenchConfig ODD = new BenchConfig("java", Precision.FLOAT32, List.of("mlp", "lenet"), 7, 4, 1.5, 9, 2, 3, 61, 5, 2, 99L);

    private static BenchCommand parsed(List<String> args) {
        BenchCommand b = new BenchCommand();
        new CommandLine(b).parseArgs(args.toArray(String[]::new));
        return b;
    }

    @Test
    void everyFieldDiffersFromTheDefaults() {
        Map<String, Object> d = BenchConfig.cpuDefaults("java").toMap(), odd = ODD.toMap();
        for (String k : d.keySet()) if (!k.equals("engine")) assertNotEquals(d.get(k), odd.get(k), k);
    }

    @Test
    void theArgumentsOfAConfigParseBackToIt() {
        assertEquals(ODD, parsed(BenchOptions.arguments(ODD)).options.config());
    }

    @Test
    void eachOptionSetsOnlyItsOwnField() {
        List<String> args = BenchOptions.arguments(ODD);
        Map<String, Object> defaults = parsed(List.of("--engine", "java")).options.config().toMap();
        for (int i = 0; i < args.size(); i += 2) {
            if (args.get(i).equals("--engine")) continue;
            Map<String, Object> one = parsed(List.of("--engine", "java", args.get(i), args.get(i + 1))).options.config().toMap();
            List<String> changed = new ArrayList<>();
            for (String k : one.keySet()) if (!one.get(k).equals(defaults.get(k))) changed.add(k);
            assertEquals(1, changed.size(), args.get(i) + " changed " + changed);
            assertEquals(ODD.toMap().get(changed.get(0)), one.get(changed.get(0)), args.get(i) + " set " + changed.get(0));
        }
    }

    @Test
    void aForkIsGivenEveryOption() {
        TreeSet<String> declared = new TreeSet<>();
        new CommandLine(new BenchCommand()).getCommandSpec().mixins().get("options").options().forEach(o -> declared.add(o.longestName()));
        TreeSet<String> passed = new TreeSet<>();
        List<String> args = BenchOptions.arguments(ODD);
        for (int i = 0; i < args.size(); i += 2) passed.add(args.get(i));
        assertEquals(declared, passed);
        assertTrue(BenchOptions.TIMING_ONLY.stream().allMatch(passed::contains), "timing-only options are bench options");
    }
}
