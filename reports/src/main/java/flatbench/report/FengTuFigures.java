package flatbench.report;

import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalDouble;

import flatbench.record.Metric;
import flatbench.record.Reproduction;
import flatbench.record.RunRecord;

/**
 * Feng & Tu's figure: the variance σ²ᵢ of the SGD trajectory along each principal direction
 * against the flatness Fᵢ of the loss along it (log–log, with the fitted power law), the same for
 * the Langevin control along the central block's Hessian eigenvectors, SGD along the same
 * eigenvectors, the flatness against the eigenvalue, and the gradient noise along pᵢ against Fᵢ.
 * p₁ (the drift) is drawn but left out of the fit, and the fit line spans only the fitted directions'.
 */
final class FengTuFigures {
    private FengTuFigures() {}

    static void render(RunRecord r, StringBuilder b) {
        Optional<double[]> sigma2 = r.metricArray(Metric.FENG_TU_SIGMA2.path());
        Optional<double[]> flat = r.metricArray(Metric.FENG_TU_FLATNESS.path());
        if (sigma2.isEmpty() || flat.isEmpty()) return;
        b.append("<h2>Variance against flatness (Feng &amp; Tu)</h2>\n<div class=\"charts\">\n");
        OptionalDouble psi = r.metricNumber(Reproduction.GROUP + "." + Metric.REPRODUCTION_FENG_TU_PSI.key());
        OptionalDouble slope = psi.isPresent() ? OptionalDouble.of(-psi.getAsDouble()) : OptionalDouble.empty();
        scatter(b, "σ²_i against F_i, SGD", "σ²_i (variance along p_i)", "SGD trajectory", flat.get(), sigma2.get(), slope,
                r.metricNumber(Metric.FENG_TU_FIT_INTERCEPT.path()), true,
                "Variance of the SGD weight trajectory along each principal direction p_i against the flatness F_i of the loss along it, "
                        + "log–log. Feng & Tu report σ² ∝ F^(−ψ) with ψ ≈ 4 [sum]; the line is this run's fit over p_2 … p_k, drawn over "
                        + "their flatness (p_1, the drift, is shown but not fitted).");
        Optional<double[]> along = r.metricArray(Metric.FENG_TU_LANGEVIN_VARIANCE.path());
        Optional<double[]> controlFlat = r.metricArray(Metric.FENG_TU_LANGEVIN_FLATNESS.path());
        if (along.isPresent() && controlFlat.isPresent()) {
            OptionalDouble exponent = r.metricNumber(Reproduction.GROUP + "." + Metric.REPRODUCTION_FENG_TU_LANGEVIN_EXPONENT.key());
            scatter(b, "σ²_j against F_j, Langevin control along Hessian eigenvectors", "σ²_j of the control along v_j", "GD + isotropic noise",
                    controlFlat.get(), along.get(), exponent, r.metricNumber(Metric.FENG_TU_LANGEVIN_INTERCEPT.path()), false,
                    "The control: full-batch gradient descent plus isotropic Gaussian noise on the central 50 × 50 weights alone (the rest held "
                            + "at w̄), from w̄, after a burn-in of two relaxation times; its variance (corrected for the window mean) along those "
                            + "eigenvectors v_j of the central block's Hessian that equilibrate within its budget, against the flatness along them. "
                            + "Equilibrium predicts σ² = T/λ and F ∝ 1/√λ, so σ² ∝ F² [inference], a positive slope, the opposite of SGD's"
                            + (exponent.isPresent() ? "; this run's slope is " + Html.num(exponent.getAsDouble()) : "") + ".");
        }
        Optional<double[]> lambda = r.metricArray(Metric.FENG_TU_EIGEN_VALUES.path());
        Optional<double[]> eigenFlat = r.metricArray(Metric.FENG_TU_EIGEN_FLATNESS.path());
        Optional<double[]> sgdAlong = r.metricArray(Metric.FENG_TU_EIGEN_SGD_SIGMA2.path());
        if (eigenFlat.isPresent() && sgdAlong.isPresent()) {
            OptionalDouble eigenPsi = r.metricNumber(Reproduction.GROUP + "." + Metric.REPRODUCTION_FENG_TU_EIGEN_PSI.key());
            scatter(b, "σ²_j against F_j, SGD along Hessian eigenvectors", "σ²_j of SGD along v_j", "SGD trajectory", eigenFlat.get(), sgdAlong.get(),
                    eigenPsi.isPresent() ? OptionalDouble.of(-eigenPsi.getAsDouble()) : OptionalDouble.empty(), OptionalDouble.empty(), false,
                    "The SGD window's variance along the same eigenvectors v_j against the flatness along them: Feng & Tu's relation "
                            + "measured along eigendirections instead of the trajectory's own principal directions.");
        }
        if (lambda.isPresent() && eigenFlat.isPresent()) {
            OptionalDouble fl = r.metricNumber(Reproduction.GROUP + "." + Metric.REPRODUCTION_FENG_TU_FLATNESS_CURVATURE.key());
            scatter(b, "F_j against λ_j", "λ_j (eigenvalue of the block Hessian)", "F_j (flatness along v_j)", "eigenvectors", lambda.get(), eigenFlat.get(), fl, OptionalDouble.empty(), false,
                    "Flatness along each eigenvector against its eigenvalue: a quadratic profile L₀ + ½λs² gives F = √(8(e − 1)L₀/λ), slope −1/2 "
                            + "[inference].");
        }
        r.metricArray(Metric.FENG_TU_NOISE.path()).ifPresent(noise -> scatter(b, "gradient noise against F_i",
                "p_iᵀ C p_i (per-sample gradient variance)", "noise along p_i", flat.get(), noise,
                r.metricNumber(Metric.FENG_TU_NOISE_SLOPE.path()), OptionalDouble.empty(), true,
                "Variance of the per-sample gradients along each p_i at the mean weights against F_i: SGD's noise is larger along sharper directions."));
        b.append("</div>\n");
    }

    /** @param dropsFirst whether the first point (p₁) is shown but left out of the fit, so the line does not span it */
    private static void scatter(StringBuilder b, String title, String yTitle, String series, double[] f, double[] y, OptionalDouble slope,
                                OptionalDouble intercept, boolean dropsFirst, String caption) {
        scatter(b, title, "F_i (flatness)", yTitle, series, f, y, slope, intercept, dropsFirst, caption);
    }

    private static void scatter(StringBuilder b, String title, String xTitle, String yTitle, String series, double[] f, double[] y, OptionalDouble slope,
                                OptionalDouble intercept, boolean dropsFirst, String caption) {
        int n = Math.min(f.length, y.length), k = 0;
        double[] x = new double[n], v = new double[n];
        double lineFrom = Double.POSITIVE_INFINITY, lineTo = 0;
        for (int i = 0; i < n; i++) {
            if (f[i] > 0 && y[i] > 0 && Double.isFinite(f[i]) && Double.isFinite(y[i])) {
                x[k] = f[i];
                v[k++] = y[i];
                if (i > 0 || !dropsFirst) {
                    lineFrom = Math.min(lineFrom, f[i]);
                    lineTo = Math.max(lineTo, f[i]);
                }
            }
        }
        if (k == 0) return;
        double[] px = Arrays.copyOf(x, k), py = Arrays.copyOf(v, k);
        OptionalDouble fitted = lineTo > 0 ? slope : OptionalDouble.empty();
        double from = lineFrom, to = lineTo;
        HtmlReport.chart(b, title, () -> Charts.logLog(title, xTitle, yTitle, series, px, py, null, null, fitted, intercept, from, to), caption);
    }
}
