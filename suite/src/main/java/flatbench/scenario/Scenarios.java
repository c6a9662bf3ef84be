package flatbench.scenario;

import java.util.List;
import java.util.Optional;

/** The catalogue of scenarios; the first is the default of {@code flatbench run}. */
public final class Scenarios {
    private Scenarios() {}

    public static List<Scenario> all() {
        return List.of(new NoiseScenario(), new AlignmentScenario(), new FengTuScenario(), new YangTangTuScenario(), new XieScenario(), new LocalEnergyScenario());
    }

    /** The core settings and every scenario's own, each once, in help order (what run and sweep specs accept). */
    public static List<Setting<?>> allSettings() {
        java.util.Map<String, Setting<?>> byOption = new java.util.LinkedHashMap<>();
        for (Setting<?> s : RunSettings.ALL) byOption.put(s.option(), s);
        for (Scenario sc : all()) {
            for (Setting<?> s : sc.settings()) byOption.putIfAbsent(s.option(), s);
        }
        return List.copyOf(byOption.values());
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
