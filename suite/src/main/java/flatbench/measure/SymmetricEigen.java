package flatbench.measure;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Eigenpairs of a small dense symmetric matrix (EJML), sorted by decreasing eigenvalue.
 *
 * @param values  eigenvalues, largest first
 * @param vectors vectors[j] is the unit eigenvector of values[j] (null when not asked for)
 */
public record SymmetricEigen(double[] values, double[][] vectors) {

    public static SymmetricEigen of(double[][] a, boolean wantVectors) {
        int n = a.length;
        DMatrixRMaj m = new DMatrixRMaj(a);
        return decompose(m, n, wantVectors);
    }

    /** Eigenpairs of the symmetric tridiagonal matrix with diagonal alpha and off-diagonal beta (length m−1). */
    public static SymmetricEigen tridiagonal(double[] alpha, double[] beta, int m) {
        DMatrixRMaj t = new DMatrixRMaj(m, m);
        for (int i = 0; i < m; i++) {
            t.set(i, i, alpha[i]);
            if (i + 1 < m) {
                t.set(i, i + 1, beta[i]);
                t.set(i + 1, i, beta[i]);
            }
        }
        return decompose(t, m, true);
    }

    private static SymmetricEigen decompose(DMatrixRMaj m, int n, boolean wantVectors) {
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, wantVectors, true);
        if (!eig.decompose(m)) throw new IllegalStateException("symmetric eigendecomposition of a " + n + "×" + n + " matrix did not converge");
        Integer[] order = new Integer[n];
        double[] raw = new double[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
            raw[i] = eig.getEigenvalue(i).getReal();
        }
        java.util.Arrays.sort(order, (x, y) -> Double.compare(raw[y], raw[x]));
        double[] values = new double[n];
        double[][] vectors = wantVectors ? new double[n][] : null;
        for (int j = 0; j < n; j++) {
            values[j] = raw[order[j]];
            if (wantVectors) vectors[j] = eig.getEigenVector(order[j]).getData().clone();
        }
        return new SymmetricEigen(values, vectors);
    }
}
