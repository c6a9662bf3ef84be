package flatbench.report;

import flatbench.compare.ResultStore;
import flatbench.compare.ResultStoreTest;
import flatbench.record.RecordException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class HistoryTest {
    @TempDir Path dir;

    private Path store() throws Exception {
        ResultStore store = new ResultStore(dir.resolve("baselines"));
        store.save(ResultStoreTest.record("m1", "c1", false, "2026-01-01T00:00:00Z", 1.0));
        store.save(ResultStoreTest.record("m1", "c2", false, "2026-01-02T00:00:00Z", 1.2));
        store.save(ResultStoreTest.record("m2", "c2", false, "2026-01-02T00:00:01Z", 0.5));
        Files.writeString(store.root().resolve("m1").resolve("broken.json"), "{\"schemaVersion\": 1, \"runId\"");
        return store.root();
    }

    @Test
    void trendPageHasOneChartPerBenchmarkAndListsSkippedFiles() throws Exception {
        Path root = store();
        Path out = History.render(root);
        assertEquals(root.resolve("history.html"), out);
        String html = Files.readString(out);
        assertEquals(1, HtmlReportTest.count(html, "<img "));
        assertTrue(html.contains("m1 · float64 · vv1"));
        assertTrue(html.contains("m2 · float64 · vv1"));
        assertTrue(html.contains("<h2>Skipped files</h2>"));
        assertTrue(html.contains("not a complete JSON document"));
        assertTrue(html.indexOf(">c1<") < html.indexOf(">c2<"), "oldest run first");
    }

    @Test
    void emptyDirectoryIsOneClearError() throws Exception {
        Files.createDirectories(dir.resolve("empty"));
        RecordException e = assertThrows(RecordException.class, () -> History.render(dir.resolve("empty")));
        assertTrue(e.getMessage().contains("holds no readable run record"), e.getMessage());
    }

    @Test
    void rendersInHeadlessChromium() throws Exception {
        Path browser = Chromium.find();
        Assumptions.assumeTrue(browser != null, "chromium is not installed");
        String dom = Chromium.dumpDom(browser, History.render(store()), dir.resolve("profile"));
        assertTrue(dom.contains("data-images=\"1/1\""), dom.substring(0, Math.min(400, dom.length())));
        assertTrue(dom.contains("data-errors=\"0\""));
    }
}
