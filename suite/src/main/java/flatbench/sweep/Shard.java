package flatbench.sweep;

import java.util.Map;

/**
 * One of n parts of a sweep's run list: run k belongs to shard k mod n, so shards differ by at
 * most one run and runs of similar cost (neighbours in the grid) spread over the shards.
 * Indices count from 0, as Slurm array task ids and Kubernetes completion indices do.
 */
public record Shard(int index, int count) {
    public static final Shard ALL = new Shard(0, 1);

    public Shard {
        if (count < 1) throw new IllegalArgumentException("a sweep has at least one shard, not " + count);
        if (index < 0 || index >= count) {
            throw new IllegalArgumentException("shard " + index + " does not exist among " + count + " (shards count from 0 to " + (count - 1) + ")");
        }
    }

    public boolean owns(int runIndex) {
        return runIndex % count == index;
    }

    /** {@code i/n} as typed after {@code --shard}. */
    public static Shard parse(String text) {
        String[] p = text.strip().split("/");
        if (p.length != 2) throw new IllegalArgumentException("--shard expects i/n (e.g. 0/4), not '" + text + "'");
        try {
            return new Shard(Integer.parseInt(p[0].strip()), Integer.parseInt(p[1].strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--shard expects i/n with whole numbers (e.g. 0/4), not '" + text + "'");
        }
    }

    /**
     * The shard a scheduler started this process as: a Slurm array task
     * ({@code SLURM_ARRAY_TASK_ID} of {@code SLURM_ARRAY_TASK_COUNT}) or a Kubernetes Indexed Job
     * pod ({@code JOB_COMPLETION_INDEX}; Kubernetes does not tell the count, so the emitted
     * manifest passes {@code --shards}). {@code count} overrides the scheduler's count when not
     * null. Null when no scheduler variable is set.
     */
    public static Shard fromEnvironment(Map<String, String> env, Integer count) {
        String slurm = env.get("SLURM_ARRAY_TASK_ID");
        if (slurm != null && !slurm.isBlank()) {
            String n = count != null ? count.toString() : env.get("SLURM_ARRAY_TASK_COUNT");
            if (n == null) throw new IllegalArgumentException("SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_COUNT is not: pass --shards N");
            String min = env.get("SLURM_ARRAY_TASK_MIN");
            if (min != null && !min.strip().equals("0")) {
                throw new IllegalArgumentException("the Slurm array starts at " + min + ", but shards count from 0: submit it with --array=0-N");
            }
            return new Shard(number("SLURM_ARRAY_TASK_ID", slurm), number("the shard count", n));
        }
        String k8s = env.get("JOB_COMPLETION_INDEX");
        if (k8s != null && !k8s.isBlank()) {
            if (count == null) throw new IllegalArgumentException("JOB_COMPLETION_INDEX is set but the shard count is not: pass --shards N (the Job's completions)");
            return new Shard(number("JOB_COMPLETION_INDEX", k8s), count);
        }
        return null;
    }

    private static int number(String what, String text) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " is not a whole number: '" + text + "'");
        }
    }

    @Override public String toString() { return index + "/" + count; }
}
