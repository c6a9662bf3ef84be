package flatbench.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

import flatbench.cuda.CudaContext;
import flatbench.cuda.check.SelfCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "selfcheck", mixinStandardHelpOptions = true,
        description = {"Runs every CUDA kernel against its plain-Java reference on fresh random inputs (outputs poisoned first)",
                "and prints the largest errors. Exit code 1 if any kernel fails, 2 if there is no usable GPU."})
final class SelfcheckCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Option(names = "--seed", paramLabel = "N", description = "seed of the random inputs (default: ${DEFAULT-VALUE})") long seed = 1;

    @Override public Integer call() {
        String why = CudaContext.probe();
        if (why != null) throw new IllegalArgumentException("no usable GPU: " + why);
        PrintWriter out = spec.commandLine().getOut();
        List<SelfCheck.Row> rows;
        String device;
        try (CudaContext cuda = CudaContext.create()) {
            device = cuda.deviceName();
            rows = SelfCheck.run(cuda, seed);
        }
        out.println("device: " + device);
        out.printf("%-40s %-4s %-28s %12s %12s  %s%n", "kernel", "ver", "shape", "max abs err", "max rel err", "result");
        int failed = 0;
        for (SelfCheck.Row r : rows) {
            out.printf("%-40s %-4s %-28s %12.3e %12.3e  %s%n", r.kernel(), r.version(), r.shape(), r.maxAbsErr(), r.maxRelErr(), r.pass() ? "ok" : "FAIL");
            if (!r.pass()) failed++;
        }
        out.printf("%d checks, %d failed%n", rows.size(), failed);
        return failed == 0 ? 0 : 1;
    }
}
