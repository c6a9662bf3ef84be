package flatbench.scenario;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * One run setting, declared once: its key in {@code result.json}, its command-line option with
 * label and help, how text becomes a value, its default, which values it accepts, and whether it
 * belongs to what a run measures (the definition hash). {@link RunConfig}, the run command,
 * rerun, sweeps and the record all read it from here, so adding a setting is one declaration.
 *
 * <p>Values are immutable: numbers, strings, enums, paths and unmodifiable lists.
 *
 * @param <T> the value's type
 */
public final class Setting<T> {
    private final String key;
    private final String option;
    private final String label;
    private final Supplier<String> help;
    private final Supplier<T> defaultValue;
    private final Function<String, T> parser;
    private final Function<T, Object> toJson;
    private final Function<Object, T> fromJson;
    private final Predicate<T> accepts;
    private final String requirement;
    private final boolean definesRun;

    private Setting(String key, String option, String label, Supplier<String> help, Supplier<T> defaultValue, Function<String, T> parser,
                    Function<T, Object> toJson, Function<Object, T> fromJson, Predicate<T> accepts, String requirement,
                    boolean definesRun) {
        this.key = key;
        this.option = option;
        this.label = label;
        this.help = help;
        this.defaultValue = defaultValue;
        this.parser = parser;
        this.toJson = toJson;
        this.fromJson = fromJson;
        this.accepts = accepts;
        this.requirement = requirement;
        this.definesRun = definesRun;
    }

    // ---- Declarations -------------------------------------------------------------------------

    public static Setting<Integer> integer(String key, String option, String label, int defaultValue, String help) {
        return new Setting<>(key, option, label, () -> help, () -> defaultValue,
                text -> parseNumber(option, text, "an integer", Integer::valueOf),
                v -> v, json -> json instanceof Number n ? exactInt(key, n) : parseNumber(option, json.toString(), "an integer", Integer::valueOf),
                v -> true, null, true);
    }

    public static Setting<Long> whole(String key, String option, String label, long defaultValue, String help) {
        return new Setting<>(key, option, label, () -> help, () -> defaultValue,
                text -> parseNumber(option, text, "an integer", Long::valueOf),
                v -> v, json -> json instanceof Number n ? n.longValue() : parseNumber(option, json.toString(), "an integer", Long::valueOf),
                v -> true, null, true);
    }

    public static Setting<Double> real(String key, String option, String label, double defaultValue, String help) {
        return new Setting<>(key, option, label, () -> help, () -> defaultValue,
                text -> parseNumber(option, text, "a number", Double::valueOf),
                v -> v, json -> json instanceof Number n ? n.doubleValue() : parseNumber(option, json.toString(), "a number", Double::valueOf),
                v -> true, null, true);
    }

    /** Free text, e.g. a name looked up in a catalogue later (the catalogue reports unknown names). */
    public static Setting<String> text(String key, String option, String label, String defaultValue, Supplier<String> help) {
        return text(key, option, label, () -> defaultValue, help);
    }

    /**
     * Free text whose default is decided where the program runs (e.g. by the engines present),
     * on first use and then kept.
     */
    public static Setting<String> text(String key, String option, String label, Supplier<String> defaultValue, Supplier<String> help) {
        return new Setting<>(key, option, label, help, once(defaultValue), t -> t, v -> v, Object::toString, v -> true, null, true);
    }

    private static <T> Supplier<T> once(Supplier<T> s) {
        return new Supplier<>() {
            private T value;
            private boolean done;

            @Override public synchronized T get() {
                if (!done) {
                    value = s.get();
                    done = true;
                }
                return value;
            }
        };
    }

    /** A folder or file; the command line makes it absolute so a rerun from elsewhere finds the same files. Default: none. */
    public static Setting<Path> path(String key, String option, String label, String help) {
        return new Setting<>(key, option, label, () -> help, () -> null, t -> Path.of(t).toAbsolutePath().normalize(),
                Path::toString, j -> Path.of(j.toString()), v -> true, null, true);
    }

    /**
     * One of a few named values.
     *
     * @param parse  text to value, throwing IllegalArgumentException with the choices for unknown text
     * @param name   value to its recorded text (parse must read it back)
     */
    public static <E> Setting<E> choice(String key, String option, String label, E defaultValue, String help,
                                        Function<String, E> parse, Function<E, String> name) {
        Function<String, E> named = text -> {
            try {
                return parse.apply(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
            }
        };
        return new Setting<>(key, option, label, () -> help, () -> defaultValue, named, name::apply, j -> named.apply(j.toString()),
                v -> true, null, true);
    }

    /** Comma-separated integers on the command line, a JSON array in the record. */
    public static Setting<List<Integer>> integers(String key, String option, String label, String help) {
        return new Setting<>(key, option, label, () -> help, List::of,
                text -> {
                    List<Integer> out = new ArrayList<>();
                    for (String part : text.split(",")) {
                        if (!part.isBlank()) out.add(parseNumber(option, part.strip(), "comma-separated integers", Integer::valueOf));
                    }
                    return Collections.unmodifiableList(out);
                },
                v -> v,
                json -> {
                    // A run record normalises numeric lists to double[] (MetricTree); plain JSON gives a List.
                    if (json instanceof double[] d) json = java.util.Arrays.stream(d).boxed().toList();
                    if (!(json instanceof List<?> l)) throw new IllegalArgumentException("the recorded config has no list for '" + key + "'");
                    List<Integer> out = new ArrayList<>();
                    for (Object o : l) {
                        if (!(o instanceof Number n)) throw new IllegalArgumentException("the recorded config's '" + key + "' holds a non-number");
                        out.add(exactInt(key, n));
                    }
                    return Collections.unmodifiableList(out);
                },
                v -> true, null, true);
    }

    /** The same setting, accepting only values the test passes; otherwise "OPTION REQUIREMENT, not VALUE". */
    public Setting<T> require(Predicate<T> test, String requirement) {
        Predicate<T> both = this.requirement == null ? test : v -> accepts.test(v) && test.test(v);
        String req = this.requirement == null ? requirement : this.requirement + " and " + requirement;
        return new Setting<>(key, option, label, help, defaultValue, parser, toJson, fromJson, both, req, definesRun);
    }

    /**
     * The same setting, left out of the run's definition hash: it changes which repetition or
     * which copy of the data a run is, not what it measures (a seed, where the files lie).
     */
    public Setting<T> outsideDefinition() {
        return new Setting<>(key, option, label, help, defaultValue, parser, toJson, fromJson, accepts, requirement, false);
    }

    // ---- Use ----------------------------------------------------------------------------------

    /** The key in {@code result.json}'s config. */
    public String key() { return key; }

    /** The command-line option, e.g. {@code --lr}. */
    public String option() { return option; }

    public String label() { return label; }

    public String help() { return help.get(); }

    public T defaultValue() { return defaultValue.get(); }

    /** Whether the value is part of what the run measures (recorded in the definition hash). */
    public boolean definesRun() { return definesRun; }

    /** Command-line or sweep text to a value; throws IllegalArgumentException in one sentence naming the option. */
    public T parse(String text) {
        return checked(parser.apply(text));
    }

    /** A value as it is recorded in JSON (numbers, strings, lists). */
    public Object toJson(Object value) {
        return value == null ? null : toJson.apply(cast(value));
    }

    /** Reads back what {@link #toJson} wrote (JSON numbers may come back as other Number types). */
    public T fromJson(Object json) {
        return checked(json == null ? null : fromJson.apply(json));
    }

    /** The value as a user would type it. */
    public String format(Object value) {
        if (value == null) return "none";
        Object j = toJson(value);
        if (j instanceof List<?> l) return l.isEmpty() ? "none" : String.join(",", l.stream().map(String::valueOf).toList());
        return String.valueOf(j);
    }

    /** Throws IllegalArgumentException naming the option when the value is not accepted. */
    public T checked(T value) {
        if (value == null) {
            if (defaultValue.get() == null) return null;
            throw new IllegalArgumentException(option + " needs a value");
        }
        // Values are immutable: a list handed in is copied, so the caller cannot change a config.
        if (value instanceof List<?> l) value = cast(List.copyOf(l));
        if (!accepts.test(value)) throw new IllegalArgumentException(option + " " + requirement + ", not " + format(value));
        return value;
    }

    /** {@link #checked} for a value of unknown static type (it must be a T). */
    Object checkedObject(Object value) {
        return checked(cast(value));
    }

    @SuppressWarnings("unchecked")
    T cast(Object value) {
        return (T) value;
    }

    @Override public String toString() { return option; }

    private static <N> N parseNumber(String option, String text, String what, Function<String, N> parse) {
        try {
            return parse.apply(text.strip().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " expects " + what + ", not '" + text + "'");
        }
    }

    private static int exactInt(String key, Number n) {
        double d = n.doubleValue();
        if (d != Math.rint(d) || d > Integer.MAX_VALUE || d < Integer.MIN_VALUE) {
            throw new IllegalArgumentException("the recorded config's '" + key + "' is not an integer: " + n);
        }
        return n.intValue();
    }

}
