package flatbench.scenario;

import java.util.List;
import java.util.Optional;

/** The catalogue of scenarios; the first is the default of {@code flatbench run}. */
public final class Scenarios {
    private Scenarios() {}

    public static List<Scenario> all() {
        return List.of(new NoiseScenario(), new AlignmentScenario());
    }

    public static Scenario defaultScenario() { return all().get(0); }

    public static Optional<Scenario> byName(String name) {
        return all().stream().filter(s -> s.name().equalsIgnoreCase(name)).findFirst();
    }

    public static Scenario require(String name) {
        return byName(name).orElseThrow(() -> new IllegalArgumentException("unknown scenario '" + name + "' (known: "
                + String.join(", ", all().stream().map(Scenario::name).toList()) + ")"));
    }
}
