package flatbench.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import flatbench.compare.PeerTable;
import flatbench.record.RunRecordStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "peer", mixinStandardHelpOptions = true,
        description = "Prints our benchmark medians beside a peer's from the same host (bench/torch_peer.py's JSON) as a ratio table.")
final class PeerCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "OURS", description = "a bench result (run folder or .json)") Path ours;
    @Parameters(index = "1", paramLabel = "PEER", description = "the peer's JSON") Path peer;
    @Option(names = "--name", paramLabel = "NAME", description = "the peer's name in the table (default: ${DEFAULT-VALUE})") String name = "PyTorch";

    @Override public Integer call() {
        spec.commandLine().getOut().print(PeerTable.markdown(PeerTable.rows(RunRecordStore.read(ours), peer), name));
        return 0;
    }
}
