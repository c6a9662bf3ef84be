package flatbench.npy;

/** The element types flatbench writes, with their little-endian NumPy type strings. */
public enum NpyType {
    FLOAT64("<f8", 8), FLOAT32("<f4", 4);

    private final String descr;
    private final int bytes;

    NpyType(String descr, int bytes) {
        this.descr = descr;
        this.bytes = bytes;
    }

    /** NumPy's {@code descr}, e.g. "<f8". */
    public String descr() { return descr; }

    public int bytes() { return bytes; }

    static NpyType ofDescr(String descr, String source) {
        for (NpyType t : values()) if (t.descr.equals(descr)) return t;
        throw new IllegalArgumentException(source + " holds elements of type '" + descr
                + "', but flatbench reads only little-endian float64 ('<f8') and float32 ('<f4')");
    }
}
