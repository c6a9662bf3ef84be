package flatbench.cuda;

import jcuda.driver.CUdeviceptr;

/**
 * Device memory borrowed from a {@link CudaContext}'s pool; closing it returns it to the pool.
 * {@link #at(long)} gives a pointer into the middle (a parameter block inside a flat vector).
 */
public final class DeviceBuffer implements AutoCloseable {
    private final CudaContext owner;
    private final CUdeviceptr ptr;
    private final long bytes;
    private final long pooled;
    private boolean closed;

    /** @param bytes as asked for; @param pooled the (rounded-up) size of the pooled block behind it */
    DeviceBuffer(CudaContext owner, CUdeviceptr ptr, long bytes, long pooled) {
        this.owner = owner;
        this.ptr = ptr;
        this.bytes = bytes;
        this.pooled = pooled;
    }

    public CUdeviceptr ptr() {
        if (closed) throw new IllegalStateException("device buffer used after close");
        return ptr;
    }

    /** Bytes asked for (the pool may hold a little more behind the pointer). */
    public long bytes() { return bytes; }

    /** Number of 4-byte elements (float or int). */
    public long elements() { return bytes / 4; }

    /** A pointer to element {@code index} (4-byte elements). */
    public CUdeviceptr at(long index) {
        if (index < 0 || index * 4 > bytes) throw new IndexOutOfBoundsException("element " + index + " of " + elements());
        return ptr().withByteOffset(index * 4);
    }

    @Override public void close() {
        if (closed) return;
        closed = true;
        owner.release(ptr, pooled);
    }
}
