package flatbench.cuda.ops;

import flatbench.cuda.CudaContext;
import flatbench.cuda.LaunchGeometry;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import flatbench.model.PoolShape;

/**
 * {@code pool.cu}: max/average pooling (square window, no padding, output rounded down) and
 * global average pooling over NCHW planes (planes = batch × channels). Backward passes ADD into dx.
 */
public final class PoolKernels {
    private final CudaContext cuda;
    private final CUfunction maxF, maxB, maxGather, avgF, avgB, gapF, gapB;

    public PoolKernels(CudaContext cuda) {
        this.cuda = cuda;
        maxF = cuda.function("pool", "maxpool_forward_v1");
        maxB = cuda.function("pool", "maxpool_backward_v1");
        maxGather = cuda.function("pool", "maxpool_gather_v1");
        avgF = cuda.function("pool", "avgpool_forward_v1");
        avgB = cuda.function("pool", "avgpool_backward_v1");
        gapF = cuda.function("pool", "global_avgpool_forward_v1");
        gapB = cuda.function("pool", "global_avgpool_backward_v1");
    }

    private int threads() { return LaunchGeometry.ELEMENT_THREADS; }

    public void maxForward(PoolShape s, CUdeviceptr x, CUdeviceptr y, CUdeviceptr argmax) {
        cuda.launch(maxF, LaunchGeometry.elementGrid(s.outputSize()), threads(), x, y, argmax, s.planes(), s.h(), s.w(), s.k(), s.stride(), s.ho(), s.wo());
    }

    public void maxBackward(PoolShape s, CUdeviceptr dy, CUdeviceptr argmax, CUdeviceptr dx) {
        cuda.launch(maxB, LaunchGeometry.elementGrid(s.outputSize()), threads(), dy, argmax, dx, s.outputSize());
    }

    /** y[i] = x[argmax[i]]: the R-operator's forward pass through max pooling. */
    public void maxGather(PoolShape s, CUdeviceptr x, CUdeviceptr argmax, CUdeviceptr y) {
        cuda.launch(maxGather, LaunchGeometry.elementGrid(s.outputSize()), threads(), x, argmax, y, s.outputSize());
    }

    public void avgForward(PoolShape s, CUdeviceptr x, CUdeviceptr y) {
        cuda.launch(avgF, LaunchGeometry.elementGrid(s.outputSize()), threads(), x, y, s.planes(), s.h(), s.w(), s.k(), s.stride(), s.ho(), s.wo());
    }

    public void avgBackward(PoolShape s, CUdeviceptr dy, CUdeviceptr dx) {
        cuda.launch(avgB, LaunchGeometry.elementGrid(s.outputSize()), threads(), dy, dx, s.planes(), s.h(), s.w(), s.k(), s.stride(), s.ho(), s.wo());
    }

    public void globalAvgForward(int planes, int hw, CUdeviceptr x, CUdeviceptr y) {
        cuda.launch(gapF, CudaContext.Dim.of(LaunchGeometry.ceilDiv((long) planes * 32, 256)), 256, x, y, planes, hw);
    }

    public void globalAvgBackward(int planes, int hw, CUdeviceptr dy, CUdeviceptr dx) {
        cuda.launch(gapB, LaunchGeometry.elementGrid((long) planes * hw), threads(), dy, dx, planes, hw);
    }

    /** Compulsory traffic of a pooling forward pass: read the input, write the output (and argmax for max pooling). */
    public static double bytes(PoolShape s, boolean argmax) { return 4.0 * (s.inputSize() + s.outputSize() * (argmax ? 2 : 1)); }

    /** Additions per forward pass: one per window element. */
    public static double flops(PoolShape s) { return (double) s.outputSize() * s.k() * s.k(); }
}
