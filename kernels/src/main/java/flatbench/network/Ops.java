package flatbench.network;

import flatbench.model.ChannelShape;
import flatbench.model.ConvShape;
import flatbench.model.DenseShape;
import flatbench.model.PoolShape;

/**
 * The array operations every layer's passes are written against ({@link Node}); one
 * implementation per backend: the plain-Java float64 reference, the BLAS-backed CPU engine and
 * the CUDA kernels. {@code B} is the backend's buffer handle (a host buffer, a device pointer).
 *
 * <p>Conventions: activations NCHW row-major, dense W [out][in], conv W [out][in][k][k]; a null
 * bias means none; an output is overwritten unless {@code accumulate} is set, when the result
 * is added to it. Buffers hold values of the backend's precision, except those from
 * {@link #allocateIndices}, which hold ints (max-pool choices, labels).
 */
public interface Ops<B> {

    /** n values, zero-filled. */
    B allocate(long n);

    /** n ints (max-pool choices, labels). */
    B allocateIndices(long n);

    void free(B buffer);

    /** A view of {@code base} starting {@code offset} elements in. */
    B at(B base, long offset);

    /** Samples [from, from + count) of a batch's inputs (count × sampleSize floats) into dst. */
    void loadInputs(float[] inputs, int from, int count, int sampleSize, B dst);

    /** Labels [from, from + count) into an index buffer. */
    void loadLabels(int[] labels, int from, int count, B dst);

    /** dst[0, n) ← src[offset, offset + n) (host doubles in). */
    void load(double[] src, int offset, int n, B dst);

    /** dst[offset, offset + n) ← src[0, n) (host doubles out). */
    void store(B src, int n, double[] dst, int offset);

    void fill(B x, double value, long n);

    void copy(B src, B dst, long n);

    /** y ← a + b. */
    void add(B a, B b, B y, long n);

    /** y ← y + a·x. */
    void axpy(double a, B x, B y, long n);

    /** y (+)= x Wᵀ + b. */
    void denseForward(DenseShape s, B x, B w, B bias, B y, boolean accumulate);

    /** dx (+)= dy W. */
    void denseBackwardData(DenseShape s, B dy, B w, B dx, boolean accumulate);

    /** y (+)= conv(x, W) + b. */
    void convForward(ConvShape s, B x, B w, B bias, B y, boolean accumulate);

    /** dx (+)= the adjoint of the convolution applied to dy (a transposed convolution). */
    void convBackwardData(ConvShape s, B dy, B w, B dx, boolean accumulate);

    /** dst (+)= the form summed over the batch. */
    void reduce(ParamForm<B> form, B dst, boolean accumulate);

    /** Row n of G (at rows + n·ld) ← sample n's term of the form (its per-sample gradient block). */
    void perSample(ParamForm<B> form, B rows, long ld);

    /** y ← max(0, x). */
    void reluForward(B x, B y, long n);

    /** dx (+)= [y > 0] ⊙ dy, y the forward output. */
    void reluBackward(B y, B dy, B dx, long n, boolean accumulate);

    /** y ← window maxima; argmax ← the flat index into x of each (the first maximum in window order). */
    void maxPoolForward(PoolShape s, B x, B y, B argmax);

    /** dx (+)= dy routed to the chosen inputs (overlapping windows add). */
    void maxPoolBackward(PoolShape s, B dy, B argmax, B dx, boolean accumulate);

    /** y ← x at the chosen inputs: max pooling's derivative along a direction. */
    void maxPoolGather(PoolShape s, B x, B argmax, B y);

    void avgPoolForward(PoolShape s, B x, B y);

    void avgPoolBackward(PoolShape s, B dy, B dx, boolean accumulate);

    /** y[p] ← mean of plane p (planes × hw → planes). */
    void globalAvgPoolForward(int planes, int hw, B x, B y);

    void globalAvgPoolBackward(int planes, int hw, B dy, B dx, boolean accumulate);

    /** y (+)= γ_c·s·x + β_c per channel; β may be null. With β null this is also batch norm's data backward pass. */
    void channelAffine(ChannelShape shape, B x, B gamma, B beta, double s, B y, boolean accumulate);

    /**
     * Softmax cross-entropy: losses[n] ← −log p_{n,y_n}, probs ← p, delta ← scale·(p − onehot(y)).
     * Labels outside 0..classes−1 are the caller's to reject before.
     */
    void softmaxXent(B logits, B labels, int batch, int classes, double scale, B probs, B losses, B delta);

    /** R{δ} ← scale·(p ⊙ R{z} − p (pᵀR{z})) per sample: the softmax Jacobian applied to R{z}. */
    void softmaxXentR(B probs, B rz, int batch, int classes, double scale, B rdelta);

    /**
     * Squared error: losses[n] ← ½‖z_n − t_n‖², delta ← scale·(z − t), with t_n = onehot(y_n) over
     * classes ≥ 2 outputs, or t_n = y_n (±1) over a scalar output (classes = 1).
     */
    void squaredLoss(B outputs, B labels, int batch, int classes, double scale, B losses, B delta);

    /**
     * Quadratic hinge on scalar outputs, labels ±1: Δ_n = 1 − y_n z_n, losses[n] ← ½ max(0, Δ_n)²,
     * delta[n] ← −scale·y_n·max(0, Δ_n), active[n] ← [Δ_n > 0] (1 or 0: the output Hessian).
     */
    void hingeLoss(B outputs, B labels, int batch, double scale, B losses, B delta, B active);

    /** R{δ} ← scale·h ⊙ R{z}: the R-operator of a loss whose output Hessian is the diagonal h (squared, hinge). */
    void diagonalLossR(B h, B rz, long n, double scale, B rdelta);
}
