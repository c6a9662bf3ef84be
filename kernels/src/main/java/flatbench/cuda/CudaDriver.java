package flatbench.cuda;

import jcuda.driver.CUresult;
import jcuda.driver.JCudaDriver;

import static jcuda.driver.JCudaDriver.cuDeviceGetCount;

/**
 * The NVIDIA driver as this process sees it: loading it, whether CUDA can run here at all, and
 * turning its return codes into {@link CudaException}s that say what to do. The driver is
 * initialised once per process ({@code cuInit}), so whether it works is a fact of the process,
 * not of a context: {@link #probe()} asks once and keeps the answer. Everything a context owns
 * (device, modules, memory, stream) lives in {@link CudaContext}.
 */
public final class CudaDriver {
    private CudaDriver() {}

    private static String probed;
    private static boolean probeDone;

    /**
     * Null when CUDA kernels can run here, otherwise one sentence saying why not. Never throws:
     * a missing driver library, no device or missing kernel binaries all become a reason.
     */
    public static synchronized String probe() {
        if (probeDone) return probed;
        probeDone = true;
        if (!KernelBinaries.present()) {
            return probed = "the jar holds no CUDA kernels (built with -Dcuda.skip=true or without nvcc): rebuild the kernels module with nvcc on PATH";
        }
        try {
            ensureDriver();
            int[] count = new int[1];
            int rc = cuDeviceGetCount(count);
            if (rc != CUresult.CUDA_SUCCESS) return probed = "cannot count CUDA devices (" + CUresult.stringFor(rc) + "): check the NVIDIA driver with nvidia-smi";
            if (count[0] == 0) return probed = "no CUDA device visible: check nvidia-smi and CUDA_VISIBLE_DEVICES";
            return probed = null;
        } catch (CudaException e) {
            return probed = e.getMessage();
        } catch (LinkageError | RuntimeException e) {
            return probed = "JCuda could not start (" + e.getClass().getSimpleName() + "): " + firstLine(e.getMessage());
        }
    }

    static void ensureDriver() {
        try {
            int rc = JCudaDriver.cuInit(0);
            if (rc == CUresult.CUDA_ERROR_NO_DEVICE) throw new CudaException("no CUDA device visible: check nvidia-smi and CUDA_VISIBLE_DEVICES", rc);
            if (rc != CUresult.CUDA_SUCCESS) {
                throw new CudaException("the NVIDIA driver failed to initialise (" + CUresult.stringFor(rc) + "): check nvidia-smi", rc);
            }
        } catch (LinkageError e) {
            String m = String.valueOf(e.getMessage());
            if (m.contains("libcuda")) throw new CudaException("libcuda.so.1 not found — install the NVIDIA driver", e);
            throw new CudaException("the JCuda native library did not load (" + firstLine(m) + "): use the jcuda-natives jar for this platform", e);
        }
    }

    private static String firstLine(String s) {
        if (s == null) return "no message";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** Throws a {@link CudaException} naming {@code what} when {@code rc} is not success. */
    public static void check(int rc, String what) {
        if (rc == CUresult.CUDA_SUCCESS) return;
        String hint = switch (rc) {
            case CUresult.CUDA_ERROR_OUT_OF_MEMORY -> ": out of device memory, use a smaller batch or model";
            case CUresult.CUDA_ERROR_ILLEGAL_ADDRESS, CUresult.CUDA_ERROR_LAUNCH_FAILED ->
                    ": a kernel faulted, rerun with -Dflatbench.cuda.sync=true under compute-sanitizer to find it";
            case CUresult.CUDA_ERROR_NO_DEVICE -> ": no CUDA device visible, check nvidia-smi and CUDA_VISIBLE_DEVICES";
            case CUresult.CUDA_ERROR_INVALID_VALUE -> ": a bad argument (grid too large or null pointer)";
            default -> "";
        };
        throw new CudaException(what + " failed with " + CUresult.stringFor(rc) + hint, rc);
    }
}
