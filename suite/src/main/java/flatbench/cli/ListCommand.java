package flatbench.cli;

import java.io.PrintWriter;

import flatbench.engine.EngineProvider;
import flatbench.engine.Engines;
import flatbench.model.ModelSpec;
import flatbench.model.Models;
import flatbench.scenario.Scenario;
import flatbench.scenario.Scenarios;
import flatbench.record.Metric;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "list", mixinStandardHelpOptions = true, description = "Lists scenarios, models, data sets and engines.")
final class ListCommand implements Runnable {
    @Spec CommandSpec spec;
    @Option(names = "--metrics", description = "instead, the catalogue of every metric a run writes, as the Markdown table of docs/METRICS.md")
    boolean metrics;

    @Override public void run() {
        PrintWriter out = spec.commandLine().getOut();
        if (metrics) {
            out.print(Metric.markdownTable());
            out.flush();
            return;
        }
        out.println("Scenarios (flatbench run --scenario NAME):");
        for (Scenario s : Scenarios.all()) out.printf("  %-14s %s%n", s.name(), s.description());
        out.println();
        out.println("Models (--model NAME):");
        for (Models.Entry e : Models.entries()) {
            ModelSpec m = e.builder().get();
            out.printf("  %-14s %,11d params  %s%n", e.name(), m.parameterCount(), e.description());
        }
        out.println();
        out.println("Data sets (--data NAME, --data-dir FOLDER):");
        for (var d : flatbench.data.DataSets.entries()) out.printf("  %-20s %s%n", d.name(), d.description());
        out.println();
        out.println("Engines (--engine NAME):");
        for (EngineProvider p : Engines.providers()) {
            String why = p.unavailableReason();
            out.printf("  %-14s %s%s%n", p.name(), p.description(), why == null ? "" : "  [unavailable: " + why + "]");
        }
    }
}
