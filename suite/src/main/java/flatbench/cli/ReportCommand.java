package flatbench.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import flatbench.report.HtmlReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Writes RUN_DIR/report.html: one self-contained page with the run's spectra, alignment, timings and provenance.")
final class ReportCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(paramLabel = "RUN_DIR", description = "a run folder (holding result.json) or the result.json itself") Path run;

    @Override public Integer call() {
        Path dir = run.getFileName() != null && run.getFileName().toString().endsWith(".json") ? run.toAbsolutePath().getParent() : run;
        spec.commandLine().getOut().println("report: " + HtmlReport.render(dir));
        return 0;
    }
}
