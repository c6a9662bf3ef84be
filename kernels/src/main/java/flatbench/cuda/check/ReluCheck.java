package flatbench.cuda.check;

import java.util.List;
import java.util.SplittableRandom;

import flatbench.cuda.CudaContext;
import flatbench.cuda.DeviceBuffer;
import flatbench.cuda.ops.ReluKernels;
import flatbench.reference.Relu;

/** {@code relu.cu} through {@code ReluKernels} against Relu. */
final class ReluCheck extends BindingCheck {
    ReluCheck(CudaContext cuda, SplittableRandom rng) { super(cuda, rng); }

    @Override String module() { return "relu"; }

    @Override List<String> entryPoints() { return List.of("relu_forward_v1", "relu_backward_v1"); }

    @Override void check() {
        ReluKernels relu = new ReluKernels(cuda);
        int n = 1031;
        float[] x = random(n), dy = random(n);
        double[] y = new double[n];
        Relu.forward(wide(x), y, n);
        try (DeviceBuffer dx = cuda.upload(x); DeviceBuffer ddy = cuda.upload(dy)) {
            float[] got = run(n, c -> relu.forward(dx.ptr(), c, n));
            compare("relu_forward_v1", String.valueOf(n), Relu.TOLERANCE, y, got);
            double[] g = new double[n];
            Relu.backward(wide(x), wide(dy), g, n);
            try (DeviceBuffer dyOut = cuda.upload(got)) {
                compare("relu_backward_v1", String.valueOf(n), Relu.TOLERANCE, g, run(n, c -> relu.backward(dyOut.ptr(), ddy.ptr(), c, n, false)));
            }
        }
    }
}
