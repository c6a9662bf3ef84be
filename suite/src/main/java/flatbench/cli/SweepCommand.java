package flatbench.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import flatbench.data.DataSets;
import flatbench.run.RunExecutor;
import flatbench.scenario.RunListener;
import flatbench.scenario.Setting;
import flatbench.sweep.ClusterJobs;
import flatbench.sweep.Shard;
import flatbench.sweep.SweepPlan;
import flatbench.sweep.SweepProgress;
import flatbench.sweep.SweepRun;
import flatbench.sweep.SweepRunner;
import flatbench.sweep.SweepSpec;
import flatbench.sweep.SweepStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs a grid of runs into a result store, or one shard of it, or writes a Slurm or Kubernetes job that does.",
                "SPEC is a sweep spec (YAML or JSON, see sweeps/) or a run list an earlier --emit or merge --resubmit wrote.",
                "Runs whose result is in the store already are skipped, so a sweep can simply be started again.",
                "A run whose training diverges keeps its result (marked failed, shown as diverged) and is not run again.",
                "Exit code 0 when every run ran; 1 when a run failed with an error (the others still ran);",
                "3 when runs diverged and none failed otherwise."})
final class SweepCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(paramLabel = "SPEC", description = "sweep spec (.yaml, .yml, .json) or run list (STORE/jobs/*.json, STORE/sweep.json)") Path file;
    @Option(names = "--list", description = "list the runs (id, shard, state, the settings that vary) and stop") boolean list;
    @Option(names = "--status", description = "print the sweep's progress (done, running, failed, left, ETA) and stop") boolean status;
    @Option(names = "--emit", paramLabel = "SCHEDULER", description = "write a job for the runs not done yet: slurm (an sbatch array script) or k8s (an Indexed Job manifest)") String emit;
    @Option(names = "--shard", paramLabel = "I/N", description = "run shard I of N (counting from 0); default: SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT or JOB_COMPLETION_INDEX/--shards, else all runs") String shard;
    @Option(names = "--shards", paramLabel = "N", description = "how many shards: of an emitted job (default: the spec's, else one per run), or the count for JOB_COMPLETION_INDEX") Integer shards;
    @Option(names = "--store", paramLabel = "FOLDER", description = "the result store (default: the spec's store, else runs/sweep-<name>)") Path store;
    @Option(names = "--quiet", description = "no progress line during a run") boolean quiet;
    @Mixin OutputOptions outputs;

    @Override public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        SweepPlan plan = SweepSpec.read(file);
        if (store != null) plan = plan.withStore(store);
        if (shards != null) plan = plan.withShards(shards);
        SweepStore st = new SweepStore(plan.store());
        if (list) return list(out, plan, st);
        if (status) {
            out.println(progressLine(plan, SweepProgress.of(st.statuses(plan.runs()).values())));
            return 0;
        }
        if (emit != null) return emit(out, plan, st, ClusterJobs.Scheduler.parse(emit));
        return run(out, plan, st);
    }

    private int list(PrintWriter out, SweepPlan plan, SweepStore st) {
        List<Setting<?>> axes = plan.varying();
        Map<String, SweepStore.RunStatus> states = st.statuses(plan.runs());
        out.printf("sweep %s: %d runs in %s; an emitted job has %d shards%n", plan.name(), plan.runs().size(), st.root(), plan.shardCount());
        List<String> header = new ArrayList<>(List.of("#", "id", "shard", "state"));
        axes.forEach(s -> header.add(s.option().replaceFirst("^--", "")));
        List<List<String>> rows = new ArrayList<>();
        for (SweepRun r : plan.runs()) {
            List<String> row = new ArrayList<>(List.of(Integer.toString(r.index()), r.id(), (r.index() % plan.shardCount()) + "/" + plan.shardCount(),
                    states.get(r.id()).state().name().toLowerCase(java.util.Locale.ROOT)));
            axes.forEach(s -> row.add(SweepPlan.valueText(r, s)));
            rows.add(row);
        }
        printColumns(out, header, rows);
        out.println(progressLine(plan, SweepProgress.of(states.values())));
        return 0;
    }

    private int emit(PrintWriter out, SweepPlan plan, SweepStore st, ClusterJobs.Scheduler scheduler) {
        if (plan.job() == null) st.writePlan(plan);
        List<SweepRun> pending = plan.runs().stream().filter(r -> !st.hasResult(r.id())).toList();
        if (pending.isEmpty()) {
            out.printf("sweep %s: all %d runs are done in %s; nothing to submit (flatbench merge %s)%n", plan.name(), plan.runs().size(), st.root(), st.root());
            return 0;
        }
        ClusterJobs.Emitted e = ClusterJobs.emit(scheduler, plan, pending, st, launcher(), plan.name());
        if (pending.size() < plan.runs().size()) {
            out.printf("%d of %d runs are done already; the job covers the other %d%n", plan.runs().size() - pending.size(), plan.runs().size(), pending.size());
        }
        out.printf("%s job: %d runs in %d shards%n", scheduler.label(), e.runs(), e.shards());
        out.println("run list: " + e.runList());
        out.println("job file: " + e.jobFile());
        out.println("submit:   " + e.submitCommand());
        out.println("then:     " + Cli.home().resolve("bin/flatbench").normalize() + " merge " + st.root());
        return 0;
    }

    private int run(PrintWriter out, SweepPlan plan, SweepStore st) {
        Shard s;
        if (shard != null) {
            s = Shard.parse(shard);
            if (shards != null && shards != s.count()) throw new IllegalArgumentException("--shard " + shard + " and --shards " + shards + " disagree");
        } else {
            s = Shard.fromEnvironment(System.getenv(), shards);
            if (s == null) {
                if (shards != null) throw new IllegalArgumentException("--shards without a shard index: give --shard I/N, or use --shards with --emit or --list");
                s = Shard.ALL;
            }
        }
        if (plan.job() == null) st.writePlan(plan);
        List<Setting<?>> axes = plan.varying();
        int mine = plan.runsOf(s).size();
        out.printf("sweep %s: %d runs, store %s%s%n", plan.name(), plan.runs().size(), st.root(),
                s.count() > 1 ? "; shard " + s + " has " + mine : "");
        SweepRunner runner = new SweepRunner(st, new RunExecutor(new DataSets(), Cli.home()), outputs.outputs());
        // A scheduler ends a task with SIGTERM: the run in progress then counts as left (resubmitted), not as failed.
        Thread hook = new Thread(runner::abandon, "sweep-abandon");
        Runtime.getRuntime().addShutdownHook(hook);
        SweepRunner.Summary sum;
        ProgressLine progress = ProgressLine.forTerminal(spec.commandLine().getErr(), quiet);
        try {
            sum = runner.run(plan, s, new SweepRunner.Listener() {
                public void skipped(SweepRun r, String why) {
                    out.printf("run %s (%s) skipped: %s%n", r.id(), settings(r, axes), why);
                }

                public void started(SweepRun r, int position, int count) {
                    out.printf("[%d/%d] run %s: %s%n", position, count, r.id(), settings(r, axes));
                }

                public void finished(SweepRun r, Path dir, double seconds) {
                    progress.done();
                    out.printf("        done in %.1f s: %s%n", seconds, dir);
                    out.println(progressLine(plan, SweepProgress.of(st.statuses(plan.runs()).values())));
                }

                public void diverged(SweepRun r, Path dir, String reason) {
                    progress.done();
                    out.printf("        diverged (its result is kept, marked failed): %s%n        %s%n", reason, dir);
                    out.println(progressLine(plan, SweepProgress.of(st.statuses(plan.runs()).values())));
                }

                public void failed(SweepRun r, String message) {
                    progress.done();
                    out.printf("        failed: %s%n", message);
                    out.println(progressLine(plan, SweepProgress.of(st.statuses(plan.runs()).values())));
                }

                public RunListener runListener() { return progress; }
            });
        } finally {
            progress.done();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down already; the hook runs
            }
        }
        out.printf("shard %s: %d runs, %d ran, %d skipped, %d diverged, %d failed%n", s, sum.runs(), sum.ran(), sum.skipped(), sum.diverged(),
                sum.failed());
        if (sum.failed() > 0) {
            spec.commandLine().getErr().printf("flatbench: %d run%s failed (why: %s); flatbench merge %s lists them%n", sum.failed(),
                    sum.failed() == 1 ? "" : "s", st.root().resolve("failed"), st.root());
            return 1;
        }
        if (sum.diverged() > 0) {
            spec.commandLine().getErr().printf("flatbench: training diverged in %d run%s; %s kept, marked failed (flatbench merge %s shows them)%n",
                    sum.diverged(), sum.diverged() == 1 ? "" : "s", sum.diverged() == 1 ? "its result is" : "their results are", st.root());
            return Errors.RUN_FAILED;
        }
        return 0;
    }

    /** "sweep NAME: 3/8 done, 1 diverged, 1 running, 0 failed, 3 left · ETA 2m10s" */
    static String progressLine(SweepPlan plan, SweepProgress p) {
        String eta = p.complete() ? "complete" : p.etaSeconds().isPresent() ? "ETA " + ProgressLine.duration(p.etaSeconds().getAsDouble())
                + " at " + ProgressLine.duration(p.meanSeconds()) + " a run" : "ETA ? (no run finished yet)";
        return String.format("sweep %s: %d/%d done, %d diverged, %d running, %d failed, %d left · %s", plan.name(), p.done(), p.total(), p.diverged(),
                p.running(), p.failed(), p.left(), eta);
    }

    private static String settings(SweepRun r, List<Setting<?>> axes) {
        List<String> parts = new ArrayList<>();
        for (Setting<?> s : axes) parts.add(s.option().replaceFirst("^--", "") + "=" + SweepPlan.valueText(r, s));
        return parts.isEmpty() ? "the only run" : String.join(" ", parts);
    }

    /** bin/flatbench of this tree or bundle, as the cluster's nodes will call it. */
    static Path launcher() {
        return Cli.home().resolve("bin/flatbench").toAbsolutePath().normalize();
    }

    static void printColumns(PrintWriter out, List<String> header, List<List<String>> rows) {
        int[] w = new int[header.size()];
        for (int i = 0; i < w.length; i++) w[i] = header.get(i).length();
        for (List<String> r : rows) for (int i = 0; i < w.length; i++) w[i] = Math.max(w[i], r.get(i).length());
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        for (List<String> r : all) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < w.length; i++) b.append(String.format("%-" + w[i] + "s", r.get(i))).append(i + 1 < w.length ? "  " : "");
            out.println(b.toString().stripTrailing());
        }
    }
}
