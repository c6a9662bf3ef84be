package flatbench.compare;

import flatbench.record.Provenance;
import flatbench.record.ProvenanceCollector;
import flatbench.record.RecordException;
import flatbench.record.RunRecord;
import flatbench.record.RunRecordStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Results kept as plain files keyed by machine and commit, as asv and google/benchmark keep them:
 * <pre>
 * reports/baselines/
 *   &lt;machine&gt;/                  machine name from the record's provenance (FLATBENCH_MACHINE or host name)
 *     &lt;commit&gt;.json             a run record (the same JSON as runs/&lt;run-id&gt;/result.json)
 *     &lt;commit&gt;-dirty.json       a run from a working tree with uncommitted changes
 * </pre>
 * A later run of the same machine and commit replaces the earlier file. Files are written atomically.
 */
public final class ResultStore {
    /** Where the CLI keeps baselines, relative to the repository root. */
    public static final Path DEFAULT_ROOT = Path.of("reports", "baselines");

    private final Path root;

    public ResultStore(Path root) { this.root = root; }

    public Path root() { return root; }

    /** {@code root/<machine>/<commit>[-dirty].json} for a record with this provenance. */
    public Path pathFor(Provenance p) {
        String commit = ProvenanceCollector.safeName(p.gitCommit()) + (Boolean.TRUE.equals(p.gitDirty()) ? "-dirty" : "");
        return root.resolve(ProvenanceCollector.safeName(p.machine())).resolve(commit + ".json");
    }

    /** Stores a record under its machine and commit and returns the file. */
    public Path save(RunRecord r) {
        Path file = pathFor(r.provenance());
        RunRecordStore.writeFile(file, r);
        return file;
    }

    /** The stored record of a clean commit on a machine, if any. */
    public Optional<RunRecord> find(String machine, String commit) {
        Path file = root.resolve(ProvenanceCollector.safeName(machine)).resolve(ProvenanceCollector.safeName(commit) + ".json");
        return Files.isRegularFile(file) ? Optional.of(RunRecordStore.read(file)) : Optional.empty();
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
     * Reads every {@code *.json} file below {@code dir} (a store root, one machine's directory, or a
     * {@code runs/} directory of run directories), ordered by creation time then commit. Unreadable
     * files are listed as skipped, so one stray file does not hide a whole history.
     */
    public static Scan scan(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new RecordException(dir + " is not a directory; pass a result store such as " + DEFAULT_ROOT + " or a runs directory.");
        }
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir, 4)) {
            files = s.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".json")
                    && !p.getFileName().toString().startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
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
