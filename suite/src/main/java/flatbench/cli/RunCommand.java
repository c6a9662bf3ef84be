package flatbench.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;

import flatbench.checkpoint.Checkpoint;
import flatbench.checkpoint.Checkpoints;
import flatbench.data.DataSets;
import flatbench.record.RunRecordStore;
import flatbench.record.RunStatus;
import flatbench.run.Checkpointing;
import flatbench.report.HtmlReport;
import flatbench.run.Outputs;
import flatbench.run.RunExecutor;
import flatbench.scenario.RunConfig;
import flatbench.scenario.RunSettings;
import flatbench.scenario.Scenario;
import flatbench.scenario.Scenarios;
import flatbench.scenario.Setting;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code flatbench run}. Its run options are not written here: {@link #declareSettings} adds one
 * option per {@link Setting} (the core settings and every scenario's own), with the setting's
 * label, help and defaults, so a setting is declared once.
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Trains a model and measures what the scenario asks for; writes runs/<run-id>/result.json.",
                "Options left out take the scenario's defaults (flatbench list shows the scenarios)."})
final class RunCommand implements Callable<Integer> {
    /** Help lists the settings first, then these options. */
    private static final int AFTER_SETTINGS = 1000;

    @Spec CommandSpec spec;

    @Option(names = "--out", paramLabel = "FOLDER", description = "where run folders go (default: ${DEFAULT-VALUE})", defaultValue = "runs",
            order = AFTER_SETTINGS) Path out;
    @Option(names = "--quiet", description = "no progress line", order = AFTER_SETTINGS + 1) boolean quiet;
    @Option(names = "--resume", paramLabel = "RUN_DIR", order = AFTER_SETTINGS + 2,
            description = "continue a stopped run in its folder from its checkpoint, with its recorded settings and outputs; "
                    + "the result equals an uninterrupted run's (timings and timestamps aside)") Path resume;
    @Mixin CheckpointOptions checkpoints;
    @Mixin OutputOptions outputs;

    /** Adds an option for every setting to the run command's spec (called once, when the CLI is built). */
    static void declareSettings(CommandSpec run) {
        Map<String, Setting<?>> all = allSettings();
        int order = 0;
        for (Setting<?> s : all.values()) {
            run.addOption(OptionSpec.builder(s.option()).paramLabel(s.label()).type(String.class).arity("1")
                    .description(escape(s.help() + defaultsText(s))).order(order++).build());
        }
    }

    /** Core settings and every scenario's own, each once, by option name. */
    static Map<String, Setting<?>> allSettings() {
        Map<String, Setting<?>> all = new LinkedHashMap<>();
        for (Setting<?> s : Scenarios.allSettings()) all.put(s.option(), s);
        return all;
    }

    /** " (default: X; alignment: Y)": the core default and each scenario's own where it differs. */
    private static String defaultsText(Setting<?> s) {
        if (s == RunSettings.SCENARIO) return " (default: " + s.defaultValue() + ")";
        StringBuilder b = new StringBuilder();
        Object base = null;
        boolean first = true;
        for (Scenario sc : Scenarios.all()) {
            RunConfig d = sc.defaults();
            if (!d.has(s)) continue;
            Object v = d.get(s);
            if (first) {
                base = v;
                b.append(" (default: ").append(s.format(v));
                first = false;
            } else if (!Objects.equals(v, base)) {
                b.append("; ").append(sc.name()).append(": ").append(s.format(v));
            }
        }
        if (first) return "";
        return s.defaultValue() == null && base == null ? "" : b.append(")").toString();
    }

    private static String escape(String help) { return help.replace("%", "%%"); }

    @Override public Integer call() {
        if (resume != null) return resume();
        return execute(spec, config(), out, quiet, outputs.outputs(), checkpoints.checkpointing());
    }

    /** Runs a configuration, prints the summary and writes the report; shared with rerun. */
    static int execute(CommandSpec spec, RunConfig config, Path out, boolean quiet, Outputs outputs, Checkpointing checkpointing) {
        if (config.scenario().needsNetwork()) {
            RunExecutor.validate(config);
            spec.commandLine().getOut().printf("flatbench run: %s%n", describe(config));
        } else {
            spec.commandLine().getOut().printf("flatbench run: %s scenario (analytic landscape, float64, no network or data set), seed %d%n",
                    config.scenario().name(), config.get(RunSettings.SEED));
        }
        return report(spec, quiet, progress -> new RunExecutor(new DataSets(), Cli.home()).execute(config, out, progress, outputs, checkpointing));
    }

    /** {@code --resume}: a finished run says so and exits 0; a stopped one continues from its checkpoint. */
    private int resume() {
        for (Setting<?> s : allSettings().values()) {
            if (given(s) != null) {
                throw new IllegalArgumentException("--resume continues a run with the settings it was started with; leave out " + s.option());
            }
        }
        if (!outputs.outputs().equals(Outputs.DEFAULT)) {
            throw new IllegalArgumentException("--resume writes the outputs the run was started with; leave out the --save-… and --prometheus options");
        }
        PrintWriter stdout = spec.commandLine().getOut();
        if (Files.exists(resume.resolve(RunRecordStore.RESULT_FILE))) {
            RunStatus status = RunRecordStore.read(resume).status();
            // Stopped after its result was written: what the checkpoint and the report step would have done.
            Checkpoints.removeCheckpoints(resume);
            if (!Files.exists(resume.resolve(HtmlReport.REPORT_FILE))) HtmlReport.render(resume);
            stdout.println("flatbench run: " + resume + " has finished already (" + (status.isFailed() ? "failed: " + status.reason() : "completed")
                    + "); its result is " + resume.resolve(RunRecordStore.RESULT_FILE));
            return 0;
        }
        Checkpoint c = RunExecutor.checkpointOf(resume);
        RunConfig config = RunExecutor.configOf(resume, c);
        stdout.printf("flatbench run: resuming %s at step %d of %d: %s%n", resume, c.training().steps(), config.get(RunSettings.STEPS), describe(config));
        return report(spec, quiet, progress -> new RunExecutor(new DataSets(), Cli.home()).resume(resume, c, progress, checkpoints.checkpointing()));
    }

    private static String describe(RunConfig config) {
        String rule = config.get(RunSettings.OPTIMIZER).label();
        return String.format("%s scenario, %s on %s, %s engine (%s), %d %s steps of B=%d, seed %d", config.scenario().name(),
                config.get(RunSettings.MODEL), config.get(RunSettings.DATA), config.get(RunSettings.ENGINE),
                config.get(RunSettings.PRECISION).label(), config.get(RunSettings.STEPS), rule.equals("sgd") ? "SGD" : rule,
                config.get(RunSettings.BATCH), config.get(RunSettings.SEED));
    }

    /** Runs with a progress line, then prints the summary and writes the report. */
    private static int report(CommandSpec spec, boolean quiet, java.util.function.Function<ProgressLine, RunExecutor.Outcome> run) {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        ProgressLine progress = ProgressLine.forTerminal(err, quiet);
        RunExecutor.Outcome o;
        try {
            o = run.apply(progress);
        } finally {
            progress.done();
        }
        o.summary().forEach(stdout::println);
        stdout.println("result: " + o.runDir().resolve("result.json"));
        stdout.println("report: " + HtmlReport.render(o.runDir()));
        if (o.record().status().isFailed()) {
            err.println("flatbench: " + o.record().status().reason() + " (what was measured before is kept in " + o.runDir() + ")");
            return Errors.RUN_FAILED;
        }
        return 0;
    }

    /** The chosen scenario's defaults with the options the user gave. */
    RunConfig config() {
        String scenario = given(RunSettings.SCENARIO);
        RunConfig c = Scenarios.require(scenario == null ? RunSettings.SCENARIO.defaultValue() : scenario).defaults();
        for (Setting<?> s : allSettings().values()) {
            String text = given(s);
            if (text == null || s == RunSettings.SCENARIO) continue;
            if (!c.has(s)) throw new IllegalArgumentException(s + " is not a setting of the " + c.scenario().name() + " scenario");
            c = c.withText(s, text);
        }
        return c;
    }

    /** The text the user typed for a setting's option, or null. */
    private String given(Setting<?> s) {
        OptionSpec o = spec.findOption(s.option());
        if (o == null) throw new IllegalStateException("the run command has no option " + s.option() + ": declareSettings was not called");
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        return parsed != null && parsed.hasMatchedOption(o) ? o.getValue() : null;
    }
}
