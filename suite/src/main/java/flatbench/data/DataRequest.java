package flatbench.data;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

import flatbench.model.Shape;

/**
 * What to load from the {@link DataSets} catalogue.
 *
 * @param name       catalogue name, e.g. {@code mnist}
 * @param folder     folder holding the files, instead of the entry's default (file-backed sets only)
 * @param maxSamples at most this many samples ({@link #ALL} for every sample in the files, or the
 *                   generator's default count for synthetic sets)
 * @param seed       seed of synthetic generators (file-backed sets keep their file order)
 * @param part       training or test samples
 * @param shape      input shape of synthetic samples instead of the entry's default
 * @param classes    class count of synthetic samples instead of the entry's default
 */
public record DataRequest(String name, Optional<Path> folder, int maxSamples, long seed, Part part,
                          Optional<Shape> shape, OptionalInt classes) {
    /** {@code maxSamples} meaning "no limit". */
    public static final int ALL = Integer.MAX_VALUE;

    public DataRequest {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(part, "part");
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(classes, "classes");
        if (maxSamples <= 0) throw new IllegalArgumentException("maxSamples must be positive, got " + maxSamples);
    }

    /** All training samples of {@code name}, default folder, seed 0. */
    public static DataRequest of(String name) {
        return new DataRequest(name, Optional.empty(), ALL, 0L, Part.TRAIN, Optional.empty(), OptionalInt.empty());
    }

    public DataRequest withFolder(Path f) { return new DataRequest(name, Optional.of(f), maxSamples, seed, part, shape, classes); }

    public DataRequest withMaxSamples(int n) { return new DataRequest(name, folder, n, seed, part, shape, classes); }

    public DataRequest withSeed(long s) { return new DataRequest(name, folder, maxSamples, s, part, shape, classes); }

    public DataRequest withPart(Part p) { return new DataRequest(name, folder, maxSamples, seed, p, shape, classes); }

    public DataRequest withShape(Shape s) { return new DataRequest(name, folder, maxSamples, seed, part, Optional.of(s), classes); }

    public DataRequest withClasses(int k) { return new DataRequest(name, folder, maxSamples, seed, part, shape, OptionalInt.of(k)); }
}
