package flatbench.sweep;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import flatbench.record.Estimate;
import flatbench.record.MetricInfo;
import flatbench.record.RunRecord;
import flatbench.record.RunRecordStore;
import flatbench.report.SweepReport;
import flatbench.report.SweepTable;
import flatbench.scenario.RunConfig;
import flatbench.scenario.RunSettings;
import flatbench.scenario.Scenarios;
import flatbench.scenario.Setting;

/**
 * Gathers what the shards of a sweep wrote into one table: each run of the sweep's list with its
 * status and, when finished, the scalar metrics of its result (a diverged run's too: what it
 * measured before it stopped, under the status {@value SweepTable#DIVERGED} and its reason). Every result is read back and its
 * recorded configuration must have the run's id; one that does not (a corrupt or foreign file)
 * counts as missing.
 */
public final class SweepMerge {
    public static final String CSV_FILE = "results.csv";

    private SweepMerge() {}

    /**
     * What a merge found and wrote.
     *
     * @param missing   runs with neither result nor failure nor a live process (never ran, or their process died)
     * @param diverged  runs whose training diverged: their results are kept (status failed) and in the table, not resubmitted
     * @param unlisted  results in the store of runs the sweep no longer lists
     */
    public record Result(SweepPlan plan, SweepTable table, SweepProgress progress, List<SweepRun> missing, List<SweepRun> failed,
                         List<SweepRun> diverged, List<SweepRun> running, List<String> unlisted, Path csv, Path report) {
        /** The runs a resubmission covers: missing and failed, in the sweep's order (a diverged run would diverge again). */
        public List<SweepRun> toResubmit() {
            Set<String> ids = new LinkedHashSet<>();
            missing.forEach(r -> ids.add(r.id()));
            failed.forEach(r -> ids.add(r.id()));
            return plan.runs().stream().filter(r -> ids.contains(r.id())).toList();
        }
    }

    /** Reads the store and writes {@value #CSV_FILE} and the report into {@code outDir}. */
    public static Result merge(SweepStore store, Path outDir) {
        SweepPlan plan = store.readPlan();
        Map<String, SweepStore.RunStatus> statuses = store.statuses(plan.runs());
        List<Setting<?>> axes = plan.varying();
        List<String> settingKeys = new ArrayList<>();
        for (Setting<?> s : Scenarios.allSettings()) {
            if (plan.runs().stream().anyMatch(r -> r.config().has(s))) settingKeys.add(s.key());
        }
        Set<String> metricColumns = new LinkedHashSet<>();
        Map<String, MetricInfo> info = new LinkedHashMap<>();
        List<SweepTable.Row> rows = new ArrayList<>();
        List<SweepRun> missing = new ArrayList<>(), failed = new ArrayList<>(), diverged = new ArrayList<>(), running = new ArrayList<>();
        List<SweepStore.RunStatus> counted = new ArrayList<>();
        for (SweepRun r : plan.runs()) {
            SweepStore.RunStatus s = statuses.get(r.id());
            Map<String, String> settings = new LinkedHashMap<>();
            for (Setting<?> setting : Scenarios.allSettings()) {
                if (r.config().has(setting)) settings.put(setting.key(), SweepPlan.valueText(r, setting));
            }
            Map<String, Object> metrics = new LinkedHashMap<>();
            String status;
            String note = "";
            switch (s.state()) {
                case DONE, DIVERGED -> {
                    try {
                        RunRecord rec = RunRecordStore.read(store.runDir(r.id()));
                        String recorded = SweepRun.idOf(r.given(), RunConfig.fromMap(rec.config()));
                        if (!recorded.equals(r.id())) throw new IllegalArgumentException("its result.json records the configuration of run " + recorded);
                        flatten("", rec.metrics(), metrics);
                        rec.metricInfo().forEach(info::putIfAbsent);
                        if (s.info().get("seconds") instanceof Number n) metrics.put("run.seconds", n.doubleValue());
                        if (s.info().get("host") != null) metrics.put("run.host", s.info().get("host").toString());
                        // The record is the authority on how the run ended; the store's note only saves reading it.
                        if (rec.status().isFailed()) {
                            status = SweepTable.DIVERGED;
                            note = rec.status().reason();
                            s = new SweepStore.RunStatus(r.id(), SweepStore.State.DIVERGED, s.info(), false);
                            diverged.add(r);
                        } else {
                            status = SweepTable.DONE;
                        }
                    } catch (RuntimeException e) {
                        status = "missing";
                        note = "unreadable result: " + e.getMessage();
                        s = new SweepStore.RunStatus(r.id(), SweepStore.State.LEFT, Map.of(), false);
                        missing.add(r);
                    }
                }
                case FAILED -> {
                    status = "failed";
                    note = String.valueOf(s.info().getOrDefault("error", "failed")) + where(s);
                    failed.add(r);
                }
                case RUNNING -> {
                    status = "running";
                    note = "since " + s.info().getOrDefault("started", "?") + where(s);
                    running.add(r);
                }
                default -> {
                    status = "missing";
                    note = s.staleMarker() ? "its process stopped without a result" : "";
                    missing.add(r);
                }
            }
            counted.add(s);
            metricColumns.addAll(metrics.keySet());
            rows.add(new SweepTable.Row(r.id(), status, settings, metrics, note));
        }
        SweepTable table = new SweepTable(plan.name(), axes.stream().map(Setting::key).toList(), RunSettings.SEED.key(), settingKeys,
                List.copyOf(metricColumns), info, rows);
        Path csv = outDir.resolve(CSV_FILE);
        table.writeCsv(csv);
        Path report = SweepReport.render(table, outDir.resolve(SweepReport.REPORT_FILE));
        return new Result(plan, table, SweepProgress.of(counted), missing, failed, diverged, running, store.unlisted(plan.runs()), csv, report);
    }

    private static String where(SweepStore.RunStatus s) {
        Object host = s.info().get("host");
        return host == null ? "" : " (on " + host + ", shard " + s.info().getOrDefault("shard", "?") + ")";
    }

    /**
     * Scalars of a metric tree under dotted paths; arrays are left to the run's own report and .npy
     * files. A scalar estimate {value, ci95, …} gives its value under its path and its interval as
     * path.ci95Low and path.ci95High.
     */
    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Map<String, Object> tree, Map<String, Object> out) {
        tree.forEach((k, v) -> {
            String path = prefix + k;
            Optional<Estimate> e = v instanceof Map<?, ?> m && m.containsKey(Estimate.VALUE) ? Estimate.from(v) : Optional.empty();
            if (e.isPresent()) {
                if (e.get().scalar()) {
                    out.put(path, e.get().number());
                    if (e.get().hasInterval()) {
                        out.put(path + ".ci95Low", e.get().lower(0));
                        out.put(path + ".ci95High", e.get().upper(0));
                    }
                }
            } else if (v instanceof Map<?, ?> m) {
                flatten(path + ".", (Map<String, Object>) m, out);
            } else if (v instanceof Number || v instanceof String || v instanceof Boolean) {
                out.put(path, v);
            }
        });
    }
}
