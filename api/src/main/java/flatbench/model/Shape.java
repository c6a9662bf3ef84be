package flatbench.model;

/** The shape of one sample's activation tensor, channels × height × width (a vector is c × 1 × 1). */
public record Shape(int channels, int height, int width) {
    public Shape {
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("shape dimensions must be positive: " + channels + "x" + height + "x" + width);
        }
    }

    public static Shape vector(int n) { return new Shape(n, 1, 1); }

    public int size() { return channels * height * width; }

    @Override public String toString() { return channels + "x" + height + "x" + width; }
}
