package flatbench.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import flatbench.report.History;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "history", mixinStandardHelpOptions = true,
        description = "Writes DIR/history.html: each benchmark's median over commits, from every result under DIR (e.g. reports/baselines/<machine>).")
final class HistoryCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(paramLabel = "DIR", description = "folder of results") Path dir;

    @Override public Integer call() {
        spec.commandLine().getOut().println("history: " + History.render(dir));
        return 0;
    }
}
