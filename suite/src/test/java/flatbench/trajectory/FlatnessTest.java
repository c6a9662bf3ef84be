package flatbench.trajectory;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** Flatness by bracketing and bisection against closed forms. */
class FlatnessTest {
    @Test
    void quadraticProfileHasTheClosedFormWidth() {
        // L(s) = m + a (s − c)², L(0) = m + a c²: below e·L(0) for |s − c| < √((e·L(0) − m) / a)
        double m = 0.02, a = 3.5, c = 0.01, at0 = m + a * c * c;
        Flatness f = Flatness.of(s -> m + a * (s - c) * (s - c), Math.E * at0, 1e-3, 1e-6, 1e6);
        double half = Math.sqrt((Math.E * at0 - m) / a);
        assertEquals(2 * half, f.width(), 1e-5 * half);
        assertEquals(c + half, f.upper(), 1e-5 * half);
        assertEquals(c - half, f.lower(), 1e-5 * half);
        assertTrue(f.evaluations() < 80, "bracketing plus bisection, not a scan: " + f.evaluations());
    }

    @Test
    void asymmetricProfileFindsEachSidesFirstCrossing() {
        // steeper on the left; quartic on the right: crossings at s = −1 and s = 2
        Flatness f = Flatness.of(s -> s < 0 ? 1 + s * s : 1 + Math.pow(s / 2, 4), 2, 0.1, 1e-8, 100);
        assertEquals(-1, f.lower(), 1e-7);
        assertEquals(2, f.upper(), 1e-7);
    }

    @Test
    void aProfileThatNeverRisesIsUnboundedAndNaNCountsAsAbove() {
        Flatness flat = Flatness.of(s -> 1, 2, 0.5, 1e-3, 64);
        assertFalse(flat.bounded());
        assertEquals(Double.POSITIVE_INFINITY, flat.width());
        Flatness overflow = Flatness.of(s -> Math.abs(s) > 3 ? Double.NaN : 1, 2, 1, 1e-9, 1e3);
        assertEquals(6, overflow.width(), 1e-7);
    }
}
