package flatbench.cuda.check;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import flatbench.cuda.engine.NetworkPlan;
import flatbench.model.ModelSpec;

/** The engine check's model must exercise every node kind, or the GPU check would miss one. */
class EngineCheckModelTest {
    @Test
    void allLayersModelUsesEveryNodeKind() {
        ModelSpec spec = EngineCheck.allLayers();
        Set<Class<?>> kinds = new HashSet<>();
        for (NetworkPlan.Node n : new NetworkPlan(spec).nodes()) kinds.add(n.getClass());
        assertEquals(NetworkPlan.Node.class.getPermittedSubclasses().length, kinds.size(), "kinds used: " + kinds);
    }
}
