package flatbench.compare;

import flatbench.record.AtomicFiles;
import flatbench.record.Provenance;
import flatbench.record.ProvenanceCollector;
import flatbench.record.RecordException;
import flatbench.record.RunRecord;
import flatbench.record.RunRecordJson;
import flatbench.record.RunRecordStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Results kept as plain files keyed by machine and commit, as asv and google/benchmark keep them:
 * <pre>
 * reports/baselines/
 *   &lt;machine&gt;/                      machine name from the record's provenance (FLATBENCH_MACHINE or host name)
 *     &lt;commit&gt;/&lt;run-id&gt;.json        one file per stored run (the same JSON as runs/&lt;run-id&gt;/result.json)
 *     &lt;commit&gt;-dirty/&lt;run-id&gt;.json  runs from a working tree with uncommitted changes
 * </pre>
 * A save adds a file and never replaces one: several runs of one commit are more forks of the same
 * code, and {@link BenchmarkSet#read} of a commit's folder pools them. Saving needs no lock and is
 * safe from any number of processes at once: the record is written to a temporary file that is
 * then hard-linked to a free name ({@link AtomicFiles#createNew}), so readers never see a partial
 * file and no writer can replace another's entry. Stores written before this layout kept
 * {@code <machine>/<commit>.json}; those files are still read.
 */
public final class ResultStore {
    /** Where the CLI keeps baselines, relative to the repository root. */
    public static final Path DEFAULT_ROOT = Path.of("reports", "baselines");

    private final Path root;

    public ResultStore(Path root) { this.root = root; }

    public Path root() { return root; }

    /** {@code root/<machine>/<commit>[-dirty]}: the folder of the runs of this machine and commit. */
    public Path folderFor(Provenance p) {
        return commitFolder(p.machine(), ProvenanceCollector.safeName(p.gitCommit()) + (Boolean.TRUE.equals(p.gitDirty()) ? "-dirty" : ""));
    }

    private Path commitFolder(String machine, String commitName) {
        return root.resolve(ProvenanceCollector.safeName(machine)).resolve(commitName);
    }

    /** Adds a record under its machine and commit and returns the new file; an existing entry is never replaced. */
    public Path save(RunRecord r) {
        Path dir = folderFor(r.provenance());
        byte[] json = RunRecordJson.toJson(r).getBytes(StandardCharsets.UTF_8);
        String stem = ProvenanceCollector.safeName(r.runId());
        for (int i = 1; ; i++) {
            Path file = dir.resolve((i == 1 ? stem : stem + "-" + i) + ".json");
            if (AtomicFiles.createNew(file, json)) return file;
        }
    }

    /** The stored runs of a clean commit on a machine, oldest first; empty when there are none. */
    public List<RunRecord> runs(String machine, String commit) {
        String name = ProvenanceCollector.safeName(commit);
        List<RunRecord> out = new ArrayList<>();
        Path legacy = root.resolve(ProvenanceCollector.safeName(machine)).resolve(name + ".json");
        if (Files.isRegularFile(legacy)) out.add(RunRecordStore.read(legacy));
        Path dir = commitFolder(machine, name);
        if (Files.isDirectory(dir)) scan(dir).entries().forEach(e -> out.add(e.record()));
        out.sort(Comparator.comparing(r -> r.provenance().createdAt()));
        return out;
    }

    /** A readable record and where it came from. */
    public record Entry(Path file, RunRecord record) {}

    /** A file that looked like a result but could not be read, with the one-sentence reason. */
    public record Skipped(Path file, String reason) {}

    /** Every record found under a directory, oldest first, plus the JSON files that were not records. */
    public record Scan(List<Entry> entries, List<Skipped> skipped) {
        public Scan {
            entries = List.copyOf(entries);
            skipped = List.copyOf(skipped);
        }
    }

    /**
     * Reads every {@code *.json} file below {@code dir} (a store root, one machine's or commit's
     * directory, or a {@code runs/} directory of run directories), ordered by creation time then
     * commit. Unreadable files are listed as skipped, so one stray file does not hide a whole
     * history; hidden files (a save's temporary files among them) are not read.
     */
    public static Scan scan(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new RecordException(dir + " is not a directory; pass a result store such as " + DEFAULT_ROOT + " or a runs directory.");
        }
        List<Path> files = new ArrayList<>();
        try {
            Files.walkFileTree(dir, Set.of(), 4, new SimpleFileVisitor<>() {
                @Override public FileVisitResult visitFile(Path p, BasicFileAttributes a) {
                    String name = p.getFileName().toString();
                    if (a.isRegularFile() && name.endsWith(".json") && !name.startsWith(".")) files.add(p);
                    return FileVisitResult.CONTINUE;
                }

                @Override public FileVisitResult visitFileFailed(Path p, IOException e) throws IOException {
                    // A writer's temporary file can vanish between listing and reading: that is not an error.
                    if (e instanceof NoSuchFileException) return FileVisitResult.CONTINUE;
                    throw e;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        files.sort(null);
        List<Entry> entries = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        for (Path f : files) {
            try {
                entries.add(new Entry(f, RunRecordStore.read(f)));
            } catch (RecordException e) {
                skipped.add(new Skipped(f, e.getMessage()));
            }
        }
        entries.sort(Comparator.comparing((Entry e) -> e.record().provenance().createdAt())
                .thenComparing(e -> e.record().provenance().gitCommit()).thenComparing(Entry::file));
        return new Scan(entries, skipped);
    }
}
