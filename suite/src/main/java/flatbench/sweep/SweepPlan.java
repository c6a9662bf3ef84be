package flatbench.sweep;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import flatbench.engine.Engines;
import flatbench.scenario.RunSettings;
import flatbench.scenario.Scenarios;
import flatbench.scenario.Setting;

/**
 * A sweep expanded into its runs, with where the results go and how cluster jobs ask for
 * resources. Written to the store as {@code sweep.json} (the sweep's full list) and to
 * {@code jobs/<job>.json} (the frozen list one job runs): both are run lists that
 * {@code flatbench sweep} reads back as they are.
 *
 * @param name         the sweep's name (the spec's file name unless it says otherwise)
 * @param description  one line for people, or null
 * @param job          null for the sweep itself; a job's name for the frozen list it runs
 * @param store        the result store (absolute)
 * @param shards       how many shards an emitted job splits the runs into (null: one per run)
 * @param axes         keys of the settings the spec's grid and cases vary, in the spec's order (the table's and plots' order)
 * @param slurm        Slurm options (never null)
 * @param k8s          Kubernetes options (never null)
 * @param runs         the runs, each id once, in shard order
 */
public record SweepPlan(String name, String description, String job, Path store, Integer shards, List<String> axes, SlurmOptions slurm,
                        KubernetesOptions k8s, List<SweepRun> runs) {
    /** Slurm's default MaxArraySize is 1001, so an array of one task per run stops there. */
    public static final int MAX_DEFAULT_SHARDS = 1000;

    public SweepPlan {
        Objects.requireNonNull(name, "name");
        store = store.toAbsolutePath().normalize();
        slurm = slurm == null ? new SlurmOptions(null, null, null, null, null, null, null, null, null, null, null) : slurm;
        k8s = k8s == null ? new KubernetesOptions(null, null, null, null, null, null, null, null, null, null, null, null, null, null) : k8s;
        runs = List.copyOf(runs);
        axes = axes == null ? List.of() : List.copyOf(axes);
        if (shards != null && shards < 1) throw new IllegalArgumentException("shards must be positive, not " + shards);
        for (int i = 0; i < runs.size(); i++) {
            if (runs.get(i).index() != i) throw new IllegalArgumentException("run " + runs.get(i).id() + " is not at its index " + i);
        }
    }

    /** The same runs for another store. */
    public SweepPlan withStore(Path store) {
        return new SweepPlan(name, description, job, store, shards, axes, slurm, k8s, runs);
    }

    public SweepPlan withShards(Integer shards) {
        return new SweepPlan(name, description, job, store, shards, axes, slurm, k8s, runs);
    }

    /** A frozen list for one job, holding the given runs (renumbered from 0). */
    public SweepPlan forJob(String job, List<SweepRun> subset, Integer shards) {
        List<SweepRun> renumbered = new ArrayList<>();
        for (SweepRun r : subset) renumbered.add(r.at(renumbered.size()));
        return new SweepPlan(name, description, job, store, shards, axes, slurm, k8s, renumbered);
    }

    /** Shards of an emitted job: as the spec or --shards says, else one per run (at most {@value #MAX_DEFAULT_SHARDS}). */
    public int shardCount() {
        int n = shards != null ? shards : Math.min(runs.size(), MAX_DEFAULT_SHARDS);
        return Math.max(1, Math.min(n, Math.max(1, runs.size())));
    }

    /** The runs one shard owns. */
    public List<SweepRun> runsOf(Shard shard) {
        return runs.stream().filter(r -> shard.owns(r.index())).toList();
    }

    /** Whether any run uses the named engine (e.g. cuda: the job then asks for GPUs). */
    /**
     * Whether some run's engine computes off the CPU (its provider says so), so the job asks for an
     * accelerator. An engine this build does not hold counts as a CPU one: the job then asks for nothing
     * it cannot name, and the run's own error says the engine is missing.
     */
    public boolean needsAccelerator() {
        return runs.stream().map(r -> r.config().get(RunSettings.ENGINE)).distinct()
                .anyMatch(name -> Engines.find(name).map(p -> !p.runsOnCpu()).orElse(false));
    }

    /** The settings whose value differs between runs: the sweep's axes, in the spec's order, then any others in help order. */
    public List<Setting<?>> varying() {
        List<Setting<?>> order = new ArrayList<>();
        for (String key : axes) Scenarios.allSettings().stream().filter(s -> s.key().equals(key)).findFirst().ifPresent(order::add);
        for (Setting<?> s : Scenarios.allSettings()) if (!order.contains(s)) order.add(s);
        List<Setting<?>> out = new ArrayList<>();
        for (Setting<?> s : order) {
            if (runs.stream().map(r -> valueText(r, s)).distinct().count() > 1) out.add(s);
        }
        return out;
    }

    /** A run's value of a setting as a user would type it ("-" when its scenario lacks the setting). */
    public static String valueText(SweepRun r, Setting<?> s) {
        return r.config().has(s) ? s.format(r.config().get(s)) : "-";
    }

    /** The run list as JSON-friendly maps: what {@link SweepSpec#read} reads back. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        if (description != null) m.put("description", description);
        if (job != null) m.put("job", job);
        m.put("store", store.toString());
        if (shards != null) m.put("shards", shards);
        if (!axes.isEmpty()) m.put("axes", axes);
        m.put("slurm", slurm);
        m.put("k8s", k8s);
        List<Map<String, Object>> list = new ArrayList<>();
        for (SweepRun r : runs) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("id", r.id());
            e.put("given", r.given());
            e.put("config", r.config().toMap());
            list.add(e);
        }
        m.put("runs", list);
        return m;
    }
}
