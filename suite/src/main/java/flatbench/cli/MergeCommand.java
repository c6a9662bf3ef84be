package flatbench.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import flatbench.report.SweepTable;
import flatbench.sweep.ClusterJobs;
import flatbench.sweep.SweepMerge;
import flatbench.sweep.SweepProgress;
import flatbench.sweep.SweepRun;
import flatbench.sweep.SweepStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "merge", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Gathers a sweep's results into one table (results.csv) and a report with the grid's plots,",
                "and lists the runs that are diverged, running, missing or failed.",
                "Exit code 0 when every run has finished (done, or diverged with its result kept);",
                "4 while the sweep is in progress (runs are running and none failed; the runs missing may still be queued);",
                "1 when runs failed, or are missing while none runs (resubmit them with --resubmit)."})
final class MergeCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(paramLabel = "STORE", description = "the sweep's result store") Path store;
    @Option(names = "--out", paramLabel = "FOLDER", description = "where results.csv and report.html go (default: STORE/merged)") Path out;
    @Option(names = "--resubmit", paramLabel = "SCHEDULER", description = "also write a job (slurm or k8s) covering exactly the missing and failed runs") String resubmit;

    @Override public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        SweepStore st = new SweepStore(store);
        ClusterJobs.Scheduler scheduler = resubmit == null ? null : ClusterJobs.Scheduler.parse(resubmit);
        SweepMerge.Result r = SweepMerge.merge(st, out != null ? out : st.root().resolve("merged"));
        o.println(SweepCommand.progressLine(r.plan(), r.progress()));
        for (SweepTable.Row row : r.table().rows()) {
            if (row.done()) continue;
            o.printf("%-8s %s  %s%s%n", row.status(), row.id(), axes(r, row), row.note().isEmpty() ? "" : "  " + row.note());
        }
        if (!r.unlisted().isEmpty()) {
            o.printf("%d results in the store belong to runs the sweep no longer lists (left out of the table), e.g. %s%n",
                    r.unlisted().size(), r.unlisted().get(0));
        }
        o.println("table:  " + r.csv());
        o.println("report: " + r.report());
        if (scheduler != null) {
            List<SweepRun> again = r.toResubmit();
            if (again.isEmpty()) {
                o.println("resubmit: nothing is missing or failed" + (r.running().isEmpty() ? "" : " (" + r.running().size() + " still running)"));
            } else {
                ClusterJobs.Emitted e = ClusterJobs.emit(scheduler, r.plan(), again, st, SweepCommand.launcher(), r.plan().name() + "-resubmit");
                o.printf("resubmit: %d runs (%d missing, %d failed) in %d shards%n", e.runs(), r.missing().size(), r.failed().size(), e.shards());
                o.println("run list: " + e.runList());
                o.println("job file: " + e.jobFile());
                o.println("submit:   " + e.submitCommand());
            }
        }
        SweepProgress p = r.progress();
        return switch (p.standing()) {
            case COMPLETE -> 0;
            case IN_PROGRESS -> {
                o.printf("in progress: %d of %d runs finished, %d running, %d missing (perhaps still queued); merge again when they are done%n",
                        p.finished(), p.total(), p.running(), r.missing().size());
                yield Errors.SWEEP_IN_PROGRESS;
            }
            case INCOMPLETE -> {
                o.printf("incomplete: %d failed and %d missing with nothing running; merge --resubmit slurm|k8s covers them%n",
                        r.failed().size(), r.missing().size());
                yield 1;
            }
        };
    }

    private static String axes(SweepMerge.Result r, SweepTable.Row row) {
        StringBuilder b = new StringBuilder();
        for (String a : r.table().axes()) b.append(b.isEmpty() ? "" : " ").append(a).append('=').append(row.settings().getOrDefault(a, "-"));
        return b.toString();
    }
}
