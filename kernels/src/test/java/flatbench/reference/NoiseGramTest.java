package flatbench.reference;

import static flatbench.reference.Numerics.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import flatbench.model.ConvShape;
import flatbench.model.DenseShape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NoiseGramTest {
    private final SplittableRandom r = new SplittableRandom(61);

    @Test void explicitIsTheProductOfTheSelectedColumns() {
        int b = 3, stride = 7, off = 2, cols = 4;
        double[] g = random(r, b * stride), k = new double[b * b];
        NoiseGram.explicit(g, stride, off, cols, k, b);
        for (int i = 0; i < b; i++)
            for (int j = 0; j < b; j++) {
                double s = 0;
                for (int c = off; c < off + cols; c++) s += g[i * stride + c] * g[j * stride + c];
                assertEquals(s, k[i * b + j], 1e-14);
            }
    }

    @Test void denseGhostEqualsExplicit() {
        int b = 4, in = 5, out = 3, p = out * in + out;
        double[] x = random(r, b * in), delta = random(r, b * out), g = new double[b * p];
        PerSampleGrad.dense(new DenseShape(b, in, out), true, delta, x, g, p, 0);
        double[] explicit = new double[b * b], ghost = new double[b * b];
        NoiseGram.explicit(g, p, 0, p, explicit, b);
        NoiseGram.ghostDense(new DenseShape(b, in, out), true, delta, x, ghost);
        assertClose(explicit, ghost, Tolerance.FLOAT64, "dense gram");
    }

    @ParameterizedTest
    @CsvSource({"3, 2, 5, 6, 3, 3, 2, 1, true", "2, 3, 4, 4, 2, 3, 1, 1, false", "3, 1, 6, 5, 2, 1, 2, 0, true"})
    void convGhostEqualsExplicit(int b, int inC, int h, int w, int outC, int k, int s, int pad, boolean bias) {
        int p = outC * inC * k * k + (bias ? outC : 0);
        int ys = outC * Conv2d.outSize(h, k, s, pad) * Conv2d.outSize(w, k, s, pad);
        double[] x = random(r, b * inC * h * w), delta = random(r, b * ys), g = new double[b * p];
        PerSampleGrad.conv(new ConvShape(b, inC, h, w, outC, k, s, pad), bias, delta, x, g, p, 0);
        double[] explicit = new double[b * b], ghost = new double[b * b];
        NoiseGram.explicit(g, p, 0, p, explicit, b);
        NoiseGram.ghostConv(new ConvShape(b, inC, h, w, outC, k, s, pad), bias, delta, x, ghost);
        assertClose(explicit, ghost, Tolerance.FLOAT64, "conv gram");
    }

    @Test void costRulePrefersGhostForDenseAndExplicitForEarlyConvolutions() {
        assertTrue(NoiseGram.preferGhost(128, 1, 784, 50, 1), "a dense layer");
        assertFalse(NoiseGram.preferGhost(128, 32 * 32, 3, 64, 3), "ResNet's stem: 1024 positions");
        assertTrue(NoiseGram.preferGhost(128, 4 * 4, 512, 512, 3), "ResNet's last stage: 16 positions");
    }
}
