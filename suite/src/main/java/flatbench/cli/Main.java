package flatbench.cli;

import java.io.PrintWriter;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The flatbench command line: the only place that prints for the user and exits. */
@Command(name = "flatbench", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Measures how the noise of SGD lines up with the curvature of the loss.",
        subcommands = {RunCommand.class, RerunCommand.class, SweepCommand.class, MergeCommand.class, BenchCommand.class, SelfcheckCommand.class, PeerCommand.class, ListCommand.class, ReportCommand.class, CompareCommand.class,
                HistoryCommand.class, DataCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the CLI with the given streams and returns the exit code (tests call this). */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Main());
        RunCommand.declareSettings(cli.getSubcommands().get("run").getCommandSpec());
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler(Errors::onBadArguments);
        cli.setExecutionExceptionHandler(Errors::onFailure);
        return cli.execute(args);
    }

    @Override public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
