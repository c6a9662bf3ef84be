package flatbench.scenario;

import java.util.Locale;

/**
 * What every reproduction scenario shares: {@code --scale}, one preset of sizes per scale. Each
 * reproduction lists {@link #SCALE} in its {@link Scenario#settings()} and maps the scale to its
 * own sizes; a size setting the user gives explicitly wins over the preset ({@link #sized}).
 */
public final class ReproductionSettings {
    private ReproductionSettings() {}

    /** How big a reproduction runs. */
    public enum Scale {
        /** Seconds to a minute or two on a CPU: the CI check that the whole path works, not a measurement to quote. */
        SMOKE,
        /** Within 30 minutes on a 2-core CPU: the number to quote, with its interval. */
        STANDARD,
        /** The paper's own sizes; each scenario documents its expected time (a GPU or a long CPU run). */
        PAPER;

        public String label() { return name().toLowerCase(Locale.ROOT); }

        public static Scale parse(String text) {
            try {
                return valueOf(text.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("expects smoke, standard or paper, not '" + text + "'");
            }
        }

        /** The value for this scale. */
        public <T> T pick(T smoke, T standard, T paper) {
            return switch (this) {
                case SMOKE -> smoke;
                case STANDARD -> standard;
                case PAPER -> paper;
            };
        }
    }

    public static final Setting<Scale> SCALE = Setting.choice("scale", "--scale", "S", Scale.SMOKE,
            "reproduction size: smoke (CI, a minute or two on a CPU), standard (under 30 minutes on 2 cores) or paper (the published sizes)",
            Scale::parse, Scale::label);

    /**
     * A size of a reproduction: the setting's value, or the scale's preset where it is 0 — the
     * value a reproduction scenario gives its size settings by default, so "not given" is told
     * apart from any size a user can type.
     */
    public static int sized(RunConfig c, Setting<Integer> s, int preset) {
        int v = c.get(s);
        return v == 0 ? preset : v;
    }

    /** A list of numbers as the reproductions' notes print it: "[a, b, …]" with four significant digits. */
    static String numbers(double[] v) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) b.append(i > 0 ? ", " : "").append(String.format(Locale.ROOT, "%.4g", v[i]));
        return b.append(']').toString();
    }
}
