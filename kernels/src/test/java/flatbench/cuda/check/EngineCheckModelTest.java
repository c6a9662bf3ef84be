package flatbench.cuda.check;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import flatbench.network.Graph;
import flatbench.network.Node;
import flatbench.model.ModelSpec;

/** The engine check's model must exercise every node kind, or the GPU check would miss one. */
class EngineCheckModelTest {
    @Test
    void allLayersModelUsesEveryNodeKind() {
        ModelSpec spec = EngineCheck.allLayers();
        Set<Class<?>> kinds = new HashSet<>();
        for (Node n : Graph.of(spec).nodes()) kinds.add(n.getClass());
        assertEquals(Node.class.getPermittedSubclasses().length, kinds.size(), "kinds used: " + kinds);
    }
}
