package flatbench.cuda.check;

import java.util.List;
import java.util.SplittableRandom;

import flatbench.cuda.CudaContext;
import flatbench.cuda.DeviceBuffer;
import flatbench.cuda.ops.Conv2dKernels;
import flatbench.model.ConvShape;
import flatbench.reference.Conv2d;
import flatbench.reference.PerSampleGrad;

/** {@code conv2d.cu} through {@code Conv2dKernels} against Conv2d and PerSampleGrad. */
final class Conv2dCheck extends BindingCheck {
    Conv2dCheck(CudaContext cuda, SplittableRandom rng) { super(cuda, rng); }

    @Override String module() { return "conv2d"; }

    @Override List<String> entryPoints() { return List.of("conv2d_forward_v1", "conv2d_backward_data_v1", "conv2d_backward_weight_v1"); }

    @Override void check() {
        conv(new ConvShape(3, 5, 11, 9, 7, 3, 2, 1));
        conv(new ConvShape(2, 3, 8, 8, 70, 1, 1, 0));
    }

    private void conv(ConvShape s) {
        Conv2dKernels k = new Conv2dKernels(cuda);
        String shape = s.batch() + "×" + s.cin() + "×" + s.h() + "×" + s.w() + " →" + s.cout() + " k" + s.k() + " s" + s.stride() + " p" + s.pad();
        float[] x = random((int) s.inputSize()), w = random((int) s.weightSize()), b = random(s.cout()), dy = random((int) s.outputSize());
        try (DeviceBuffer dx_ = cuda.upload(x); DeviceBuffer dw_ = cuda.upload(w); DeviceBuffer db_ = cuda.upload(b); DeviceBuffer ddy = cuda.upload(dy)) {
            double[] y = new double[(int) s.outputSize()];
            Conv2d.forward(s, wide(x), wide(w), wide(b), y);
            compare("conv2d_forward_v1", shape, Conv2d.TOLERANCE, y, run(y.length, c -> k.forward(s, dx_.ptr(), dw_.ptr(), db_.ptr(), c, 1f, 0f)));
            double[] dx = new double[(int) s.inputSize()];
            Conv2d.backwardData(s, wide(dy), wide(w), dx);
            compare("conv2d_backward_data_v1", shape, Conv2d.TOLERANCE, dx, run(dx.length, c -> k.backwardData(s, ddy.ptr(), dw_.ptr(), c, 1f, 0f)));
            double[] gw = new double[(int) s.weightSize()];
            Conv2d.backwardWeight(s, wide(dy), wide(x), gw, null);
            compare("conv2d_backward_weight_v1", shape + " split-K", Conv2d.TOLERANCE, gw, run(gw.length, c -> k.backwardWeight(s, ddy.ptr(), dx_.ptr(), c, 1f, 0f)));
            int ws = (int) s.weightSize();
            double[] g = new double[s.batch() * ws];
            PerSampleGrad.conv(s, false, wide(dy), wide(x), g, ws, 0);
            compare("conv2d_backward_weight_v1", shape + " per-sample rows", PerSampleGrad.TOLERANCE, g, run(g.length, c -> k.perSampleWeight(s, ddy.ptr(), dx_.ptr(), c, ws, 1f)));
        }
    }
}
