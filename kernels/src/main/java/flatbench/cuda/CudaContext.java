package flatbench.cuda;

import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import jcuda.driver.CUresult;
import jcuda.driver.CUstream;

import static jcuda.driver.JCudaDriver.*;

/**
 * One device's primary context and one stream, and what is tied to them: the loaded kernel
 * modules ({@link KernelModules}), a caching memory pool ({@link MemoryPool}), host–device
 * copies ({@link Transfers}) and CUDA-event timing ({@link EventTimer}). No CUDA state of a
 * context lives outside this object; close it. Whether CUDA runs here at all is a fact of the
 * process ({@link CudaDriver#probe()}), the kernels a fact of the jar ({@link KernelBinaries}).
 * Not thread-safe.
 *
 * <p>Every kernel runs on this context's stream; host transfers synchronise the stream first,
 * so results are always complete when they reach the host.
 */
public final class CudaContext implements AutoCloseable {
    /** Set -Dflatbench.cuda.sync=true to synchronise after every launch, so a failing kernel names itself. */
    private static final boolean SYNC_EACH_LAUNCH = Boolean.getBoolean("flatbench.cuda.sync");

    private final CUdevice device = new CUdevice();
    private final CUcontext context = new CUcontext();
    private final CUstream stream = new CUstream();
    private final String deviceName;
    private final KernelModules modules;
    private final MemoryPool pool = new MemoryPool(this);
    private final Transfers transfers;
    private final EventTimer timer;
    private boolean closed;

    private CudaContext(int ordinal) {
        CudaDriver.ensureDriver();
        int[] count = new int[1];
        CudaDriver.check(cuDeviceGetCount(count), "counting CUDA devices");
        if (count[0] <= ordinal) {
            throw new CudaException("no CUDA device " + ordinal + " visible (" + count[0] + " found): check nvidia-smi and CUDA_VISIBLE_DEVICES", CUresult.CUDA_ERROR_NO_DEVICE);
        }
        CudaDriver.check(cuDeviceGet(device, ordinal), "opening CUDA device " + ordinal);
        CudaDriver.check(cuDevicePrimaryCtxRetain(context, device), "creating a CUDA context");
        CudaDriver.check(cuCtxSetCurrent(context), "making the CUDA context current");
        CudaDriver.check(cuStreamCreate(stream, 0), "creating a CUDA stream");
        byte[] name = new byte[256];
        CudaDriver.check(cuDeviceGetName(name, name.length, device), "reading the device name");
        int len = 0;
        while (len < name.length && name[len] != 0) len++;
        deviceName = new String(name, 0, len, java.nio.charset.StandardCharsets.US_ASCII);
        modules = new KernelModules(deviceName);
        transfers = new Transfers(stream);
        timer = new EventTimer(stream);
    }

    /** Opens device 0; throws {@link CudaException} saying why when CUDA is unusable here. */
    public static CudaContext create() { return new CudaContext(0); }

    public String deviceName() { return deviceName; }

    public CUstream stream() { return stream; }

    // ---- kernels ----

    /** The entry point {@code name} of kernel module {@code module} ({@code <module>.fatbin}). */
    public CUfunction function(String module, String name) { return modules.function(module, name); }

    /**
     * Launches a kernel on this context's stream. Arguments: {@link DeviceBuffer}, {@link CUdeviceptr},
     * null (a null device pointer), Integer, Long, Float.
     */
    public void launch(CUfunction f, Dim grid, int block, Object... args) {
        Pointer[] p = new Pointer[args.length];
        for (int i = 0; i < args.length; i++) p[i] = argument(args[i]);
        CudaDriver.check(cuLaunchKernel(f, grid.x(), grid.y(), grid.z(), block, 1, 1, 0, stream, Pointer.to(p), null), "launching a kernel");
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

    public void synchronize() { CudaDriver.check(cuStreamSynchronize(stream), "running kernels"); }

    // ---- memory ----

    /** Device memory of at least {@code bytes}; contents undefined. Freed buffers are cached by size. */
    public DeviceBuffer alloc(long bytes) { return pool.alloc(bytes); }

    public DeviceBuffer allocFloats(long n) { return alloc(n * 4); }

    void release(CUdeviceptr p, long size) { pool.release(p, size); }

    /** Frees every cached (unused) block back to the driver. */
    public void trim() { pool.trim(); }

    /** Most bytes ever handed out at once since creation or {@link #resetPeak()}. */
    public long peakBytes() { return pool.peak(); }

    public void resetPeak() { pool.resetPeak(); }

    /** Free and total device memory in bytes, as the driver reports them. */
    public long[] memoryInfo() {
        long[] free = new long[1], total = new long[1];
        CudaDriver.check(cuMemGetInfo(free, total), "reading device memory");
        return new long[] {free[0], total[0]};
    }

    // ---- copies ----

    public DeviceBuffer upload(float[] host) {
        DeviceBuffer b = allocFloats(host.length);
        transfers.upload(host, b.ptr());
        return b;
    }

    public DeviceBuffer upload(int[] host) {
        DeviceBuffer b = alloc((long) host.length * 4);
        transfers.upload(host, b.ptr());
        return b;
    }

    public void upload(int[] host, CUdeviceptr dst) { transfers.upload(host, dst); }

    public void upload(float[] host, CUdeviceptr dst) { transfers.upload(host, dst); }

    public float[] download(CUdeviceptr src, long n) { return transfers.download(src, n); }

    public float[] download(DeviceBuffer b) { return download(b.ptr(), b.elements()); }

    public double[] downloadDoubles(CUdeviceptr src, int n) { return transfers.downloadDoubles(src, n); }

    public void copy(CUdeviceptr dst, CUdeviceptr src, long floats) { transfers.copy(dst, src, floats); }

    /** Fills n 4-byte elements with the bit pattern of {@code value}. */
    public void fill(CUdeviceptr dst, float value, long n) { transfers.fill(dst, value, n); }

    /** Fills a rows × cols block of 4-byte elements whose rows are {@code pitch} elements apart. */
    public void fill2d(CUdeviceptr dst, long pitch, float value, long cols, long rows) { transfers.fill2d(dst, pitch, value, cols, rows); }

    // ---- timing ----

    /** Milliseconds the device spent on the work {@code body} enqueues, by CUDA events. */
    public double time(Runnable body) { return timer.time(body); }

    @Override public void close() {
        if (closed) return;
        cuStreamSynchronize(stream);
        pool.close();
        closed = true;
        modules.close();
        cuStreamDestroy(stream);
        cuDevicePrimaryCtxRelease(device);
    }
}
