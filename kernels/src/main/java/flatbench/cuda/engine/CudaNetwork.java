package flatbench.cuda.engine;

import java.util.List;

import flatbench.cuda.CudaContext;
import flatbench.cuda.DeviceBuffer;
import flatbench.cuda.engine.NetworkPlan.*;
import flatbench.cuda.engine.ParamGradients.PerSample;
import flatbench.cuda.engine.ParamGradients.Rows;
import flatbench.cuda.engine.ParamGradients.Summed;
import flatbench.cuda.ops.ConvShape;
import flatbench.cuda.ops.PoolKernels.PoolShape;
import flatbench.engine.Batch;
import flatbench.model.Shape;
import jcuda.driver.CUdeviceptr;

/**
 * Runs a {@link NetworkPlan} on the device: forward, backward (summed or per-sample parameter
 * gradients) and the R-operator passes for exact Hessian- and Gauss–Newton-vector products
 * (MATH.md). Activation, gradient and R buffers are kept per batch size and reused.
 */
final class CudaNetwork implements AutoCloseable {
    private final CudaContext cuda;
    private final Kernels k;
    private final NetworkPlan plan;
    private final int classes;
    private int batch;
    private DeviceBuffer[] acts, grads, racts, rgrads, argmax;
    private DeviceBuffer labels, probs, loss;

    CudaNetwork(CudaContext cuda, Kernels kernels, NetworkPlan plan) {
        this.cuda = cuda;
        this.k = kernels;
        this.plan = plan;
        this.classes = plan.spec().numClasses();
    }

    int batch() { return batch; }

    DeviceBuffer probabilities() { return probs; }

    DeviceBuffer losses() { return loss; }

    private void ensure(int b) {
        if (b == batch) return;
        freeBuffers();
        List<Shape> slots = plan.slots();
        acts = new DeviceBuffer[slots.size()];
        grads = new DeviceBuffer[slots.size()];
        racts = new DeviceBuffer[slots.size()];
        rgrads = new DeviceBuffer[slots.size()];
        for (int i = 0; i < slots.size(); i++) {
            long n = (long) b * slots.get(i).size();
            acts[i] = cuda.allocFloats(n);
            // The input has no gradient and no R{·} (R{a_0} = 0): keep one zero buffer for both.
            if (i == 0) {
                racts[i] = cuda.allocFloats(n);
                cuda.fill(racts[i].ptr(), 0f, n);
                continue;
            }
            grads[i] = cuda.allocFloats(n);
            racts[i] = cuda.allocFloats(n);
            rgrads[i] = cuda.allocFloats(n);
        }
        argmax = new DeviceBuffer[plan.argmaxCount()];
        for (Node node : plan.nodes()) {
            if (node instanceof MaxPool m) argmax[m.argmax()] = cuda.alloc((long) b * m.output().size() * 4);
        }
        labels = cuda.alloc((long) b * 4);
        probs = cuda.allocFloats((long) b * classes);
        loss = cuda.allocFloats(b);
        batch = b;
    }

    private CUdeviceptr a(int slot) { return acts[slot].ptr(); }
    private CUdeviceptr g(int slot) { return grads[slot].ptr(); }
    private CUdeviceptr ra(int slot) { return racts[slot].ptr(); }
    private CUdeviceptr rg(int slot) { return rgrads[slot].ptr(); }
    private static CUdeviceptr at(CUdeviceptr base, long offset) { return offset < 0 ? null : base.withByteOffset(offset * 4); }
    private long size(int slot) { return (long) batch * plan.slots().get(slot).size(); }

    private ConvShape conv(Conv c) {
        return new ConvShape(batch, c.input().channels(), c.input().height(), c.input().width(), c.layer().outChannels(),
                c.layer().kernel(), c.layer().stride(), c.layer().padding());
    }

    private PoolShape pool(Shape in, int kernel, int stride) {
        return new PoolShape(batch * in.channels(), in.height(), in.width(), kernel, stride);
    }

    /**
     * Forward pass, then per-sample losses, probabilities and δ_L = scale·(p − y) in the logits
     * slot's gradient (scale 1/B for the mean loss, 1 for per-sample gradients).
     */
    void forward(Batch b, CUdeviceptr theta, float deltaScale) {
        for (int y : b.labels()) {
            if (y < 0 || y >= classes) throw new IllegalArgumentException("label " + y + " is outside 0.." + (classes - 1) + " for " + plan.spec().name());
        }
        if (!b.shape().equals(plan.spec().input())) throw new IllegalArgumentException("batch of " + b.shape() + " samples for a model taking " + plan.spec().input());
        ensure(b.size());
        cuda.upload(b.inputs(), a(0));
        cuda.upload(b.labels(), labels.ptr());
        for (Node node : plan.nodes()) forwardNode(node, theta);
        int last = plan.logitsSlot();
        k.xent().lossAndDelta(a(last), labels.ptr(), batch, classes, deltaScale, probs.ptr(), loss.ptr(), g(last));
    }

    private void forwardNode(Node node, CUdeviceptr theta) {
        if (node instanceof Dense d) {
            k.dense().forward(a(d.src()), at(theta, d.weight()), at(theta, d.bias()), a(d.dst()), batch, d.in(), d.out(), 1f, 0f);
        } else if (node instanceof Conv c) {
            k.conv().forward(conv(c), a(c.src()), at(theta, c.weight()), at(theta, c.bias()), a(c.dst()), 1f, 0f);
        } else if (node instanceof Relu r) {
            k.relu().forward(a(r.src()), a(r.dst()), size(r.dst()));
        } else if (node instanceof MaxPool m) {
            k.pool().maxForward(pool(m.input(), m.kernel(), m.stride()), a(m.src()), a(m.dst()), argmax[m.argmax()].ptr());
        } else if (node instanceof AvgPool p) {
            k.pool().avgForward(pool(p.input(), p.kernel(), p.stride()), a(p.src()), a(p.dst()));
        } else if (node instanceof GlobalAvgPool gp) {
            k.pool().globalAvgForward(batch * gp.input().channels(), gp.input().height() * gp.input().width(), a(gp.src()), a(gp.dst()));
        } else if (node instanceof BatchNorm bn) {
            Shape s = bn.shape();
            k.bn().forward(a(bn.src()), at(theta, bn.scale()), at(theta, bn.shift()), bn.inverseStd(), a(bn.dst()),
                    batch, s.channels(), s.height() * s.width(), false);
        } else if (node instanceof Add ad) {
            k.vec().add(a(ad.a()), a(ad.b()), a(ad.dst()), size(ad.dst()));
        }
    }

    /** Backward pass from the δ_L left by {@link #forward}; parameter gradients go to {@code out} (null: none). */
    void backward(CUdeviceptr theta, ParamGradients out) {
        for (int i = 1; i < plan.logitsSlot(); i++) cuda.fill(g(i), 0f, size(i));
        List<Node> nodes = plan.nodes();
        for (int i = nodes.size() - 1; i >= 0; i--) backwardNode(nodes.get(i), theta, out);
    }

    private void backwardNode(Node node, CUdeviceptr theta, ParamGradients out) {
        if (node instanceof Dense d) {
            CUdeviceptr dy = g(d.dst()), x = a(d.src());
            if (out instanceof Summed s) {
                k.dense().backwardWeight(dy, x, at(s.grad(), d.weight()), batch, d.in(), d.out(), 1f, 0f);
                k.bn().channelReduce(null, dy, 1f, null, at(s.grad(), d.bias()), 0, batch, d.out(), 1, false, false);
            } else if (out instanceof PerSample ps) {
                if (!ps.ghostDense(d.weight(), dy, d.out(), x, d.in())) {
                    emit(ps, d.weight(), (long) d.in() * d.out(), r -> k.dense().perSampleWeight(dy, x, r.ptr(), r.ld(), batch, d.in(), d.out(), 1f));
                }
                emit(ps, d.bias(), d.out(), r -> k.bn().channelReduce(null, dy, 1f, null, r.ptr(), r.ld(), batch, d.out(), 1, true, false));
            }
            if (d.src() != 0) k.dense().backwardData(dy, at(theta, d.weight()), g(d.src()), batch, d.in(), d.out(), 1f, 1f);
        } else if (node instanceof Conv c) {
            ConvShape s = conv(c);
            CUdeviceptr dy = g(c.dst()), x = a(c.src());
            int hw = s.ho() * s.wo();
            if (out instanceof Summed sum) {
                k.conv().backwardWeight(s, dy, x, at(sum.grad(), c.weight()), 1f, 0f);
                if (c.bias() >= 0) k.bn().channelReduce(null, dy, 1f, null, at(sum.grad(), c.bias()), 0, batch, s.cout(), hw, false, false);
            } else if (out instanceof PerSample ps) {
                if (!ps.ghostConv(c.weight(), s, dy, x)) {
                    emit(ps, c.weight(), s.weightSize(), r -> k.conv().perSampleWeight(s, dy, x, r.ptr(), r.ld(), 1f));
                }
                if (c.bias() >= 0) emit(ps, c.bias(), s.cout(), r -> k.bn().channelReduce(null, dy, 1f, null, r.ptr(), r.ld(), batch, s.cout(), hw, true, false));
            }
            if (c.src() != 0) k.conv().backwardData(s, dy, at(theta, c.weight()), g(c.src()), 1f, 1f);
        } else if (node instanceof Relu r) {
            if (r.src() != 0) k.relu().backward(a(r.dst()), g(r.dst()), g(r.src()), size(r.dst()), true);
        } else if (node instanceof MaxPool m) {
            if (m.src() != 0) k.pool().maxBackward(pool(m.input(), m.kernel(), m.stride()), g(m.dst()), argmax[m.argmax()].ptr(), g(m.src()));
        } else if (node instanceof AvgPool p) {
            if (p.src() != 0) k.pool().avgBackward(pool(p.input(), p.kernel(), p.stride()), g(p.dst()), g(p.src()));
        } else if (node instanceof GlobalAvgPool gp) {
            if (gp.src() != 0) k.pool().globalAvgBackward(batch * gp.input().channels(), gp.input().height() * gp.input().width(), g(gp.dst()), g(gp.src()));
        } else if (node instanceof BatchNorm bn) {
            Shape s = bn.shape();
            int c = s.channels(), hw = s.height() * s.width();
            CUdeviceptr dy = g(bn.dst()), x = a(bn.src());
            if (out instanceof Summed sum) {
                k.bn().channelReduce(x, dy, bn.inverseStd(), at(sum.grad(), bn.scale()), at(sum.grad(), bn.shift()), 0, batch, c, hw, false, false);
            } else if (out instanceof PerSample ps) {
                emit(ps, bn.scale(), c, r -> k.bn().channelReduce(x, dy, bn.inverseStd(), r.ptr(), null, r.ld(), batch, c, hw, true, false));
                emit(ps, bn.shift(), c, r -> k.bn().channelReduce(null, dy, 1f, null, r.ptr(), r.ld(), batch, c, hw, true, false));
            }
            if (bn.src() != 0) k.bn().forward(dy, at(theta, bn.scale()), null, bn.inverseStd(), g(bn.src()), batch, c, hw, true);
        } else if (node instanceof Add ad) {
            CUdeviceptr dy = g(ad.dst());
            if (ad.a() != 0) k.vec().axpy(1f, dy, g(ad.a()), size(ad.dst()));
            if (ad.b() != 0) k.vec().axpy(1f, dy, g(ad.b()), size(ad.dst()));
        }
    }

    private static void emit(PerSample ps, long offset, long size, java.util.function.Consumer<Rows> launch) {
        Rows r = ps.rows(offset, size);
        launch.accept(r);
        ps.done(offset, size, r);
    }

    /**
     * out ← H v (or G v when {@code gaussNewton}) for the mean loss, after {@link #forward} with
     * scale 1/B and {@link #backward} (which leave activations, argmaxes, probabilities and δ).
     */
    void curvatureVector(CUdeviceptr theta, CUdeviceptr v, CUdeviceptr out, boolean gaussNewton) {
        for (Node node : plan.nodes()) rForward(node, theta, v);
        int last = plan.logitsSlot();
        k.xent().rop(probs.ptr(), ra(last), batch, classes, 1f / batch, rg(last));
        for (int i = 1; i < last; i++) cuda.fill(rg(i), 0f, size(i));
        List<Node> nodes = plan.nodes();
        for (int i = nodes.size() - 1; i >= 0; i--) rBackward(nodes.get(i), theta, v, out, gaussNewton);
    }

    private void rForward(Node node, CUdeviceptr theta, CUdeviceptr v) {
        if (node instanceof Dense d) {
            // R{z} = V a + c + W R{a}
            k.dense().forward(a(d.src()), at(v, d.weight()), at(v, d.bias()), ra(d.dst()), batch, d.in(), d.out(), 1f, 0f);
            if (d.src() != 0) k.dense().forward(ra(d.src()), at(theta, d.weight()), null, ra(d.dst()), batch, d.in(), d.out(), 1f, 1f);
        } else if (node instanceof Conv c) {
            ConvShape s = conv(c);
            k.conv().forward(s, a(c.src()), at(v, c.weight()), at(v, c.bias()), ra(c.dst()), 1f, 0f);
            if (c.src() != 0) k.conv().forward(s, ra(c.src()), at(theta, c.weight()), null, ra(c.dst()), 1f, 1f);
        } else if (node instanceof Relu r) {
            k.relu().backward(a(r.dst()), ra(r.src()), ra(r.dst()), size(r.dst()), false);
        } else if (node instanceof MaxPool m) {
            k.pool().maxGather(pool(m.input(), m.kernel(), m.stride()), ra(m.src()), argmax[m.argmax()].ptr(), ra(m.dst()));
        } else if (node instanceof AvgPool p) {
            k.pool().avgForward(pool(p.input(), p.kernel(), p.stride()), ra(p.src()), ra(p.dst()));
        } else if (node instanceof GlobalAvgPool gp) {
            k.pool().globalAvgForward(batch * gp.input().channels(), gp.input().height() * gp.input().width(), ra(gp.src()), ra(gp.dst()));
        } else if (node instanceof BatchNorm bn) {
            Shape s = bn.shape();
            int c = s.channels(), hw = s.height() * s.width();
            // R{y} = γ s R{x} + V_γ s x + c_β
            k.bn().forward(ra(bn.src()), at(theta, bn.scale()), null, bn.inverseStd(), ra(bn.dst()), batch, c, hw, false);
            k.bn().forward(a(bn.src()), at(v, bn.scale()), at(v, bn.shift()), bn.inverseStd(), ra(bn.dst()), batch, c, hw, true);
        } else if (node instanceof Add ad) {
            k.vec().add(ra(ad.a()), ra(ad.b()), ra(ad.dst()), size(ad.dst()));
        }
    }

    private void rBackward(Node node, CUdeviceptr theta, CUdeviceptr v, CUdeviceptr out, boolean ggn) {
        if (node instanceof Dense d) {
            CUdeviceptr dy = g(d.dst()), rdy = rg(d.dst()), x = a(d.src());
            k.dense().backwardWeight(rdy, x, at(out, d.weight()), batch, d.in(), d.out(), 1f, 0f);
            if (!ggn && d.src() != 0) k.dense().backwardWeight(dy, ra(d.src()), at(out, d.weight()), batch, d.in(), d.out(), 1f, 1f);
            k.bn().channelReduce(null, rdy, 1f, null, at(out, d.bias()), 0, batch, d.out(), 1, false, false);
            if (d.src() != 0) {
                k.dense().backwardData(rdy, at(theta, d.weight()), rg(d.src()), batch, d.in(), d.out(), 1f, 1f);
                if (!ggn) k.dense().backwardData(dy, at(v, d.weight()), rg(d.src()), batch, d.in(), d.out(), 1f, 1f);
            }
        } else if (node instanceof Conv c) {
            ConvShape s = conv(c);
            CUdeviceptr dy = g(c.dst()), rdy = rg(c.dst()), x = a(c.src());
            k.conv().backwardWeight(s, rdy, x, at(out, c.weight()), 1f, 0f);
            if (!ggn && c.src() != 0) k.conv().backwardWeight(s, dy, ra(c.src()), at(out, c.weight()), 1f, 1f);
            if (c.bias() >= 0) k.bn().channelReduce(null, rdy, 1f, null, at(out, c.bias()), 0, batch, s.cout(), s.ho() * s.wo(), false, false);
            if (c.src() != 0) {
                k.conv().backwardData(s, rdy, at(theta, c.weight()), rg(c.src()), 1f, 1f);
                if (!ggn) k.conv().backwardData(s, dy, at(v, c.weight()), rg(c.src()), 1f, 1f);
            }
        } else if (node instanceof Relu r) {
            if (r.src() != 0) k.relu().backward(a(r.dst()), rg(r.dst()), rg(r.src()), size(r.dst()), true);
        } else if (node instanceof MaxPool m) {
            if (m.src() != 0) k.pool().maxBackward(pool(m.input(), m.kernel(), m.stride()), rg(m.dst()), argmax[m.argmax()].ptr(), rg(m.src()));
        } else if (node instanceof AvgPool p) {
            if (p.src() != 0) k.pool().avgBackward(pool(p.input(), p.kernel(), p.stride()), rg(p.dst()), rg(p.src()));
        } else if (node instanceof GlobalAvgPool gp) {
            if (gp.src() != 0) k.pool().globalAvgBackward(batch * gp.input().channels(), gp.input().height() * gp.input().width(), rg(gp.dst()), rg(gp.src()));
        } else if (node instanceof BatchNorm bn) {
            Shape s = bn.shape();
            int c = s.channels(), hw = s.height() * s.width();
            CUdeviceptr dy = g(bn.dst()), rdy = rg(bn.dst());
            float inv = bn.inverseStd();
            k.bn().channelReduce(a(bn.src()), rdy, inv, at(out, bn.scale()), at(out, bn.shift()), 0, batch, c, hw, false, false);
            if (!ggn && bn.src() != 0) k.bn().channelReduce(ra(bn.src()), dy, inv, at(out, bn.scale()), null, 0, batch, c, hw, false, true);
            if (bn.src() != 0) {
                k.bn().forward(rdy, at(theta, bn.scale()), null, inv, rg(bn.src()), batch, c, hw, true);
                if (!ggn) k.bn().forward(dy, at(v, bn.scale()), null, inv, rg(bn.src()), batch, c, hw, true);
            }
        } else if (node instanceof Add ad) {
            CUdeviceptr rdy = rg(ad.dst());
            if (ad.a() != 0) k.vec().axpy(1f, rdy, rg(ad.a()), size(ad.dst()));
            if (ad.b() != 0) k.vec().axpy(1f, rdy, rg(ad.b()), size(ad.dst()));
        }
    }

    private void freeBuffers() {
        if (acts == null) return;
        for (DeviceBuffer[] set : new DeviceBuffer[][] {acts, grads, racts, rgrads, argmax}) {
            for (DeviceBuffer b : set) if (b != null) b.close();
        }
        labels.close();
        probs.close();
        loss.close();
        acts = null;
        batch = 0;
    }

    @Override public void close() { freeBuffers(); }
}
