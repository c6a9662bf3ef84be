package flatbench.cli;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import flatbench.run.Checkpointing;
import picocli.CommandLine.Option;

/** How often a run saves a checkpoint, shared by run and rerun. */
final class CheckpointOptions {
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");

    @Option(names = "--checkpoint-every", paramLabel = "TIME", order = 1005, defaultValue = "5m",
            description = "save a checkpoint this often while training (e.g. 30s, 5m, 1h), besides each measurement point; "
                    + "off: none (default: ${DEFAULT-VALUE})")
    String every;

    Checkpointing checkpointing() {
        String t = every.trim().toLowerCase(Locale.ROOT);
        if (t.equals("off")) return Checkpointing.OFF;
        Matcher m = DURATION.matcher(t);
        if (!m.matches() || Double.parseDouble(m.group(1)) <= 0) {
            throw new IllegalArgumentException("--checkpoint-every takes a positive time such as 30s, 5m or 1h, or off, not '" + every + "'");
        }
        double v = Double.parseDouble(m.group(1));
        double millis = v * switch (m.group(2)) {
            case "ms" -> 1;
            case "s" -> 1000;
            case "m" -> 60_000;
            default -> 3_600_000;
        };
        return Checkpointing.every(Duration.ofMillis(Math.max(1, Math.round(millis))));
    }
}
