package flatbench.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

import flatbench.engine.EngineProvider;
import flatbench.engine.EngineProvider.KernelCheck;
import flatbench.engine.Engines;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "selfcheck", mixinStandardHelpOptions = true,
        description = {"Runs every kernel of the engines that have their own (the CUDA kernels) against its plain-Java reference",
                "on fresh random inputs (outputs poisoned first) and prints the largest errors.",
                "Exit code 1 if any kernel fails, 2 if such an engine cannot run here (no usable GPU)."})
final class SelfcheckCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Option(names = "--seed", paramLabel = "N", description = "seed of the random inputs (default: ${DEFAULT-VALUE})") long seed = 1;

    @Override public Integer call() {
        List<EngineProvider> checked = Engines.providers().stream().filter(EngineProvider::hasSelfCheck).toList();
        if (checked.isEmpty()) throw new IllegalArgumentException("no engine with kernels of its own is in this build (the cuda engine's jar is missing)");
        PrintWriter out = spec.commandLine().getOut();
        int failed = 0, total = 0;
        for (EngineProvider p : checked) {
            EngineProvider.SelfCheckReport report = p.selfCheck(seed);
            out.println("engine: " + p.name() + ", device: " + report.device());
            out.printf("%-40s %-4s %-28s %12s %12s  %s%n", "kernel", "ver", "shape", "max abs err", "max rel err", "result");
            for (KernelCheck r : report.checks()) {
                out.printf("%-40s %-4s %-28s %12.3e %12.3e  %s%n", r.kernel(), r.version(), r.shape(), r.maxAbsErr(), r.maxRelErr(), r.pass() ? "ok" : "FAIL");
                if (!r.pass()) failed++;
            }
            total += report.checks().size();
        }
        out.printf("%d checks, %d failed%n", total, failed);
        return failed == 0 ? 0 : 1;
    }
}
