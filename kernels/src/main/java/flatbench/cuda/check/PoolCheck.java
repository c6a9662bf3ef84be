package flatbench.cuda.check;

import java.util.List;
import java.util.SplittableRandom;

import flatbench.cuda.CudaContext;
import flatbench.cuda.DeviceBuffer;
import flatbench.cuda.ops.PoolKernels;
import flatbench.model.PoolShape;
import flatbench.reference.GlobalAvgPool;
import flatbench.reference.Pool;

/** {@code pool.cu} through {@code PoolKernels} against Pool and GlobalAvgPool. */
final class PoolCheck extends BindingCheck {
    PoolCheck(CudaContext cuda, SplittableRandom rng) { super(cuda, rng); }

    @Override String module() { return "pool"; }

    @Override List<String> entryPoints() { return List.of("maxpool_forward_v1", "maxpool_backward_v1", "maxpool_gather_v1", "avgpool_forward_v1", "avgpool_backward_v1", "global_avgpool_forward_v1", "global_avgpool_backward_v1"); }

    @Override void check() {
        PoolKernels k = new PoolKernels(cuda);
        int batch = 2, ch = 3, h = 9, w = 7, kern = 3, stride = 2;
        PoolShape s = new PoolShape(batch * ch, h, w, kern, stride);
        String shape = batch + "×" + ch + "×" + h + "×" + w + " k" + kern + " s" + stride;
        float[] x = random((int) s.inputSize()), dy = random((int) s.outputSize());
        int outN = (int) s.outputSize(), inN = (int) s.inputSize();
        try (DeviceBuffer dx_ = cuda.upload(x); DeviceBuffer ddy = cuda.upload(dy); DeviceBuffer arg = cuda.alloc((long) outN * 4)) {
            double[] y = new double[outN];
            int[] argmax = new int[outN];
            Pool.maxForward(s, wide(x), y, argmax);
            compare("maxpool_forward_v1", shape, Pool.TOLERANCE, y, run(outN, c -> k.maxForward(s, dx_.ptr(), c, arg.ptr())));
            double[] dx = new double[inN];
            Pool.maxBackward(s, wide(dy), argmax, dx);
            compare("maxpool_backward_v1", shape, Pool.TOLERANCE, dx, run(inN, c -> { cuda.fill(c, 0f, inN); k.maxBackward(s, ddy.ptr(), arg.ptr(), c); }));
            double[] routed = new double[outN];
            Pool.maxRoute(wide(x), argmax, routed, outN);
            compare("maxpool_gather_v1", shape, Pool.TOLERANCE, routed, run(outN, c -> k.maxGather(s, dx_.ptr(), arg.ptr(), c)));
            double[] ya = new double[outN];
            Pool.avgForward(s, wide(x), ya);
            compare("avgpool_forward_v1", shape, Pool.TOLERANCE, ya, run(outN, c -> k.avgForward(s, dx_.ptr(), c)));
            double[] dxa = new double[inN];
            Pool.avgBackward(s, wide(dy), dxa);
            compare("avgpool_backward_v1", shape, Pool.TOLERANCE, dxa, run(inN, c -> { cuda.fill(c, 0f, inN); k.avgBackward(s, ddy.ptr(), c); }));
            int planes = batch * ch, hw = h * w;
            double[] gy = new double[planes];
            GlobalAvgPool.forward(wide(x), gy, batch, ch, hw);
            compare("global_avgpool_forward_v1", batch + "×" + ch + "×" + hw, GlobalAvgPool.TOLERANCE, gy, run(planes, c -> k.globalAvgForward(planes, hw, dx_.ptr(), c)));
            double[] gdx = new double[inN];
            GlobalAvgPool.backward(wide(dy), gdx, batch, ch, hw);
            compare("global_avgpool_backward_v1", batch + "×" + ch + "×" + hw, GlobalAvgPool.TOLERANCE, gdx,
                    run(inN, c -> { cuda.fill(c, 0f, inN); k.globalAvgBackward(planes, hw, ddy.ptr(), c); }));
        }
    }
}
