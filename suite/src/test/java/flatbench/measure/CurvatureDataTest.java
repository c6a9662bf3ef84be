package flatbench.measure;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import flatbench.engine.EngineProvider;
import flatbench.engine.Engines;

/** The --curvature-data help and the split-half advice say what is true of the engines and the data. */
class CurvatureDataTest {
    /** Every engine found here with exact products is named where the help lists them. */
    @Test void theHelpNamesEveryEngineWithExactProducts() {
        String list = CurvatureData.HELP.substring(CurvatureData.HELP.indexOf("are exact ("));
        list = list.substring(0, list.indexOf(')'));
        for (String engine : new String[] {"cpu", "java", "cuda"}) assertTrue(list.contains(engine), engine + " in: " + list);
        assertFalse(list.contains("dl4j"), "dl4j's Hessian products are finite differences");
        for (EngineProvider p : Engines.providers()) {
            if (p.name().equals("cpu") || p.name().equals("java")) assertTrue(list.contains(p.name()), p.name());
        }
    }

    @Test void theAdviceNamesMoreCurvatureDataAndWhyTheHalvesOverstate() {
        var sample = new CurvatureData.Resolved(new CurvatureData(CurvatureData.Kind.SAMPLE, 512), new CurvatureData(CurvatureData.Kind.SAMPLE, 512), 512, false);
        String a = CurvatureData.whenHalvesDisagree(sample, 8000, true);
        assertTrue(a.contains("each half has 256"), a);
        assertTrue(a.contains("--curvature-data 2048") && a.contains("--curvature-data train (all 8000 training samples"), a);
        assertFalse(a.contains("noise samples,"), "more noise samples would not help: " + a);
        String near = CurvatureData.whenHalvesDisagree(new CurvatureData.Resolved(CurvatureData.AUTO, CurvatureData.NOISE, 3000, false), 8000, true);
        assertFalse(near.contains("--curvature-data 12000"), "never more than the training set: " + near);
        assertTrue(near.contains("the noise batch"), near);
        String fd = CurvatureData.whenHalvesDisagree(sample, 8000, false);
        assertTrue(fd.contains("--engine cpu or java") && fd.contains("--curvature ggn"), "finite-difference products: " + fd);
    }
}
