package flatbench.cuda.check;

import java.util.List;
import java.util.SplittableRandom;

import flatbench.cuda.CudaContext;
import flatbench.cuda.DeviceBuffer;
import flatbench.cuda.ops.BatchNormKernels;
import flatbench.model.ChannelShape;
import flatbench.reference.BatchNorm;
import flatbench.reference.PerSampleGrad;

/** {@code batch_norm.cu} through {@code BatchNormKernels} against BatchNorm and PerSampleGrad. */
final class BatchNormCheck extends BindingCheck {
    BatchNormCheck(CudaContext cuda, SplittableRandom rng) { super(cuda, rng); }

    @Override String module() { return "batch_norm"; }

    @Override List<String> entryPoints() { return List.of("batchnorm_forward_v1", "channel_reduce_v1"); }

    @Override void check() {
        BatchNormKernels k = new BatchNormKernels(cuda);
        int batch = 5, ch = 6, hw = 13, n = batch * ch * hw;
        float s = (float) (1 / Math.sqrt(1 + 1e-5));
        String shape = batch + "×" + ch + "×" + hw;
        ChannelShape cs = new ChannelShape(batch, ch, hw);
        float[] x = random(n), dy = random(n), gamma = random(ch), beta = random(ch);
        try (DeviceBuffer dx_ = cuda.upload(x); DeviceBuffer ddy = cuda.upload(dy); DeviceBuffer dg = cuda.upload(gamma); DeviceBuffer dbeta = cuda.upload(beta)) {
            double[] y = new double[n];
            BatchNorm.forward(cs, wide(x), wide(gamma), wide(beta), y, s);
            compare("batchnorm_forward_v1", shape, BatchNorm.TOLERANCE, y, run(n, c -> k.forward(cs, dx_.ptr(), dg.ptr(), dbeta.ptr(), s, c, false)));
            double[] pg = new double[2 * ch], dG = new double[ch], dB = new double[ch];
            BatchNorm.backwardParams(cs, wide(dy), wide(x), dG, dB, s);
            System.arraycopy(dG, 0, pg, 0, ch);
            System.arraycopy(dB, 0, pg, ch, ch);
            compare("channel_reduce_v1", shape + " batch", BatchNorm.TOLERANCE, pg,
                    run(2 * ch, c -> k.channelSums(cs, dx_.ptr(), ddy.ptr(), s, c, c.withByteOffset(ch * 4L), false)));
            double[] rowsExp = new double[batch * 2 * ch];
            PerSampleGrad.batchNorm(cs, s, wide(dy), wide(x), rowsExp, 2 * ch, 0);
            compare("channel_reduce_v1", shape + " per-sample rows", PerSampleGrad.TOLERANCE, rowsExp,
                    run(rowsExp.length, c -> k.channelRows(cs, dx_.ptr(), ddy.ptr(), s, c, c.withByteOffset(ch * 4L), 2L * ch)));
        }
    }
}
