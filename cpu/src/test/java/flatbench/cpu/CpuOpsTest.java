package flatbench.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.Buffer;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import flatbench.model.ConvShape;
import flatbench.network.ParamForm;
import flatbench.reference.ReferenceOps;
import flatbench.reference.ReferenceOps.Span;

/**
 * The convolution operations against the reference's, whole and in chunks of samples (one sample
 * per chunk forces every chunk boundary), both precisions: forward, data backward, the weight
 * gradient summed and per sample, with and without accumulating.
 */
class CpuOpsTest {
    private static final ReferenceOps REF = ReferenceOps.INSTANCE;

    private static double[] random(SplittableRandom r, long n) {
        double[] v = new double[(int) n];
        for (int i = 0; i < v.length; i++) v[i] = 2 * r.nextDouble() - 1;
        return v;
    }

    private static Buffer put(CpuOps ops, double[] v) {
        Buffer b = ops.allocate(v.length);
        ops.load(v, 0, v.length, b);
        return b;
    }

    private static double[] get(CpuOps ops, Buffer b, long n) {
        double[] v = new double[(int) n];
        ops.store(b, v.length, v, 0);
        return v;
    }

    private static void close(String what, double[] expected, double[] actual, double tol) {
        double num = 0, den = 0;
        for (int i = 0; i < expected.length; i++) {
            num += (actual[i] - expected[i]) * (actual[i] - expected[i]);
            den += expected[i] * expected[i];
        }
        double err = Math.sqrt(num / Math.max(den, 1e-300));
        assertTrue(err < tol, what + ": relative error " + err);
    }

    @ParameterizedTest
    @CsvSource({"5,3,9,7,4,3,2,1,true", "4,2,6,6,5,1,1,0,true", "3,2,8,8,3,3,1,1,false", "4,2,6,6,5,1,2,0,false"})
    void convolutionsMatchTheReferenceWholeAndInChunks(int b, int cin, int h, int w, int cout, int k, int stride, int pad, boolean f64) {
        ConvShape s = new ConvShape(b, cin, h, w, cout, k, stride, pad);
        SplittableRandom r = new SplittableRandom(b * 31L + k);
        double[] x = random(r, s.inputSize()), wt = random(r, s.weightSize()), bias = random(r, cout), dy = random(r, s.outputSize());
        double[] y0 = random(r, s.outputSize()), dx0 = random(r, s.inputSize()), dw0 = random(r, s.weightSize());
        double tol = f64 ? 1e-12 : 1e-5;

        double[] y = y0.clone(), dx = dx0.clone(), dw = dw0.clone();
        REF.convForward(s, new Span(x, 0), new Span(wt, 0), new Span(bias, 0), new Span(y, 0), true);
        REF.convBackwardData(s, new Span(dy, 0), new Span(wt, 0), new Span(dx, 0), true);
        REF.reduce(new ParamForm.ConvOuter<>(s, new Span(dy, 0), new Span(x, 0)), new Span(dw, 0), true);
        double[] rows = new double[(int) (b * s.weightSize())];
        REF.perSample(new ParamForm.ConvOuter<>(s, new Span(dy, 0), new Span(x, 0)), new Span(rows, 0), s.weightSize());

        for (long chunk : new long[] {CpuOps.CHUNK_VALUES, 1}) {
            CpuOps ops = CpuOps.of(f64).chunkValues(chunk);
            try {
                Buffer bx = put(ops, x), bw = put(ops, wt), bb = put(ops, bias), bdy = put(ops, dy);
                Buffer by = put(ops, y0), bdx = put(ops, dx0), bdw = put(ops, dw0), brows = ops.allocate(rows.length);
                ops.convForward(s, bx, bw, bb, by, true);
                ops.convBackwardData(s, bdy, bw, bdx, true);
                ops.reduce(new ParamForm.ConvOuter<>(s, bdy, bx), bdw, true);
                ops.perSample(new ParamForm.ConvOuter<>(s, bdy, bx), brows, s.weightSize());
                String where = s + (chunk == 1 ? " one sample per chunk" : " whole") + (f64 ? " f64" : " f32");
                close("forward " + where, y, get(ops, by, y.length), tol);
                close("data backward " + where, dx, get(ops, bdx, dx.length), tol);
                close("weight gradient " + where, dw, get(ops, bdw, dw.length), tol);
                close("per-sample weight gradients " + where, rows, get(ops, brows, rows.length), tol);
            } finally {
                ops.freeAll();
            }
        }
    }

    /** Freeing a convolution's input frees the patch matrix kept for it, and gives its room back to the next input. */
    @Test
    void freeingAnInputFreesItsKeptPatchMatrix() {
        ConvShape s = new ConvShape(3, 2, 6, 6, 4, 3, 1, 1);
        SplittableRandom r = new SplittableRandom(9);
        CpuOps ops = CpuOps.of(true);
        try {
            Buffer w = put(ops, random(r, s.weightSize())), b = put(ops, random(r, 4)), y = ops.allocate(s.outputSize());
            Buffer x = put(ops, random(r, s.inputSize()));
            ops.convForward(s, x, w, b, y, false);
            long keptForX = ops.keptPatchValues();
            assertTrue(keptForX > 0, "the forward pass keeps x's patch matrix for the backward pass");
            int owned = ops.ownedBuffers();
            ops.free(x);
            assertEquals(0, ops.keptPatchValues(), "x's patch matrix goes with x");
            assertEquals(owned - 2, ops.ownedBuffers(), "x and its patch matrix are freed");
            double[] x2 = random(r, s.inputSize());
            Buffer bx2 = put(ops, x2);
            ops.convForward(s, bx2, w, b, y, false);
            assertEquals(keptForX, ops.keptPatchValues(), "the next input's patches are kept in the room x left");
            double[] expected = new double[(int) s.outputSize()];
            REF.convForward(s, new Span(x2, 0), new Span(get(ops, w, (int) s.weightSize()), 0), new Span(get(ops, b, 4), 0), new Span(expected, 0), false);
            close("forward on the new input", expected, get(ops, y, expected.length), 1e-12);
        } finally {
            ops.freeAll();
        }
    }
}
