package flatbench.cuda.check;

import java.util.List;
import java.util.SplittableRandom;

import flatbench.cuda.CudaContext;
import flatbench.cuda.DeviceBuffer;
import flatbench.cuda.ops.BatchNormKernels;
import flatbench.cuda.ops.DenseKernels;
import flatbench.model.ChannelShape;
import flatbench.model.DenseShape;
import flatbench.reference.Dense;
import flatbench.reference.PerSampleGrad;

/** {@code dense.cu} through {@code DenseKernels} against Dense and PerSampleGrad. */
final class DenseCheck extends BindingCheck {
    DenseCheck(CudaContext cuda, SplittableRandom rng) { super(cuda, rng); }

    @Override String module() { return "dense"; }

    @Override List<String> entryPoints() { return List.of("dense_forward_v1", "dense_backward_data_v1", "dense_backward_weight_v1"); }

    @Override void check() {
        DenseKernels k = new DenseKernels(cuda);
        int batch = 37, in = 83, out = 29;
        String shape = batch + "×" + in + "→" + out;
        DenseShape ds = new DenseShape(batch, in, out);
        float[] x = random(batch * in), w = random(out * in), b = random(out), dy = random(batch * out);
        try (DeviceBuffer dx_ = cuda.upload(x); DeviceBuffer dw_ = cuda.upload(w); DeviceBuffer db_ = cuda.upload(b); DeviceBuffer ddy = cuda.upload(dy)) {
            double[] y = new double[batch * out];
            Dense.forward(ds, wide(x), wide(w), wide(b), y);
            compare("dense_forward_v1", shape, Dense.TOLERANCE, y, run(y.length, c -> k.forward(ds, dx_.ptr(), dw_.ptr(), db_.ptr(), c, 1f, 0f)));
            double[] dx = new double[batch * in];
            Dense.backwardData(ds, wide(dy), wide(w), dx);
            compare("dense_backward_data_v1", shape, Dense.TOLERANCE, dx, run(dx.length, c -> k.backwardData(ds, ddy.ptr(), dw_.ptr(), c, 1f, 0f)));
            double[] gw = new double[out * in], gb = new double[out];
            Dense.backwardWeight(ds, wide(dy), wide(x), gw, gb);
            compare("dense_backward_weight_v1", shape + " split-K", Dense.TOLERANCE, gw, run(gw.length, c -> k.backwardWeight(ds, ddy.ptr(), dx_.ptr(), c, 1f, 0f)));
            double[] g = new double[batch * (out * in + out)];
            PerSampleGrad.dense(ds, true, wide(dy), wide(x), g, out * in + out, 0);
            BatchNormKernels bn = new BatchNormKernels(cuda);
            long ld = (long) out * in + out;
            compare("dense_backward_weight_v1", shape + " per-sample rows + bias", PerSampleGrad.TOLERANCE, g, run(g.length, c -> {
                k.perSampleWeight(ds, ddy.ptr(), dx_.ptr(), c, ld, 1f);
                bn.channelRows(new ChannelShape(batch, out, 1), null, ddy.ptr(), 1f, null, c.withByteOffset((long) out * in * 4), ld);
            }));
        }
    }
}
