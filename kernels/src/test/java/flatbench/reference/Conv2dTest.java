package flatbench.reference;

import static flatbench.reference.Numerics.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import flatbench.model.ConvShape;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Conv2dTest {

    /** One geometry: odd sizes, stride 2 and padding 1 included. */
    record G(int b, int inC, int h, int w, int outC, int k, int s, int p) {
        int ho() { return Conv2d.outSize(h, k, s, p); }
        int wo() { return Conv2d.outSize(w, k, s, p); }
        int xn() { return b * inC * h * w; }
        int yn() { return b * outC * ho() * wo(); }
        int wn() { return outC * inC * k * k; }
        double[] fwd(double[] x, double[] wt, double[] bias) {
            double[] y = new double[yn()];
            Conv2d.forward(new ConvShape(b, inC, h, w, outC, k, s, p), x, wt, bias, y);
            return y;
        }
    }

    /** The textbook 7-loop over an explicitly zero-padded copy of the input. */
    static double[] naive(G g, double[] x, double[] wt, double[] bias) {
        int hp = g.h + 2 * g.p, wp = g.w + 2 * g.p;
        double[][][][] xp = new double[g.b][g.inC][hp][wp];
        for (int n = 0; n < g.b; n++)
            for (int c = 0; c < g.inC; c++)
                for (int i = 0; i < g.h; i++)
                    for (int j = 0; j < g.w; j++) xp[n][c][i + g.p][j + g.p] = x[((n * g.inC + c) * g.h + i) * g.w + j];
        double[] y = new double[g.yn()];
        int idx = 0;
        for (int n = 0; n < g.b; n++)
            for (int o = 0; o < g.outC; o++)
                for (int i = 0; i < g.ho(); i++)
                    for (int j = 0; j < g.wo(); j++) {
                        double s = bias == null ? 0 : bias[o];
                        for (int c = 0; c < g.inC; c++)
                            for (int a = 0; a < g.k; a++)
                                for (int e = 0; e < g.k; e++)
                                    s += wt[((o * g.inC + c) * g.k + a) * g.k + e] * xp[n][c][i * g.s + a][j * g.s + e];
                        y[idx++] = s;
                    }
        return y;
    }

    static final String GEOMETRIES = """
            2, 2, 5, 7, 3, 3, 1, 0
            2, 2, 5, 7, 3, 3, 2, 1
            3, 1, 6, 6, 2, 3, 2, 1
            2, 3, 7, 5, 2, 1, 2, 0
            1, 2, 4, 4, 3, 5, 1, 2
            """;

    @ParameterizedTest @CsvSource(textBlock = GEOMETRIES)
    void forwardMatchesTheNaiveLoop(int b, int inC, int h, int w, int outC, int k, int s, int p) {
        G g = new G(b, inC, h, w, outC, k, s, p);
        SplittableRandom r = new SplittableRandom(3);
        double[] x = random(r, g.xn()), wt = random(r, g.wn()), bias = random(r, outC);
        assertClose(naive(g, x, wt, bias), g.fwd(x, wt, bias), Tolerance.FLOAT64, "conv forward");
        assertClose(naive(g, x, wt, null), g.fwd(x, wt, null), Tolerance.FLOAT64, "conv forward without bias");
    }

    @ParameterizedTest @CsvSource(textBlock = GEOMETRIES)
    void backwardsAreGradientsOfTheForward(int b, int inC, int h, int w, int outC, int k, int s, int p) {
        G g = new G(b, inC, h, w, outC, k, s, p);
        SplittableRandom r = new SplittableRandom(4);
        double[] x = random(r, g.xn()), wt = random(r, g.wn()), bias = random(r, outC), dy = random(r, g.yn());
        double[] dx = new double[g.xn()], dw = new double[g.wn()], db = new double[outC];
        Conv2d.backwardData(new ConvShape(b, inC, h, w, outC, k, s, p), dy, wt, dx);
        Conv2d.backwardWeight(new ConvShape(b, inC, h, w, outC, k, s, p), dy, x, dw, db);
        assertClose(gradient(xx -> dot(dy, g.fwd(xx, wt, bias)), x.clone()), dx, FD, "conv dx");
        assertClose(gradient(ww -> dot(dy, g.fwd(x, ww, bias)), wt.clone()), dw, FD, "conv dW");
        assertClose(gradient(bb -> dot(dy, g.fwd(x, wt, bb)), bias.clone()), db, FD, "conv db");
    }
}
