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
}
