/**
 * Curvature and gradient-noise measurements written once against the engine contract
 * ({@link flatbench.engine.Engine}, {@link flatbench.engine.VectorSpace}), so the same code runs
 * on every engine; dense algebra on small matrices (tridiagonal, n × n Gram) uses EJML.
 *
 * <p>Entry point: {@link flatbench.measure.AlignmentMeasurement#measure}, configured by
 * {@link flatbench.measure.MeasureConfig} (defaults in {@link flatbench.measure.CurvatureConfig#defaults}
 * and {@link flatbench.measure.NoiseConfig#defaults}).
 *
 * <p>How the quantities are obtained:
 * <ul>
 * <li>Top eigenpairs: Lanczos with full re-orthogonalisation, largest algebraic eigenvalues,
 *     stopping on residual estimates |β yₖ| and reporting true residuals ‖Av − λv‖.</li>
 * <li>tr H and diag H: Hutchinson with Rademacher probes (the same probes serve both).</li>
 * <li>Density: stochastic Lanczos quadrature averaged over random starts, Gaussian-smoothed.</li>
 * <li>C: one streamed pass over per-sample gradients for ḡ and diag C; the engine's centred
 *     Gram matrix of the whole noise batch (cross-chunk terms are needed for centring, so it is
 *     one call; engines chunk inside) for the spectrum of C; projections G̃V for σ²ₖ.</li>
 * <li>Overlap of the top eigenspaces of C and H without forming C's eigenvectors:
 *     wⱼᵀvₗ = uⱼᵀ(G̃vₗ)/√κⱼ with (κⱼ, uⱼ) eigenpairs of the centred Gram matrix.</li>
 * <li>tr(HC): Σₖ λₖσ²ₖ on the top-k subspace always (a lower bound for PSD H); exactly as
 *     (1/n) Σᵢ g̃ᵢᵀHg̃ᵢ with n operator products for small models and noise batches.</li>
 * </ul>
 */
package flatbench.measure;
