package flatbench.cuda;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The compiled kernels packaged in the jar: one fatbin per {@code .cu} file, listed in the
 * build's index, and their SHA-256 hashes (provenance for run records).
 */
public final class KernelBinaries {
    private KernelBinaries() {}

    /** Where Maven puts the fatbins inside the jar: {@code <module>.fatbin}. */
    public static final String RESOURCE_DIR = "/flatbench/cuda/kernels/";

    /** Whether the jar holds kernels at all (false when built with -Dcuda.skip=true or without nvcc). */
    static boolean present() {
        return KernelBinaries.class.getResource(RESOURCE_DIR + "modules.txt") != null;
    }

    /** The fatbin bytes of a kernel module, as packaged in the jar. */
    public static byte[] image(String module) {
        String path = RESOURCE_DIR + module + ".fatbin";
        try (InputStream in = KernelBinaries.class.getResourceAsStream(path)) {
            if (in == null) throw new CudaException("kernel binary " + path + " missing from the jar: rebuild the kernels module with nvcc on PATH", -1);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new CudaException("cannot read kernel binary " + path, e);
        }
    }

    /** Names of the kernel modules packaged in the jar (one fatbin each), from the build's index. */
    public static List<String> modules() {
        try (InputStream in = KernelBinaries.class.getResourceAsStream(RESOURCE_DIR + "modules.txt")) {
            if (in == null) throw new CudaException("the jar holds no CUDA kernels: rebuild the kernels module with nvcc on PATH", -1);
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).lines().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new CudaException("cannot read the kernel index", e);
        }
    }

    /** SHA-256 (hex) of every packaged kernel binary, by module: provenance for run records. */
    public static SortedMap<String, String> hashes() {
        SortedMap<String, String> out = new TreeMap<>();
        for (String m : modules()) {
            try {
                byte[] d = MessageDigest.getInstance("SHA-256").digest(image(m));
                out.put(m, HexFormat.of().formatHex(d));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 missing from this Java runtime", e);
            }
        }
        return out;
    }
}
