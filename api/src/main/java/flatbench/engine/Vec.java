package flatbench.engine;

/**
 * A parameter-sized vector owned by a {@link VectorSpace}: on the host for CPU engines, on the
 * device for the CUDA engine. All arithmetic goes through the space so large vectors never
 * cross the PCI bus during an eigen-solve.
 */
public interface Vec extends AutoCloseable {
    long length();

    /** Releases device memory, if any. Host vectors need not be closed. */
    @Override default void close() {}
}
