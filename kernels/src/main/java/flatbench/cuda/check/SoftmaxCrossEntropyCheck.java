package flatbench.cuda.check;

import java.util.List;
import java.util.SplittableRandom;

import flatbench.cuda.CudaContext;
import flatbench.cuda.DeviceBuffer;
import flatbench.cuda.ops.SoftmaxCrossEntropyKernels;
import flatbench.reference.SoftmaxCrossEntropy;

/** {@code softmax_cross_entropy.cu} through {@code SoftmaxCrossEntropyKernels} against SoftmaxCrossEntropy. */
final class SoftmaxCrossEntropyCheck extends BindingCheck {
    SoftmaxCrossEntropyCheck(CudaContext cuda, SplittableRandom rng) { super(cuda, rng); }

    @Override String module() { return "softmax_cross_entropy"; }

    @Override List<String> entryPoints() { return List.of("softmax_xent_v1", "softmax_xent_rop_v1"); }

    @Override void check() {
        SoftmaxCrossEntropyKernels k = new SoftmaxCrossEntropyKernels(cuda);
        int batch = 33, classes = 10;
        float[] logits = random(batch * classes), rz = random(batch * classes);
        for (int i = 0; i < logits.length; i++) logits[i] *= 4;
        int[] labels = new int[batch];
        for (int i = 0; i < batch; i++) labels[i] = rng.nextInt(classes);
        double[] probs = new double[batch * classes], losses = new double[batch], delta = new double[batch * classes], rd = new double[batch * classes];
        SoftmaxCrossEntropy.forward(wide(logits), labels, probs, losses, batch, classes);
        SoftmaxCrossEntropy.backward(probs, labels, delta, batch, classes, 1.0 / batch);
        String shape = batch + "×" + classes;
        try (DeviceBuffer dl = cuda.upload(logits); DeviceBuffer dlab = cuda.upload(labels); DeviceBuffer p = poisoned(batch * classes);
             DeviceBuffer l = poisoned(batch); DeviceBuffer d = poisoned(batch * classes); DeviceBuffer drz = cuda.upload(rz)) {
            k.lossAndDelta(dl.ptr(), dlab.ptr(), batch, classes, 1f / batch, p.ptr(), l.ptr(), d.ptr());
            compare("softmax_xent_v1", shape + " loss", SoftmaxCrossEntropy.TOLERANCE, losses, cuda.download(l));
            compare("softmax_xent_v1", shape + " probs", SoftmaxCrossEntropy.TOLERANCE, probs, cuda.download(p));
            compare("softmax_xent_v1", shape + " delta", SoftmaxCrossEntropy.TOLERANCE, delta, cuda.download(d));
            float[] pf = cuda.download(p);
            SoftmaxCrossEntropy.rBackward(wide(pf), wide(rz), rd, batch, classes, 1.0 / batch);
            compare("softmax_xent_rop_v1", shape, SoftmaxCrossEntropy.TOLERANCE, rd, run(rd.length, c -> k.rop(p.ptr(), drz.ptr(), batch, classes, 1f / batch, c)));
        }
    }
}
