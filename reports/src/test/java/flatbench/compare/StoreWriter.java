package flatbench.compare;

import java.nio.file.Path;

/**
 * Saves {@code count} records of one machine and commit into a result store, all under the same
 * run id (so every save but the first must find a fresh name); started as a separate JVM by
 * {@link ResultStoreConcurrencyTest}. Prints nothing: the test counts the files.
 */
public final class StoreWriter {
    public static void main(String[] args) {
        ResultStore store = new ResultStore(Path.of(args[0]));
        int count = Integer.parseInt(args[1]);
        String writer = args[2];
        for (int i = 0; i < count; i++) {
            store.save(ResultStoreTest.record("same-run", "m", "abc", false, "2026-01-01T00:00:00Z", 1 + i + 1000 * writer.hashCode() % 7));
        }
    }
}
