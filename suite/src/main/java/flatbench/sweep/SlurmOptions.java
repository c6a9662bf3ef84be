package flatbench.sweep;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * How the Slurm array job of a sweep asks for resources (the {@code slurm:} part of a spec).
 * Left out: the cluster's defaults; {@code gpus} defaults to one per task when a run uses the cuda engine.
 *
 * @param partition    {@code --partition}
 * @param account      {@code --account}
 * @param qos          {@code --qos}
 * @param time         {@code --time} per task, e.g. {@code 02:00:00}
 * @param cpusPerTask  {@code --cpus-per-task}
 * @param mem          {@code --mem}, e.g. {@code 8G}
 * @param throttle     at most this many array tasks at once ({@code --array=0-N%throttle})
 * @param gpus         GPUs per task ({@code --gres=gpu:N})
 * @param extra        further {@code #SBATCH} options, e.g. {@code --constraint=a100}
 * @param setup        shell lines run before flatbench, e.g. {@code module load java}
 * @param flatbench    the launcher on the compute nodes (default: the bin/flatbench that emitted the job)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SlurmOptions(String partition, String account, String qos, String time, Integer cpusPerTask, String mem,
                           Integer throttle, Integer gpus, List<String> extra, List<String> setup, String flatbench) {
    public static final SlurmOptions DEFAULTS = new SlurmOptions(null, null, null, "02:00:00", 2, "8G", null, null, null, null, null);

    public SlurmOptions {
        extra = extra == null ? List.of() : List.copyOf(extra);
        setup = setup == null ? List.of() : List.copyOf(setup);
        if (cpusPerTask != null && cpusPerTask < 1) throw new IllegalArgumentException("slurm.cpusPerTask must be positive, not " + cpusPerTask);
        if (throttle != null && throttle < 1) throw new IllegalArgumentException("slurm.throttle must be positive, not " + throttle);
        if (gpus != null && gpus < 0) throw new IllegalArgumentException("slurm.gpus must be zero or more, not " + gpus);
    }

    /** These options with the defaults filling what they leave out. */
    public SlurmOptions orDefaults() {
        SlurmOptions d = DEFAULTS;
        return new SlurmOptions(partition, account, qos, time == null ? d.time : time, cpusPerTask == null ? d.cpusPerTask : cpusPerTask,
                mem == null ? d.mem : mem, throttle, gpus, extra, setup, flatbench);
    }
}
