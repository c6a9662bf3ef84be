package flatbench.cuda;

import jcuda.driver.CUevent;
import jcuda.driver.CUstream;

import static jcuda.driver.JCudaDriver.cuEventCreate;
import static jcuda.driver.JCudaDriver.cuEventDestroy;
import static jcuda.driver.JCudaDriver.cuEventElapsedTime;
import static jcuda.driver.JCudaDriver.cuEventRecord;
import static jcuda.driver.JCudaDriver.cuEventSynchronize;

/** Times the work enqueued on one stream with a pair of CUDA events: device time, which wall clock around asynchronous launches would miss. */
final class EventTimer {
    private final CUstream stream;

    EventTimer(CUstream stream) { this.stream = stream; }

    /** Milliseconds the device spent on the work {@code body} enqueues. */
    double time(Runnable body) {
        CUevent start = new CUevent(), end = new CUevent();
        CudaDriver.check(cuEventCreate(start, 0), "creating a CUDA event");
        CudaDriver.check(cuEventCreate(end, 0), "creating a CUDA event");
        try {
            CudaDriver.check(cuEventRecord(start, stream), "recording a CUDA event");
            body.run();
            CudaDriver.check(cuEventRecord(end, stream), "recording a CUDA event");
            CudaDriver.check(cuEventSynchronize(end), "running timed kernels");
            float[] ms = new float[1];
            CudaDriver.check(cuEventElapsedTime(ms, start, end), "reading a CUDA event");
            return ms[0];
        } finally {
            cuEventDestroy(start);
            cuEventDestroy(end);
        }
    }
}
