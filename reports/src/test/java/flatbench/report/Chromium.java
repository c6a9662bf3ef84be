package flatbench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs Debian's chromium headless to load a page and dump its DOM after scripts ran. */
final class Chromium {
    private Chromium() {}

    static Path find() {
        for (String c : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")) {
            Path p = Path.of(c);
            if (Files.isExecutable(p)) return p;
        }
        return null;
    }

    static String dumpDom(Path browser, Path page, Path profile) throws IOException, InterruptedException {
        Files.createDirectories(profile);
        Path stdout = profile.resolve("dom.html");
        Path stderr = profile.resolve("stderr.txt");
        Process p = new ProcessBuilder(browser.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile.toAbsolutePath(),
                // Lets the load event and its handler run before the DOM is dumped.
                "--virtual-time-budget=5000",
                "--dump-dom", page.toUri().toString())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("chromium did not finish within 120 s; stderr: " + Files.readString(stderr));
        }
        String dom = Files.readString(stdout, StandardCharsets.UTF_8);
        if (p.exitValue() != 0 || dom.isBlank()) {
            throw new IllegalStateException("chromium exited with " + p.exitValue() + "; stderr: " + Files.readString(stderr));
        }
        return dom;
    }
}
