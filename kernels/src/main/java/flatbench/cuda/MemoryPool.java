package flatbench.cuda;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUresult;

import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemFree;
import static jcuda.driver.JCudaDriver.cuMemGetInfo;

/**
 * One context's caching allocator: a freed block is kept for the next request of its (rounded)
 * size, because cuMemAlloc and cuMemFree synchronise the device; on running out, the cache is
 * given back to the driver and the request retried. Counts what it hands out, and the peak.
 */
final class MemoryPool {
    private final CudaContext owner;
    private final Map<Long, ArrayDeque<CUdeviceptr>> freeLists = new HashMap<>();
    private long inUse, cached, peak;
    private boolean closed;

    MemoryPool(CudaContext owner) { this.owner = owner; }

    DeviceBuffer alloc(long bytes) {
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
            CudaDriver.check(rc, "allocating " + size + " bytes of device memory");
        }
        inUse += size;
        peak = Math.max(peak, inUse);
        return new DeviceBuffer(owner, p, bytes, size);
    }

    void release(CUdeviceptr p, long size) {
        if (closed) return;
        inUse -= size;
        cached += size;
        freeLists.computeIfAbsent(size, s -> new ArrayDeque<>()).push(p);
    }

    void trim() {
        for (ArrayDeque<CUdeviceptr> q : freeLists.values()) for (CUdeviceptr p : q) cuMemFree(p);
        freeLists.clear();
        cached = 0;
    }

    long peak() { return peak; }

    void resetPeak() { peak = inUse; }

    /** Gives the cache back; blocks still out are freed with the context. */
    void close() {
        trim();
        closed = true;
    }
}
