package flatbench.record;

/** The data set a run read: its name and a checksum of the files (e.g. SHA-256), so two runs on different data never look alike. */
public record DatasetInfo(String name, String checksum) {
    public DatasetInfo {
        name = GpuInfo.orUnknown(name);
        checksum = GpuInfo.orUnknown(checksum);
    }
}
