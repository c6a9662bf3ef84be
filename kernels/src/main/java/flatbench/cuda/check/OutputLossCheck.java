package flatbench.cuda.check;

import java.util.List;
import java.util.SplittableRandom;

import flatbench.cuda.CudaContext;
import flatbench.cuda.DeviceBuffer;
import flatbench.cuda.ops.OutputLossKernels;
import flatbench.reference.QuadraticHinge;
import flatbench.reference.SquaredError;

/** {@code output_loss.cu} through {@code OutputLossKernels} against SquaredError and QuadraticHinge. */
final class OutputLossCheck extends BindingCheck {
    OutputLossCheck(CudaContext cuda, SplittableRandom rng) { super(cuda, rng); }

    @Override String module() { return "output_loss"; }

    @Override List<String> entryPoints() { return List.of("squared_loss_v1", "quadratic_hinge_v1", "diagonal_loss_rop_v1"); }

    @Override void check() {
        OutputLossKernels k = new OutputLossKernels(cuda);
        int batch = 33;
        for (int classes : new int[] {10, 1}) {
            float[] z = random(batch * classes);
            int[] labels = labels(batch, classes);
            double[] losses = new double[batch], delta = new double[batch * classes];
            SquaredError.forward(wide(z), labels, losses, delta, batch, classes, 1.0 / batch);
            String shape = batch + "×" + classes;
            try (DeviceBuffer dz = cuda.upload(z); DeviceBuffer dlab = cuda.upload(labels); DeviceBuffer l = poisoned(batch);
                 DeviceBuffer d = poisoned(batch * classes)) {
                k.squared(dz.ptr(), dlab.ptr(), batch, classes, 1f / batch, l.ptr(), d.ptr());
                compare("squared_loss_v1", shape + " loss", SquaredError.TOLERANCE, losses, cuda.download(l));
                compare("squared_loss_v1", shape + " delta", SquaredError.TOLERANCE, delta, cuda.download(d));
            }
        }
        // Outputs in ±2, so about a quarter of the samples are past the hinge (no loss, no curvature).
        float[] z = random(batch), rz = random(batch);
        for (int i = 0; i < batch; i++) z[i] *= 2;
        int[] labels = labels(batch, 1);
        double[] losses = new double[batch], delta = new double[batch], active = new double[batch], rd = new double[batch];
        QuadraticHinge.forward(wide(z), labels, losses, delta, active, batch, 1.0 / batch);
        QuadraticHinge.rBackward(active, wide(rz), rd, batch, 1.0 / batch);
        String shape = batch + "×1";
        try (DeviceBuffer dz = cuda.upload(z); DeviceBuffer dlab = cuda.upload(labels); DeviceBuffer drz = cuda.upload(rz);
             DeviceBuffer l = poisoned(batch); DeviceBuffer d = poisoned(batch); DeviceBuffer a = poisoned(batch)) {
            k.hinge(dz.ptr(), dlab.ptr(), batch, 1f / batch, l.ptr(), d.ptr(), a.ptr());
            compare("quadratic_hinge_v1", shape + " loss", QuadraticHinge.TOLERANCE, losses, cuda.download(l));
            compare("quadratic_hinge_v1", shape + " delta", QuadraticHinge.TOLERANCE, delta, cuda.download(d));
            compare("quadratic_hinge_v1", shape + " active", QuadraticHinge.TOLERANCE, active, cuda.download(a));
            compare("diagonal_loss_rop_v1", shape, QuadraticHinge.TOLERANCE, rd, run(batch, c -> k.rop(a.ptr(), drz.ptr(), batch, 1f / batch, c)));
        }
    }

    /** Class indices over several outputs, ±1 over one. */
    private int[] labels(int batch, int classes) {
        int[] y = new int[batch];
        for (int i = 0; i < batch; i++) y[i] = classes == 1 ? (rng.nextBoolean() ? 1 : -1) : rng.nextInt(classes);
        return y;
    }
}
