package flatbench.cuda;

/** A CUDA driver call failed; the message says what failed and what to do about it. */
public final class CudaException extends RuntimeException {
    private final int code;

    public CudaException(String message, int code) {
        super(message);
        this.code = code;
    }

    public CudaException(String message, Throwable cause) {
        super(message, cause);
        this.code = -1;
    }

    /** The CUresult code, or −1 when the failure was not a driver return code. */
    public int code() { return code; }
}
