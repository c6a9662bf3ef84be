package flatbench.benchmark.run;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How to start one fork: a fresh {@code flatbench bench --forks 0 …} process that times every work
 * item in its own JVM and writes one run folder under the {@code --out} folder it is given.
 *
 * @param label   names the side in messages, e.g. "base (a1b2c3d)"
 * @param command the command line up to and including the bench arguments; {@code --out FOLDER --quiet} is appended
 * @param workDir the process's working directory
 */
public record ForkCommand(String label, List<String> command, Path workDir) {
    public ForkCommand {
        command = List.copyOf(command);
        if (command.isEmpty()) throw new IllegalArgumentException("a fork needs a command");
    }

    /**
     * A fork of the running JVM's own build: the same java, class path and JVM options (less
     * debugger agents, which would clash over their port), running {@code mainClass} with
     * {@code arguments}.
     *
     * @param extraJvmOptions appended after the inherited options, so they win (tests use this to vary one side)
     */
    public static ForkCommand ofThisJvm(String label, String mainClass, List<String> extraJvmOptions, List<String> arguments) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        for (String opt : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (opt.startsWith("-agentlib:jdwp") || opt.startsWith("-Xrunjdwp") || opt.startsWith("-javaagent")) continue;
            cmd.add(opt);
        }
        cmd.addAll(extraJvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(arguments);
        return new ForkCommand(label, cmd, Path.of("").toAbsolutePath());
    }
}
