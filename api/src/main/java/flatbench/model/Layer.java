package flatbench.model;

import java.util.List;

/**
 * One layer of a model, described independently of any engine. Activations are laid out
 * sample-major, then channel, row, column (NCHW). A {@link Dense} layer flattens its input.
 */
public sealed interface Layer {

    /** Output shape for the given input shape; throws IllegalArgumentException on a mismatch. */
    Shape outputShape(Shape in);

    /** Parameter tensor shapes and kinds, in flat-vector order (weight before bias). */
    default List<ParamShape> parameterShapes(Shape in) { return List.of(); }

    /** A tensor shape with its kind, before it is given an offset. */
    record ParamShape(String suffix, ParamBlock.Kind kind, int... shape) {}

    /** Fully connected: z = W a + b with W of shape [out, in]; flattens its input. */
    record Dense(int in, int out) implements Layer {
        public Dense {
            if (in <= 0 || out <= 0) throw new IllegalArgumentException("dense sizes must be positive");
        }
        public Shape outputShape(Shape s) {
            if (s.size() != in) throw new IllegalArgumentException("dense layer expects " + in + " inputs but gets " + s);
            return Shape.vector(out);
        }
        public List<ParamShape> parameterShapes(Shape s) {
            return List.of(new ParamShape("weight", ParamBlock.Kind.WEIGHT, out, in),
                           new ParamShape("bias", ParamBlock.Kind.BIAS, out));
        }
    }

    /** 2-D convolution (cross-correlation, as in every framework), square kernel, W of shape [out, in, k, k]. */
    record Conv2d(int inChannels, int outChannels, int kernel, int stride, int padding, boolean bias) implements Layer {
        public Conv2d {
            if (inChannels <= 0 || outChannels <= 0 || kernel <= 0 || stride <= 0 || padding < 0) {
                throw new IllegalArgumentException("bad convolution geometry");
            }
        }
        public static Conv2d of(int in, int out, int k) { return new Conv2d(in, out, k, 1, 0, true); }
        public Shape outputShape(Shape s) {
            if (s.channels() != inChannels) {
                throw new IllegalArgumentException("convolution expects " + inChannels + " channels but gets " + s);
            }
            int h = windowCount(s.height(), kernel, stride, padding), w = windowCount(s.width(), kernel, stride, padding);
            if (h <= 0 || w <= 0) throw new IllegalArgumentException("convolution kernel larger than input " + s);
            return new Shape(outChannels, h, w);
        }
        public List<ParamShape> parameterShapes(Shape s) {
            ParamShape w = new ParamShape("weight", ParamBlock.Kind.WEIGHT, outChannels, inChannels, kernel, kernel);
            return bias ? List.of(w, new ParamShape("bias", ParamBlock.Kind.BIAS, outChannels)) : List.of(w);
        }
    }

    /** Element-wise max(0, x). */
    record Relu() implements Layer {
        public Shape outputShape(Shape s) { return s; }
    }

    /** Max pooling, square window, no padding; the output size rounds down. */
    record MaxPool(int kernel, int stride) implements Layer {
        public Shape outputShape(Shape s) { return pooled(s, kernel, stride); }
    }

    /** Average pooling, square window, no padding; the output size rounds down. */
    record AvgPool(int kernel, int stride) implements Layer {
        public Shape outputShape(Shape s) { return pooled(s, kernel, stride); }
    }

    /** Mean over each channel's spatial positions: c × h × w → c × 1 × 1. */
    record GlobalAvgPool() implements Layer {
        public Shape outputShape(Shape s) { return Shape.vector(s.channels()); }
    }

    /**
     * Batch normalisation in inference form with fixed statistics (mean 0, variance 1), so it is
     * the per-channel affine map y = γ·x/√(1+eps) + β. Trainable γ (scale) and β (shift).
     */
    record BatchNorm(int channels, double eps) implements Layer {
        public static BatchNorm of(int channels) { return new BatchNorm(channels, 1e-5); }
        public Shape outputShape(Shape s) {
            if (s.channels() != channels) throw new IllegalArgumentException("batch norm expects " + channels + " channels but gets " + s);
            return s;
        }
        public List<ParamShape> parameterShapes(Shape s) {
            return List.of(new ParamShape("scale", ParamBlock.Kind.SCALE, channels),
                           new ParamShape("shift", ParamBlock.Kind.SHIFT, channels));
        }
        /** The multiplier the fixed statistics put in front of γ. */
        public double inverseStd() { return 1.0 / Math.sqrt(1.0 + eps); }
    }

    /**
     * A residual block: out = main(x) + shortcut(x); an empty shortcut is the identity.
     * The activation after the addition is a separate layer that follows the block.
     */
    record Residual(List<Layer> main, List<Layer> shortcut) implements Layer {
        public Residual {
            main = List.copyOf(main);
            shortcut = List.copyOf(shortcut);
            if (main.isEmpty()) throw new IllegalArgumentException("a residual block needs a main path");
        }
        public Shape outputShape(Shape s) {
            Shape a = s;
            for (Layer l : main) a = l.outputShape(a);
            Shape b = s;
            for (Layer l : shortcut) b = l.outputShape(b);
            if (!a.equals(b)) throw new IllegalArgumentException("residual paths disagree: " + a + " vs " + b);
            return a;
        }
    }

    /**
     * The sliding-window rule of convolutions and pooling, the one place it is written: how many
     * windows of {@code kernel} at {@code stride} fit in {@code size} plus {@code padding} on each
     * side, (size + 2·padding − kernel) / stride + 1, the last partial window dropped (rounded down).
     */
    static int windowCount(int size, int kernel, int stride, int padding) {
        return Math.floorDiv(size + 2 * padding - kernel, stride) + 1;
    }

    private static Shape pooled(Shape s, int kernel, int stride) {
        if (kernel <= 0 || stride <= 0) throw new IllegalArgumentException("bad pooling geometry");
        int h = windowCount(s.height(), kernel, stride, 0), w = windowCount(s.width(), kernel, stride, 0);
        if (h <= 0 || w <= 0) throw new IllegalArgumentException("pooling window larger than input " + s);
        return new Shape(s.channels(), h, w);
    }
}
