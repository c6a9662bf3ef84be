package flatbench.sweep;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * How the Kubernetes Indexed Job of a sweep runs (the {@code k8s:} part of a spec). flatbench
 * comes either from an image that holds it at {@code /opt/flatbench} ({@code image}, launcher at
 * {@code flatbench}) or from a volume holding the unpacked bundle ({@code bundleClaim}, mounted at
 * {@code bundleMount}, any image with a shell). The GPU bundle has the {@code cuda} and
 * {@code java} engines only: runs on the {@code cpu} engine (the default) or {@code dl4j} need an
 * image holding a tree built with {@code make build}. The result store is a ReadWriteMany volume.
 *
 * @param image         the container image (default: a plain Debian image when the bundle comes from a volume)
 * @param namespace     the Job's namespace (default: the kubectl context's)
 * @param parallelism   pods at once (default: all shards)
 * @param storeClaim    the PersistentVolumeClaim holding the result store (required)
 * @param storeMount    where the store is mounted in the pod (default /store)
 * @param bundleClaim   a claim holding the unpacked bundle ({@code flatbench/bin/flatbench} inside)
 * @param bundleMount   where that claim is mounted (default /opt)
 * @param flatbench     the launcher in the pod (default /opt/flatbench/bin/flatbench)
 * @param cpu           CPU request per pod, in cores ({@code 2}, {@code 1.5}) or millicores ({@code 500m}) (default 2);
 *                      flatbench's threads are this many whole cores, at least one ({@link #threads()})
 * @param memory        memory request and limit per pod (default 8Gi)
 * @param gpus          {@code nvidia.com/gpu} per pod (default: 1 when a run uses the cuda engine)
 * @param workingDir    the container's working folder: relative paths of the runs resolve against it, among them
 *                      the file data sets' default folders ({@code data/mnist}); default: the image's. Mount
 *                      a claim holding {@code mnist/} etc. at {@code <workingDir>/data}, as Slurm's jobs find
 *                      them under {@code data/} of the folder they were emitted from
 * @param volumes       further claims to mount, e.g. the data sets
 * @param backoffLimit  retries of failed pods across the Job (default 0: merge --resubmit does retries)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record KubernetesOptions(String image, String namespace, Integer parallelism, String storeClaim, String storeMount,
                                String bundleClaim, String bundleMount, String flatbench, String cpu, String memory, Integer gpus,
                                String workingDir, List<Volume> volumes, Integer backoffLimit) {
    public static final KubernetesOptions DEFAULTS = new KubernetesOptions(null, null, null, null, "/store", null, "/opt",
            "/opt/flatbench/bin/flatbench", "2", "8Gi", null, null, null, 0);

    /** A further PersistentVolumeClaim mounted into the pod. */
    public record Volume(String claim, String mountPath, Boolean readOnly) {
        public Volume {
            if (claim == null || mountPath == null) throw new IllegalArgumentException("k8s.volumes entries need 'claim' and 'mountPath'");
        }
    }

    public KubernetesOptions {
        volumes = volumes == null ? List.of() : List.copyOf(volumes);
        if (parallelism != null && parallelism < 1) throw new IllegalArgumentException("k8s.parallelism must be positive, not " + parallelism);
        if (gpus != null && gpus < 0) throw new IllegalArgumentException("k8s.gpus must be zero or more, not " + gpus);
        if (cpu != null) cores(cpu);
        if (workingDir != null && !workingDir.startsWith("/")) throw new IllegalArgumentException("k8s.workingDir must be an absolute path, not '" + workingDir + "'");
    }

    /**
     * Threads for the pod's CPU work (FLATBENCH_THREADS and OMP_NUM_THREADS): the whole cores of
     * the CPU request, at least one. A pod may use more CPU than it requests only when the node
     * has some to spare, so more threads than requested cores would contend with other pods; a
     * fraction of a core still needs one thread.
     */
    public int threads() {
        return Math.max(1, (int) Math.floor(cores(orDefaults().cpu())));
    }

    /** A Kubernetes CPU quantity in cores: a decimal number of cores, or of millicores with the suffix m. */
    static double cores(String quantity) {
        String q = quantity.strip();
        boolean milli = q.endsWith("m");
        String number = milli ? q.substring(0, q.length() - 1) : q;
        if (number.matches("[0-9]+(\\.[0-9]*)?|\\.[0-9]+")) {
            double v = Double.parseDouble(number) / (milli ? 1000 : 1);
            if (v > 0) return v;
        }
        throw new IllegalArgumentException("k8s.cpu must be a positive number of cores (2, 1.5) or millicores (500m), not '" + quantity + "'");
    }

    public KubernetesOptions orDefaults() {
        KubernetesOptions d = DEFAULTS;
        return new KubernetesOptions(image, namespace, parallelism, storeClaim, storeMount == null ? d.storeMount : storeMount, bundleClaim,
                bundleMount == null ? d.bundleMount : bundleMount, flatbench == null ? d.flatbench : flatbench, cpu == null ? d.cpu : cpu,
                memory == null ? d.memory : memory, gpus, workingDir, volumes, backoffLimit == null ? d.backoffLimit : backoffLimit);
    }
}
