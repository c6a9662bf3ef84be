package flatbench.data;

/** Which part of a data set: the training samples or the held-out test samples. */
public enum Part {
    TRAIN, TEST;

    /** Lower-case name as used on the command line and in run records. */
    public String label() { return name().toLowerCase(java.util.Locale.ROOT); }
}
