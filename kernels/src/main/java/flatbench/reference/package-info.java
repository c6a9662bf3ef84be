/**
 * The plain-Java float64 reference: one class per GPU operation family, and an engine composed
 * from them.
 *
 * <p><b>Conventions every operation follows</b> (the CUDA kernels mirror them by name):
 * <ul>
 *   <li>Static methods on flat {@code double[]} arrays with explicit shape ints; activations NCHW
 *       row-major [batch][channels][height][width]; dense W [out][in]; conv W [out][in][k][k].</li>
 *   <li>Every method overwrites its output arrays (no accumulation), so a kernel test can poison
 *       outputs before a launch. {@link flatbench.reference.PerSampleGrad} writes only its layer's
 *       columns of G.</li>
 *   <li>A null bias (or bias direction) means none; a null R{x} means R{x} = 0 (the network
 *       input); a null δ in an R-backward method drops the terms carrying δ, which gives the
 *       Gauss–Newton product.</li>
 *   <li>Each class keeps the tolerance its float32 kernel is held to as {@code TOLERANCE};
 *       float64 kernels use {@link flatbench.reference.Tolerance#FLOAT64}.</li>
 * </ul>
 *
 * <p>{@link flatbench.reference.Plan} resolves a model's layer list (residual blocks included) into
 * steps with shapes, parameter blocks and ids; {@link flatbench.reference.ReferenceEngine} walks it.
 */
package flatbench.reference;
