package flatbench.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import flatbench.model.ModelSpec;
import flatbench.model.Models;
import flatbench.model.ParamBlock;

class PlanTest {

    @Test void idsAreDenseAndUniqueAndParametersFollowTheFlatLayout() {
        for (ModelSpec spec : List.of(TestModels.residual(), Models.resnet18(), Models.smallCnn())) {
            Plan plan = Plan.of(spec);
            Set<Integer> ids = new HashSet<>();
            collect(plan.steps(), ids);
            assertEquals(plan.stepCount(), ids.size(), spec.name());
            for (int i = 0; i < plan.stepCount(); i++) assertTrue(ids.contains(i), spec.name() + " misses id " + i);
            List<ParamBlock> blocks = new ArrayList<>();
            for (Plan.Step s : plan.parametrised()) blocks.addAll(s.params());
            assertEquals(spec.parameterBlocks(), blocks, spec.name());
        }
    }

    @Test void unpackSlicesTheFlatVectorPerStep() {
        ModelSpec spec = TestModels.residual();
        Plan plan = Plan.of(spec);
        double[] flat = new double[(int) spec.parameterCount()];
        for (int i = 0; i < flat.length; i++) flat[i] = i;
        double[][][] t = plan.unpack(flat);
        for (Plan.Step s : plan.parametrised()) {
            for (int k = 0; k < s.params().size(); k++) {
                ParamBlock b = s.params().get(k);
                assertEquals(b.size(), t[s.id()][k].length);
                assertArrayEquals(java.util.Arrays.copyOfRange(flat, (int) b.offset(), (int) (b.offset() + b.size())), t[s.id()][k], 0.0);
            }
        }
    }

    private static void collect(List<Plan.Step> steps, Set<Integer> ids) {
        for (Plan.Step s : steps) {
            assertTrue(ids.add(s.id()), "id " + s.id() + " used twice");
            collect(s.main(), ids);
            collect(s.shortcut(), ids);
        }
    }
}
