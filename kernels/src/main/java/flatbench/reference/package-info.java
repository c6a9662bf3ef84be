/**
 * The plain-Java float64 reference: one class per GPU operation family, and an engine composed
 * from them.
 *
 * <p><b>Conventions every operation follows</b> (the CUDA kernels mirror them by name):
 * <ul>
 *   <li>Static methods on flat {@code double[]} arrays, the pass's geometry first as one of api's
 *       shape records ({@link flatbench.model.DenseShape}, {@link flatbench.model.ConvShape},
 *       {@link flatbench.model.PoolShape}, {@link flatbench.model.ChannelShape}), the same ones
 *       {@link flatbench.network.Ops}, the CPU engine and the CUDA bindings take; activations NCHW
 *       row-major [batch][channels][height][width]; dense W [out][in]; conv W [out][in][k][k].</li>
 *   <li>Every method overwrites its output arrays (no accumulation), so a kernel test can poison
 *       outputs before a launch. {@link flatbench.reference.PerSampleGrad} writes only its layer's
 *       columns of G.</li>
 *   <li>A null bias means none.</li>
 *   <li>Each class keeps the tolerance its float32 kernel is held to as {@code TOLERANCE};
 *       float64 kernels use {@link flatbench.reference.Tolerance#FLOAT64}.</li>
 * </ul>
 *
 * <p>{@link flatbench.reference.ReferenceOps} offers these operations as the
 * {@link flatbench.network.Ops} of the shared layer definitions ({@link flatbench.network.Node}),
 * and {@link flatbench.reference.ReferenceEngine} runs a model's {@link flatbench.network.Graph} on them.
 * The layers' R-operator passes live with the layers, not here.
 */
package flatbench.reference;
