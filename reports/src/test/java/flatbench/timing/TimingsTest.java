package flatbench.timing;

import flatbench.record.PhaseTiming;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class TimingsTest {
    @Test
    void snapshotAgreesWithRawSamples() {
        Timings t = new Timings();
        t.record("hvp", 500_000_000L);
        t.record("hvp", 250_000_000L);
        t.record("hvp", 1_000_000_000L);
        t.record("data", 1_000L);
        Map<String, PhaseTiming> snap = t.snapshot();
        assertEquals(java.util.List.of("data", "hvp"), java.util.List.copyOf(snap.keySet()));
        PhaseTiming hvp = snap.get("hvp");
        assertArrayEquals(new double[]{0.5, 0.25, 1.0}, hvp.samplesSeconds(), 1e-12);
        assertEquals(3, hvp.count());
        assertEquals(1.75, hvp.totalSeconds(), 1e-9);
        assertEquals(1.75 / 3, hvp.meanSeconds(), 1e-9);
        assertEquals(1.0, hvp.maxSeconds(), 1e-12);
    }

    @Test
    void timeAndStopwatchRecordOneSampleEach() {
        Timings t = new Timings();
        assertEquals(7, t.time("a", () -> 7));
        t.time("a", () -> { });
        try (Timings.Stopwatch s = t.start("b")) {
            s.close(); // a second close must not record twice
        }
        assertEquals(2, t.snapshot().get("a").count());
        assertEquals(1, t.snapshot().get("b").samplesSeconds().length);
        assertThrows(IllegalStateException.class, () -> t.time("c", (Runnable) () -> { throw new IllegalStateException(); }));
        assertEquals(1, t.snapshot().get("c").count(), "a failed phase still counts its time");
    }

    @Test
    void prometheusTextFollowsTheExpositionFormat() {
        SimpleMeterRegistry reg = new SimpleMeterRegistry();
        Timings t = new Timings(reg);
        t.record("hvp", 500_000_000L);
        t.record("hvp", 250_000_000L);
        t.record("say \"hi\"", 1_000_000_000L);
        reg.counter("flatbench.samples", "engine", "cuda").increment(3);
        io.micrometer.core.instrument.Gauge.builder("flatbench.lr", () -> 0.125).register(reg);
        String text = t.prometheusText();
        assertTrue(text.contains("# TYPE flatbench_phase_seconds summary\n"), text);
        assertTrue(text.contains("flatbench_phase_seconds_count{phase=\"hvp\"} 2\n"), text);
        assertTrue(text.contains("flatbench_phase_seconds_sum{phase=\"hvp\"} 0.75\n"), text);
        assertTrue(text.contains("flatbench_phase_seconds_count{phase=\"say \\\"hi\\\"\"} 1\n"), text);
        assertTrue(text.contains("# TYPE flatbench_samples_total counter\nflatbench_samples_total{engine=\"cuda\"} 3\n"), text);
        assertTrue(text.contains("# TYPE flatbench_lr gauge\nflatbench_lr 0.125\n"), text);
        // every non-comment line is "name{labels} value"
        for (String line : text.split("\n")) {
            if (!line.startsWith("#")) assertTrue(line.matches("[a-zA-Z_:][a-zA-Z0-9_:]*(\\{.*})? \\S+"), line);
        }
    }
}
