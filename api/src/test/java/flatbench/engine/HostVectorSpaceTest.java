package flatbench.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class HostVectorSpaceTest {
    /** The same space with the interface's default (modified Gram–Schmidt) orthogonalisation. */
    private static VectorSpace plain(HostVectorSpace s) {
        return new VectorSpace() {
            public long dimension() { return s.dimension(); }
            public Vec zeros() { return s.zeros(); }
            public Vec fromHost(double[] v) { return s.fromHost(v); }
            public double[] toHost(Vec v) { return s.toHost(v); }
            public void assign(Vec d, Vec x) { s.assign(d, x); }
            public double dot(Vec a, Vec b) { return s.dot(a, b); }
            public void axpy(double a, Vec x, Vec y) { s.axpy(a, x, y); }
            public void scale(Vec v, double a) { s.scale(v, a); }
            public void multiplyAccumulate(Vec a, Vec b, Vec o) { s.multiplyAccumulate(a, b, o); }
            public void fillGaussian(Vec v, long seed) { s.fillGaussian(v, seed); }
            public void fillRademacher(Vec v, long seed) { s.fillRademacher(v, seed); }
        };
    }

    /** An orthonormal basis of k Gaussian vectors, built with the interface's default. */
    private static List<Vec> basis(HostVectorSpace s, int k) {
        List<Vec> q = new ArrayList<>();
        VectorSpace mgs = plain(s);
        for (int j = 0; j < k; j++) {
            Vec v = s.zeros();
            s.fillGaussian(v, 100 + j);
            mgs.orthogonalise(q, v);
            mgs.orthogonalise(q, v);
            s.scale(v, 1 / s.norm(v));
            q.add(v);
        }
        return q;
    }

    @Test
    void blockedClassicalGramSchmidtTwiceLeavesWOrthogonalAndMatchesModified() {
        // Longer than one block, and not a multiple of it.
        HostVectorSpace s = new HostVectorSpace(5003);
        List<Vec> q = basis(s, 12);
        Vec w = s.zeros(), m = s.zeros();
        s.fillGaussian(w, 7);
        s.assign(m, w);
        s.orthogonalise(q, w);
        s.orthogonalise(q, w);
        plain(s).orthogonalise(q, m);
        plain(s).orthogonalise(q, m);
        for (Vec b : q) assertTrue(Math.abs(s.dot(b, w)) < 1e-13 * s.norm(w), "w is not orthogonal to the basis");
        s.axpy(-1, m, w);
        assertTrue(s.norm(w) < 1e-12 * s.norm(m), "classical and modified Gram–Schmidt disagree by " + s.norm(w));
    }

    @Test
    void dotWithPartialSumsIsTheDotProduct() {
        HostVectorSpace s = new HostVectorSpace(7);
        Vec a = s.fromHost(new double[] {1, 2, 3, 4, 5, 6, 7}), b = s.fromHost(new double[] {7, 6, 5, 4, 3, 2, 1});
        assertEquals(84.0, s.dot(a, b), 0.0);
    }
}
