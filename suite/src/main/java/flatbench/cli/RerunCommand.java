package flatbench.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import flatbench.record.RunRecordStore;
import flatbench.scenario.RunConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "rerun", mixinStandardHelpOptions = true, description = "Runs again exactly the configuration recorded in a result (extra outputs such as --save-weights are chosen anew).")
final class RerunCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(paramLabel = "RUN_DIR", description = "a run folder (holding result.json) or the result.json itself") Path run;
    @Option(names = "--out", paramLabel = "FOLDER", description = "where the new run folder goes (default: ${DEFAULT-VALUE})") Path out = Path.of("runs");
    @Option(names = "--quiet", description = "no progress line") boolean quiet;
    @Mixin CheckpointOptions checkpoints;
    @Mixin OutputOptions outputs;

    @Override public Integer call() {
        RunConfig config = RunConfig.fromMap(RunRecordStore.read(run).config());
        return RunCommand.execute(spec, config, out, quiet, outputs.outputs(), checkpoints.checkpointing());
    }
}
