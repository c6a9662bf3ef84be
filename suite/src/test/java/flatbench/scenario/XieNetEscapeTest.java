package flatbench.scenario;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

import flatbench.landscape.Committee;
import flatbench.landscape.Ensemble;

class XieNetEscapeTest {
    /**
     * The quench that catches escapes through a missed rim saddle: of four runs, one exited (not looked at), one censored
     * near the minimum (in the basin), one censored well past the lowest saddle (at another basin: counted), one censored
     * past it but at input scale 1/√2 with the points scaled (counted there too, and the in-basin point scaled is not).
     */
    @Test void undetectedEscapesCountsOnlyCensoredRunsOutsideTheBasin() {
        XieNetEscape.Basin b = XieNetEscape.Basin.locate(Committee.quadrants(XieNetEscape.SAMPLES, XieNetEscape.SPREAD, 1, 17));
        double[] m = b.minimum().x(), saddle = b.saddles().get(0).x(), u = b.saddles().get(0).unstable();
        double[] near = m.clone(), past = saddle.clone();
        for (int j = 0; j < 3; j++) {
            near[j] += 0.1 * (saddle[j] - m[j]);
            past[j] += 0.3 * u[j];
        }
        for (double s : new double[] {1, Math.sqrt(0.5)}) {
            double[] pos = new double[12];
            for (int j = 0; j < 3; j++) {
                pos[j] = past[j] / s;  // exited: ignored
                pos[3 + j] = near[j] / s;
                pos[6 + j] = past[j] / s;
                pos[9 + j] = m[j] / s;
            }
            Ensemble.Result r = new Ensemble.Result(pos, 3, new long[] {7, -1, -1, -1}, new long[] {-1, -1, -1, -1}, 100, 100);
            assertEquals(1, b.undetectedEscapes(s == 1 ? b.net() : b.net().withScale(s), s, r), "scale " + s);
        }
        // The planted point is one the exit test does catch, and the near one is not (the quench and the test agree on them).
        assertTrue(b.exit(1).left(past, 0) && !b.exit(1).left(near, 0));
    }
}
