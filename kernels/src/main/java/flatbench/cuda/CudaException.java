package flatbench.cuda;

import flatbench.engine.EngineException;

/** A CUDA driver call failed; the message says what failed and what to do about it. */
public final class CudaException extends EngineException {
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

    /**
     * True when the machine, not flatbench, is at fault and the user can act on the message: no
     * driver or device, kernels not built, out of memory. False for a failed launch or any other
     * driver error, which is flatbench's bug to report.
     */
    @Override public boolean isEnvironmentProblem() {
        return code == -1 || code == jcuda.driver.CUresult.CUDA_ERROR_OUT_OF_MEMORY
                || code == jcuda.driver.CUresult.CUDA_ERROR_NO_DEVICE || code == jcuda.driver.CUresult.CUDA_ERROR_NOT_INITIALIZED
                || code == jcuda.driver.CUresult.CUDA_ERROR_NO_BINARY_FOR_GPU || code == jcuda.driver.CUresult.CUDA_ERROR_UNSUPPORTED_PTX_VERSION
                || code == jcuda.driver.CUresult.CUDA_ERROR_SYSTEM_DRIVER_MISMATCH;
    }
}
