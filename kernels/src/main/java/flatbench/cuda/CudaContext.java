package flatbench.cuda;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUevent;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.CUresult;
import jcuda.driver.CUstream;
import jcuda.driver.JCudaDriver;

import static jcuda.driver.JCudaDriver.*;

/**
 * Owns one device's primary context, the kernel modules (loaded from the fatbins in the jar),
 * one stream, a caching memory pool and CUDA-event timing. No global CUDA state lives outside
 * this object; close it. Not thread-safe.
 *
 * <p>Every kernel runs on this context's stream; host transfers synchronise the stream first,
 * so results are always complete when they reach the host.
 */
public final class CudaContext implements AutoCloseable {
    /** Where Maven puts the fatbins inside the jar: {@code <module>.fatbin}. */
    public static final String KERNEL_RESOURCE_DIR = "/flatbench/cuda/kernels/";

    /** Set -Dflatbench.cuda.sync=true to synchronise after every launch, so a failing kernel names itself. */
    private static final boolean SYNC_EACH_LAUNCH = Boolean.getBoolean("flatbench.cuda.sync");

    private static String probed;
    private static boolean probeDone;

    private final CUdevice device = new CUdevice();
    private final CUcontext context = new CUcontext();
    private final CUstream stream = new CUstream();
    private final Map<String, CUmodule> modules = new HashMap<>();
    private final Map<String, CUfunction> functions = new HashMap<>();
    private final Map<Long, ArrayDeque<CUdeviceptr>> freeLists = new HashMap<>();
    private final String deviceName;
    private long inUse, cached, peak;
    private boolean closed;

    private CudaContext(int ordinal) {
        ensureDriver();
        int[] count = new int[1];
        check(cuDeviceGetCount(count), "counting CUDA devices");
        if (count[0] <= ordinal) {
            throw new CudaException("no CUDA device " + ordinal + " visible (" + count[0] + " found): check nvidia-smi and CUDA_VISIBLE_DEVICES", CUresult.CUDA_ERROR_NO_DEVICE);
        }
        check(cuDeviceGet(device, ordinal), "opening CUDA device " + ordinal);
        check(cuDevicePrimaryCtxRetain(context, device), "creating a CUDA context");
        check(cuCtxSetCurrent(context), "making the CUDA context current");
        check(cuStreamCreate(stream, 0), "creating a CUDA stream");
        byte[] name = new byte[256];
        check(cuDeviceGetName(name, name.length, device), "reading the device name");
        int len = 0;
        while (len < name.length && name[len] != 0) len++;
        deviceName = new String(name, 0, len, java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** Opens device 0; throws {@link CudaException} saying why when CUDA is unusable here. */
    public static CudaContext create() { return new CudaContext(0); }

    /**
     * Null when CUDA kernels can run here, otherwise one sentence saying why not. Never throws:
     * a missing driver library, no device or missing kernel binaries all become a reason.
     */
    public static synchronized String probe() {
        if (probeDone) return probed;
        probeDone = true;
        if (CudaContext.class.getResource(KERNEL_RESOURCE_DIR + "vector.fatbin") == null) {
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

    private static void ensureDriver() {
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

    public String deviceName() { return deviceName; }

    public CUstream stream() { return stream; }

    /** The entry point {@code name} of kernel module {@code module} ({@code <module>.fatbin}). */
    public CUfunction function(String module, String name) {
        String key = module + "/" + name;
        CUfunction f = functions.get(key);
        if (f != null) return f;
        CUmodule m = modules.computeIfAbsent(module, this::loadModule);
        f = new CUfunction();
        check(cuModuleGetFunction(f, m, name), "finding kernel " + name + " in " + module + ".fatbin");
        functions.put(key, f);
        return f;
    }

    private CUmodule loadModule(String module) {
        byte[] image = kernelImage(module);
        CUmodule m = new CUmodule();
        int rc = cuModuleLoadData(m, image);
        if (rc == CUresult.CUDA_ERROR_NO_BINARY_FOR_GPU || rc == CUresult.CUDA_ERROR_INVALID_PTX
                || rc == CUresult.CUDA_ERROR_UNSUPPORTED_PTX_VERSION) {
            throw new CudaException(module + ".fatbin does not run on " + deviceName + " (" + CUresult.stringFor(rc)
                    + "): it needs compute capability 8.0 or newer and a driver for CUDA 13", rc);
        }
        check(rc, "loading kernel module " + module);
        return m;
    }

    /** The fatbin bytes of a kernel module, as packaged in the jar. */
    public static byte[] kernelImage(String module) {
        String path = KERNEL_RESOURCE_DIR + module + ".fatbin";
        try (InputStream in = CudaContext.class.getResourceAsStream(path)) {
            if (in == null) throw new CudaException("kernel binary " + path + " missing from the jar: rebuild the kernels module with nvcc on PATH", -1);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new CudaException("cannot read kernel binary " + path, e);
        }
    }

    /** Names of the kernel modules packaged in the jar (one fatbin each), from the build's index. */
    public static java.util.List<String> kernelModules() {
        try (InputStream in = CudaContext.class.getResourceAsStream(KERNEL_RESOURCE_DIR + "modules.txt")) {
            if (in == null) throw new CudaException("the jar holds no CUDA kernels: rebuild the kernels module with nvcc on PATH", -1);
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).lines().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new CudaException("cannot read the kernel index", e);
        }
    }

    /** SHA-256 (hex) of every packaged kernel binary, by module: provenance for run records. */
    public static java.util.SortedMap<String, String> kernelHashes() {
        java.util.SortedMap<String, String> out = new java.util.TreeMap<>();
        for (String m : kernelModules()) {
            try {
                byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(kernelImage(m));
                out.put(m, java.util.HexFormat.of().formatHex(d));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 missing from this Java runtime", e);
            }
        }
        return out;
    }

    /**
     * Launches a kernel on this context's stream. Arguments: {@link DeviceBuffer}, {@link CUdeviceptr},
     * null (a null device pointer), Integer, Long, Float.
     */
    public void launch(CUfunction f, Dim grid, int block, Object... args) {
        Pointer[] p = new Pointer[args.length];
        for (int i = 0; i < args.length; i++) p[i] = argument(args[i]);
        check(cuLaunchKernel(f, grid.x(), grid.y(), grid.z(), block, 1, 1, 0, stream, Pointer.to(p), null), "launching a kernel");
        if (SYNC_EACH_LAUNCH) synchronize();
    }

    private static Pointer argument(Object a) {
        if (a == null) return Pointer.to(new CUdeviceptr());
        if (a instanceof DeviceBuffer b) return Pointer.to(b.ptr());
        if (a instanceof CUdeviceptr d) return Pointer.to(d);
        if (a instanceof Integer i) return Pointer.to(new int[] {i});
        if (a instanceof Long l) return Pointer.to(new long[] {l});
        if (a instanceof Float f) return Pointer.to(new float[] {f});
        throw new IllegalArgumentException("unsupported kernel argument type " + a.getClass().getSimpleName());
    }

    /** A grid in blocks. */
    public record Dim(int x, int y, int z) {
        public Dim {
            if (x <= 0 || y <= 0 || z <= 0 || y > 65535 || z > 65535) throw new IllegalArgumentException("grid " + x + "×" + y + "×" + z + " out of CUDA limits");
        }
        public static Dim of(int x) { return new Dim(x, 1, 1); }
    }

    public void synchronize() { check(cuStreamSynchronize(stream), "running kernels"); }

    // ---- memory ----

    /** Device memory of at least {@code bytes}; contents undefined. Freed buffers are cached by size. */
    public DeviceBuffer alloc(long bytes) {
        long size = Math.max(256, (bytes + 255) & ~255L);
        ArrayDeque<CUdeviceptr> free = freeLists.get(size);
        CUdeviceptr p = free == null ? null : free.poll();
        if (p != null) {
            cached -= size;
        } else {
            p = new CUdeviceptr();
            int rc = cuMemAlloc(p, size);
            if (rc == CUresult.CUDA_ERROR_OUT_OF_MEMORY && cached > 0) {
                trim();
                rc = cuMemAlloc(p, size);
            }
            if (rc == CUresult.CUDA_ERROR_OUT_OF_MEMORY) {
                long[] freeB = new long[1], total = new long[1];
                cuMemGetInfo(freeB, total);
                throw new CudaException("out of device memory: asked for " + size + " bytes with " + freeB[0] + " of " + total[0]
                        + " free (" + inUse + " held by flatbench): use a smaller batch or model", rc);
            }
            check(rc, "allocating " + size + " bytes of device memory");
        }
        inUse += size;
        peak = Math.max(peak, inUse);
        return new DeviceBuffer(this, p, bytes, size);
    }

    public DeviceBuffer allocFloats(long n) { return alloc(n * 4); }

    void release(CUdeviceptr p, long size) {
        if (closed) return;
        inUse -= size;
        cached += size;
        freeLists.computeIfAbsent(size, s -> new ArrayDeque<>()).push(p);
    }

    /** Frees every cached (unused) block back to the driver. */
    public void trim() {
        for (ArrayDeque<CUdeviceptr> q : freeLists.values()) for (CUdeviceptr p : q) cuMemFree(p);
        freeLists.clear();
        cached = 0;
    }

    /** Bytes currently handed out by the pool. */
    public long bytesInUse() { return inUse; }

    /** Most bytes ever handed out at once since creation or {@link #resetPeak()}. */
    public long peakBytes() { return peak; }

    public void resetPeak() { peak = inUse; }

    /** Free and total device memory in bytes, as the driver reports them. */
    public long[] memoryInfo() {
        long[] free = new long[1], total = new long[1];
        check(cuMemGetInfo(free, total), "reading device memory");
        return new long[] {free[0], total[0]};
    }

    public DeviceBuffer upload(float[] host) {
        DeviceBuffer b = allocFloats(host.length);
        upload(host, b.ptr());
        return b;
    }

    public DeviceBuffer upload(int[] host) {
        DeviceBuffer b = alloc((long) host.length * 4);
        synchronize();
        check(cuMemcpyHtoD(b.ptr(), Pointer.to(host), (long) host.length * 4), "copying to the device");
        return b;
    }

    public void upload(int[] host, CUdeviceptr dst) {
        synchronize();
        check(cuMemcpyHtoD(dst, Pointer.to(host), (long) host.length * 4), "copying to the device");
    }

    public void upload(float[] host, CUdeviceptr dst) {
        synchronize();
        check(cuMemcpyHtoD(dst, Pointer.to(host), (long) host.length * 4), "copying to the device");
    }

    public float[] download(CUdeviceptr src, long n) {
        if (n > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("cannot download " + n + " floats into one host array");
        float[] out = new float[(int) n];
        synchronize();
        check(cuMemcpyDtoH(Pointer.to(out), src, n * 4), "copying from the device");
        return out;
    }

    public float[] download(DeviceBuffer b) { return download(b.ptr(), b.elements()); }

    public double[] downloadDoubles(CUdeviceptr src, int n) {
        double[] out = new double[n];
        synchronize();
        check(cuMemcpyDtoH(Pointer.to(out), src, (long) n * 8), "copying from the device");
        return out;
    }

    public void copy(CUdeviceptr dst, CUdeviceptr src, long floats) {
        check(cuMemcpyDtoDAsync(dst, src, floats * 4, stream), "copying on the device");
    }

    /** Fills n 4-byte elements with the bit pattern of {@code value}. */
    public void fill(CUdeviceptr dst, float value, long n) {
        check(cuMemsetD32Async(dst, Float.floatToRawIntBits(value), n, stream), "filling device memory");
    }

    /** Fills a rows × cols block of 4-byte elements whose rows are {@code pitch} elements apart. */
    public void fill2d(CUdeviceptr dst, long pitch, float value, long cols, long rows) {
        check(cuMemsetD2D32Async(dst, pitch * 4, Float.floatToRawIntBits(value), cols, rows, stream), "filling device memory");
    }

    // ---- timing ----

    /** Milliseconds the device spent on the work {@code body} enqueues, by CUDA events. */
    public double time(Runnable body) {
        CUevent start = new CUevent(), end = new CUevent();
        check(cuEventCreate(start, 0), "creating a CUDA event");
        check(cuEventCreate(end, 0), "creating a CUDA event");
        try {
            check(cuEventRecord(start, stream), "recording a CUDA event");
            body.run();
            check(cuEventRecord(end, stream), "recording a CUDA event");
            check(cuEventSynchronize(end), "running timed kernels");
            float[] ms = new float[1];
            check(cuEventElapsedTime(ms, start, end), "reading a CUDA event");
            return ms[0];
        } finally {
            cuEventDestroy(start);
            cuEventDestroy(end);
        }
    }

    public int driverVersion() {
        int[] v = new int[1];
        check(cuDriverGetVersion(v), "reading the driver version");
        return v[0];
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

    @Override public void close() {
        if (closed) return;
        cuStreamSynchronize(stream);
        trim();
        closed = true;
        for (CUmodule m : modules.values()) cuModuleUnload(m);
        modules.clear();
        functions.clear();
        cuStreamDestroy(stream);
        cuDevicePrimaryCtxRelease(device);
    }
}
