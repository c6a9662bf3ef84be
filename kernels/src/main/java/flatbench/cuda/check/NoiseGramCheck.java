package flatbench.cuda.check;

import java.util.List;
import java.util.SplittableRandom;

import flatbench.cuda.CudaContext;
import flatbench.cuda.DeviceBuffer;
import flatbench.cuda.ops.GemmKernels;
import flatbench.cuda.ops.NoiseGramKernels;
import flatbench.model.ConvShape;
import flatbench.model.DenseShape;
import flatbench.reference.NoiseGram;

/** {@code noise_gram.cu} through {@code NoiseGramKernels} against NoiseGram. */
final class NoiseGramCheck extends BindingCheck {
    NoiseGramCheck(CudaContext cuda, SplittableRandom rng) { super(cuda, rng); }

    @Override String module() { return "noise_gram"; }

    @Override List<String> entryPoints() { return List.of("gram_hadamard_acc_v1", "conv_patch_gram_v1", "conv_delta_gram_v1", "gram_block_hadamard_v1"); }

    /** The two GEMM-shaped halves of the ghost convolution Gram, checked through {@code gram_block_hadamard_v1}'s result. */
    @Override List<String> composedOnly() { return List.of("conv_patch_gram_v1", "conv_delta_gram_v1"); }

    @Override void check() {
        GemmKernels gemm = new GemmKernels(cuda);
        NoiseGramKernels k = new NoiseGramKernels(cuda, gemm);
        int n = 19, cols = 1237, in = 41, out = 13;
        float[] g = random(n * cols), delta = random(n * out), x = random(n * in);
        double[] kExp = new double[n * n];
        NoiseGram.explicit(wide(g), cols, 0, cols, kExp, n);
        try (DeviceBuffer dg = cuda.upload(g); DeviceBuffer dd = cuda.upload(delta); DeviceBuffer dx = cuda.upload(x)) {
            compare("gemm_nt_splitk_v1", "gram explicit " + n + "×" + cols, NoiseGram.TOLERANCE, kExp,
                    run((long) n * n, c -> { cuda.fill(c, 0f, (long) n * n); k.explicit(dg.ptr(), n, cols, cols, c); }));
            ConvShape cs = new ConvShape(4, 3, 5, 6, 5, 3, 2, 1);
            float[] cx = random((int) cs.inputSize()), cdy = random((int) cs.outputSize());
            double[] cg = new double[cs.batch() * cs.batch()];
            NoiseGram.ghostConv(cs, false, wide(cdy), wide(cx), cg);
            try (DeviceBuffer dcx = cuda.upload(cx); DeviceBuffer dcdy = cuda.upload(cdy)) {
                int b2 = cs.batch() * cs.batch();
                compare("gram_block_hadamard_v1", "ghost conv 4×3×5×6 →5 k3 s2 p1", NoiseGram.TOLERANCE, cg,
                        run(b2, c -> { cuda.fill(c, 0f, b2); k.ghostConv(cs, dcdy.ptr(), dcx.ptr(), c); }));
            }
            double[] ghost = new double[n * n];
            NoiseGram.ghostDense(new DenseShape(n, in, out), false, wide(delta), wide(x), ghost);
            compare("gram_hadamard_acc_v1", "ghost dense " + n + "×" + in + "→" + out, NoiseGram.TOLERANCE, ghost,
                    run((long) n * n, c -> { cuda.fill(c, 0f, (long) n * n); k.ghostDense(dd.ptr(), out, dx.ptr(), in, n, c); }));
        }
    }
}
