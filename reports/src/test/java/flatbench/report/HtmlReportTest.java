package flatbench.report;

import flatbench.record.BenchmarkResult;
import flatbench.record.Direction;
import flatbench.record.Estimate;
import flatbench.record.GpuInfo;
import flatbench.record.PhaseTiming;
import flatbench.record.Provenance;
import flatbench.record.RunRecord;
import flatbench.record.RunRecordStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

class HtmlReportTest {
    @TempDir Path dir;

    static Provenance provenance() {
        return new Provenance("0123456789abcdef", true, 7, "reference", "float64", "jvm", "os", "cpu", "box",
                new GpuInfo("H100", "550", "12.4"), Map.of("hvp.cubin", "aa"), null, "with-replacement b=32", "bv1",
                "2026-01-01T00:00:00Z");
    }

    /** A run with every metric the report knows, σ²_k = 2 λ_k^0.7 exactly. */
    static RunRecord fullRecord() {
        int k = 20;
        double[] lambda = new double[k], sigma2 = new double[k], top = new double[k];
        for (int i = 0; i < k; i++) {
            lambda[i] = 100.0 / (i + 1);
            sigma2[i] = 2 * Math.pow(lambda[i], 0.7);
            top[i] = lambda[i];
        }
        double[] grid = new double[200], density = new double[200];
        for (int i = 0; i < 200; i++) {
            grid[i] = -5 + i * 0.6;
            density[i] = Math.exp(-grid[i] * grid[i] / 2) / Math.sqrt(2 * Math.PI);
        }
        return RunRecord.builder("run <1> & co", provenance())
                .config(Map.of("lr", 0.05, "model", "mlp"))
                .metric("hessian.topEigenvalues", top)
                .metric("hessian.trace", Estimate.of(321.5).withInterval(300, 343).toMap())
                .metric("hessian.curvatureData", Map.of("requested", "auto", "used", "train", "samples", 8000, "population", true))
                .metric("hessian.density", Map.of("grid", grid, "density", density, "sigma", 0.3))
                .metric("noise.gramEigenvalues", new double[]{5, 3, 1, 0.5, 0.01})
                .metric("noise.trace", 9.51)
                .metric("alignment.sigma2", Estimate.of(sigma2).withInterval(scaled(sigma2, 0.8), scaled(sigma2, 1.25)).toMap())
                .metric("alignment.lambda", lambda)
                .metric("alignment.sigma2VsLambdaSlope", Estimate.of(0.7).withInterval(0.6, 0.8).withHalves(0.65, 0.76).toMap(), "", Direction.NEITHER)
                .metric("alignment.splitHalf", Map.of("samples", new double[] {64, 64}, "moved", List.of("sigma2OverLambdaTop5"), "sufficient", false))
                .metric("alignment.sigma2VsLambdaIntercept", Math.log(2))
                .metric("alignment.sigma2VsLambdaR2", 1.0)
                .metric("alignment.overlapTopK", 0.83, "", Direction.HIGHER)
                .metric("training.finalLoss", 0.123, "nats", Direction.LOWER)
                .timings(Map.of("hvp", PhaseTiming.ofSamples(0.2, 0.3), "lanczos", PhaseTiming.ofSamples(1.5)))
                .benchmark(BenchmarkResult.of("hvp", "v1", "s", "box", "float64", 0.2, 0.3))
                .array("alignment_sigma2.npy")
                .build();
    }

    private static double[] scaled(double[] a, double f) {
        double[] r = a.clone();
        for (int i = 0; i < r.length; i++) r[i] *= f;
        return r;
    }

    static int count(String text, String needle) {
        return text.split(Pattern.quote(needle), -1).length - 1;
    }

    @Test
    void fullRunGivesOneSelfContainedPage() throws Exception {
        RunRecordStore.write(dir, fullRecord());
        Path out = HtmlReport.render(dir);
        assertEquals(dir.resolve("report.html"), out);
        String html = Files.readString(out);
        // five charts: top eigenvalues, density, Gram spectrum, σ² against λ, time per phase
        assertEquals(5, count(html, "<img "), html.length() + " chars");
        assertEquals(5, count(html, "src=\"data:image/png;base64,"));
        assertFalse(Pattern.compile("(src|href)=\"(https?:)?//").matcher(html).find(), "page must not load anything from the network");
        assertTrue(html.contains("run &lt;1&gt; &amp; co"), "run id is escaped");
        assertTrue(html.contains("alignment.overlapTopK"));
        assertTrue(html.contains("training.finalLoss"));
        assertTrue(html.contains("nats (lower is better)"));
        assertTrue(html.contains("slope 0.7"));
        assertTrue(html.contains("the run's least-squares fit has slope 0.7000 [0.6000, 0.8000]; halves 0.6500 / 0.7600"),
                "caption gives the recorded slope with its interval");
        assertTrue(html.contains("with 95% bootstrap intervals"), "σ² carries its intervals into the chart");
        assertTrue(html.contains("Estimates with their uncertainty"));
        assertTrue(html.contains("<td>[0.6, 0.8]</td>") && html.contains(">0.65 / 0.76</td>"), "interval and split halves in the table");
        assertTrue(html.contains("Trace (Hutchinson estimate, 95% interval over the probes): <b>321.5 [300.0, 343.0]</b>"));
        assertTrue(html.contains("Measured on the whole training set (8000 samples)"));
        assertTrue(html.contains("<b>Split-half check:</b> sigma2OverLambdaTop5 moved"));
        assertTrue(html.contains("0123456789ab"));
        assertTrue(html.contains("H100"));
        assertFalse(html.contains("could not be drawn"), "every chart rendered");
    }

    @Test
    void missingMetricsAreLeftOutWithoutError() throws Exception {
        RunRecordStore.write(dir, RunRecord.builder("bare", provenance())
                .metric("alignment.sigma2", new double[]{1, 2}) // lambda missing: no alignment chart
                .metric("hessian.density.grid", new double[]{1, 2, 3}) // density missing: no density chart
                .build());
        String html = Files.readString(HtmlReport.render(dir));
        assertEquals(0, count(html, "<img "));
        assertFalse(html.contains("<h2>Noise against curvature</h2>"));
        assertTrue(html.contains("<h2>Provenance</h2>"));
    }

    @Test
    void nonFiniteValuesAreDroppedFromChartsNotFatal() throws Exception {
        RunRecordStore.write(dir, RunRecord.builder("nan", provenance())
                .metric("hessian.topEigenvalues", new double[]{5, Double.NaN, 1})
                .metric("noise.gramEigenvalues", new double[]{Double.NaN})
                .metric("hessian.trace", "not a number")
                .build());
        String html = Files.readString(HtmlReport.render(dir));
        assertEquals(1, count(html, "<img "));
        assertTrue(html.contains("could not be drawn: there are no finite values to plot"));
        assertFalse(html.contains("Trace (Hutchinson"), "a non-numeric trace is left out");
    }

    @Test
    void rendersInHeadlessChromium() throws Exception {
        Path browser = Chromium.find();
        org.junit.jupiter.api.Assumptions.assumeTrue(browser != null, "chromium is not installed");
        RunRecordStore.write(dir, fullRecord());
        Path page = HtmlReport.render(dir);
        String dom = Chromium.dumpDom(browser, page, dir.resolve("profile"));
        Matcher m = Pattern.compile("id=\"selfcheck\"[^>]*").matcher(dom);
        assertTrue(m.find(), "self-check element missing from the DOM: " + dom.substring(0, Math.min(500, dom.length())));
        String attrs = m.group();
        assertTrue(attrs.contains("data-images=\"5/5\""), "all five images decode: " + attrs);
        assertTrue(attrs.contains("data-errors=\"0\""), "no script errors: " + attrs);
    }
}
