package flatbench.record;

/** The GPU a run used; fields the driver did not report are "unknown". */
public record GpuInfo(String name, String driver, String cudaVersion) {
    public GpuInfo {
        name = orUnknown(name);
        driver = orUnknown(driver);
        cudaVersion = orUnknown(cudaVersion);
    }

    static String orUnknown(String s) { return s == null || s.isBlank() ? Provenance.UNKNOWN : s.strip(); }
}
