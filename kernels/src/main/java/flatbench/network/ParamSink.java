package flatbench.network;

/**
 * Where a backward pass puts each parameter tensor's gradient: the tensor's offset in the flat
 * parameter vector and its {@link ParamForm}. The quantity (batch sum, per-sample rows, Gram
 * matrix, projections) is the sink's business; the layer only states the form.
 */
@FunctionalInterface
public interface ParamSink<B> {
    void accept(long offset, ParamForm<B> form);

    /** Gradients summed over the batch into grad + offset (a flat parameter-sized buffer). */
    static <B> ParamSink<B> summed(Ops<B> ops, B grad) {
        return (offset, form) -> ops.reduce(form, ops.at(grad, offset), false);
    }

    /** Per-sample gradients as rows of G: sample n's block at g + n·ld + offset. */
    static <B> ParamSink<B> rows(Ops<B> ops, B g, long ld) {
        return (offset, form) -> ops.perSample(form, ops.at(g, offset), ld);
    }

    /** Parameter gradients not wanted (only the input gradients, e.g. before curvature products). */
    static <B> ParamSink<B> none() { return (offset, form) -> { }; }
}
