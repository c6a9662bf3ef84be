package flatbench.network;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import flatbench.model.ModelSpec;
import flatbench.model.Models;
import flatbench.model.ParamBlock;

class GraphTest {
    /** Offsets the graph gives, in node order, paired with the tensor sizes it implies. */
    private static List<long[]> planned(Graph graph) {
        List<long[]> out = new ArrayList<>();
        for (Node n : graph.nodes()) {
            if (n instanceof Node.Dense d) {
                out.add(new long[] {d.weight(), (long) d.in() * d.out()});
                out.add(new long[] {d.bias(), d.out()});
            } else if (n instanceof Node.Conv c) {
                out.add(new long[] {c.weight(), c.shape(1).weightSize()});
                if (c.bias() >= 0) out.add(new long[] {c.bias(), c.layer().outChannels()});
            } else if (n instanceof Node.BatchNorm b) {
                out.add(new long[] {b.scale(), b.shape().channels()});
                out.add(new long[] {b.shift(), b.shape().channels()});
            }
        }
        return out;
    }

    @Test
    void parameterOffsetsMatchTheSpecsFlatLayoutForEveryCatalogueModel() {
        for (Models.Entry e : Models.entries()) {
            ModelSpec spec = e.builder().get();
            List<ParamBlock> blocks = spec.parameterBlocks();
            List<long[]> got = planned(Graph.of(spec));
            assertEquals(blocks.size(), got.size(), spec.name());
            for (int i = 0; i < blocks.size(); i++) {
                assertEquals(blocks.get(i).offset(), got.get(i)[0], spec.name() + " " + blocks.get(i));
                assertEquals(blocks.get(i).size(), got.get(i)[1], spec.name() + " " + blocks.get(i));
            }
        }
    }

    @Test
    void slotsAreWrittenOnceAndReadOnlyAfterBeingWritten() {
        for (Models.Entry e : Models.entries()) {
            Graph graph = Graph.of(e.builder().get());
            Set<Integer> written = new HashSet<>(Set.of(0));
            for (Node n : graph.nodes()) {
                for (int src : n.sources()) assertTrue(written.contains(src), e.name() + ": " + n + " reads an unwritten slot");
                assertTrue(written.add(n.dst()), e.name() + ": slot " + n.dst() + " written twice");
            }
            assertEquals(graph.slots().size(), written.size());
            assertEquals(graph.spec().numClasses(), graph.slots().get(graph.logitsSlot()).size());
        }
    }

    @Test
    void resnetHasOneAddPerBlockAndThreeProjectionShortcuts() {
        Graph graph = Graph.of(Models.resnet18());
        long adds = graph.nodes().stream().filter(n -> n instanceof Node.Add).count();
        long oneByOne = graph.nodes().stream().filter(n -> n instanceof Node.Conv c && c.layer().kernel() == 1).count();
        assertEquals(8, adds);
        assertEquals(3, oneByOne);
        // An identity shortcut adds the block input itself.
        assertTrue(graph.nodes().stream().anyMatch(n -> n instanceof Node.Add a && graph.nodes().stream()
                .noneMatch(m -> m.dst() == a.b() && !(m instanceof Node.Relu))));
    }
}
