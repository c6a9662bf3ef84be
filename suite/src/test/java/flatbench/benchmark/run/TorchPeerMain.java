package flatbench.benchmark.run;

import java.nio.file.Path;

import flatbench.measure.ProgressListener;

/**
 * Runs a tiny benchmark and its PyTorch peer in a process of its own, so a test can give it the
 * environment the peer reads (FLATBENCH_PYTHON, FLATBENCH_THREADS): args are the output folder and
 * the home holding bench/torch_peer.py. Prints the table.
 */
public final class TorchPeerMain {
    public static void main(String[] args) {
        Path out = Path.of(args[0]), home = Path.of(args[1]);
        BenchRunner.Outcome o = BenchRunner.run(TorchPeerJavaSideTest.tiny(), out, out, null, ProgressListener.NONE);
        TorchPeer.Outcome peer = TorchPeer.run(TorchPeerJavaSideTest.tiny(), o.record(), o.runDir(), home);
        System.out.println("ran=" + peer.ran());
        System.out.println("runDir=" + o.runDir());
        System.out.print(peer.table());
    }
}
