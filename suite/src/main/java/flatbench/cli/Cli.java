package flatbench.cli;

import java.nio.file.Path;

/** Facts about where the CLI runs. */
final class Cli {
    private Cli() {}

    /** The source tree or unpacked bundle bin/flatbench started from (for git provenance), else the working directory. */
    static Path home() {
        String h = System.getProperty("flatbench.home");
        return Path.of(h == null ? "." : h);
    }
}
