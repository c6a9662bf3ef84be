package flatbench.measure;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

import flatbench.engine.HostVectorSpace;
import flatbench.engine.Vec;

/** The restricted operator P A P in the block's coordinates is the dense matrix's diagonal block. */
class BlockOperatorTest {
    @Test
    void productsAreThoseOfTheDiagonalBlock() {
        int p = 9, offset = 2, length = 4;
        double[][] a = DenseReference.withSpectrum(DenseReference.gaussian(p, 1, 3), 4);
        HostVectorSpace full = new HostVectorSpace(p);
        LinearOperator dense = (v, out) -> System.arraycopy(DenseReference.times(a, full.data(v)), 0, full.data(out), 0, p);
        LinearOperator block = BlockOperator.restrict(full, dense, offset, length);
        HostVectorSpace host = BlockOperator.space(length);
        double[] x = DenseReference.gaussian(length, 1, 8);
        Vec out = host.zeros();
        block.apply(host.fromHost(x), out);
        for (int i = 0; i < length; i++) {
            double expected = 0;
            for (int j = 0; j < length; j++) expected += a[offset + i][offset + j] * x[j];
            assertEquals(expected, host.data(out)[i], 1e-12, "row " + i);
        }
        assertThrows(IllegalArgumentException.class, () -> BlockOperator.restrict(full, dense, 6, 4), "a block past the end");
    }
}
