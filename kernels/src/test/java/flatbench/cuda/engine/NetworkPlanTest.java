package flatbench.cuda.engine;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import flatbench.cuda.engine.NetworkPlan.*;
import flatbench.model.ModelSpec;
import flatbench.model.Models;
import flatbench.model.ParamBlock;

class NetworkPlanTest {
    /** Offsets the plan gives, in node order, paired with the tensor sizes it implies. */
    private static List<long[]> planned(NetworkPlan plan) {
        List<long[]> out = new ArrayList<>();
        for (Node n : plan.nodes()) {
            if (n instanceof Dense d) {
                out.add(new long[] {d.weight(), (long) d.in() * d.out()});
                out.add(new long[] {d.bias(), d.out()});
            } else if (n instanceof Conv c) {
                out.add(new long[] {c.weight(), (long) c.layer().outChannels() * c.layer().inChannels() * c.layer().kernel() * c.layer().kernel()});
                if (c.bias() >= 0) out.add(new long[] {c.bias(), c.layer().outChannels()});
            } else if (n instanceof BatchNorm b) {
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
            NetworkPlan plan = new NetworkPlan(spec);
            List<ParamBlock> blocks = spec.parameterBlocks();
            List<long[]> got = planned(plan);
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
            NetworkPlan plan = new NetworkPlan(e.builder().get());
            Set<Integer> written = new HashSet<>(Set.of(0));
            for (Node n : plan.nodes()) {
                for (int src : sources(n)) assertTrue(written.contains(src), e.name() + ": " + n + " reads an unwritten slot");
                assertTrue(written.add(n.dst()), e.name() + ": slot " + n.dst() + " written twice");
            }
            assertEquals(plan.slots().size(), written.size());
            assertEquals(plan.spec().numClasses(), plan.slots().get(plan.logitsSlot()).size());
        }
    }

    @Test
    void resnetHasOneAddPerBlockAndThreeProjectionShortcuts() {
        NetworkPlan plan = new NetworkPlan(Models.resnet18());
        long adds = plan.nodes().stream().filter(n -> n instanceof Add).count();
        long oneByOne = plan.nodes().stream().filter(n -> n instanceof Conv c && c.layer().kernel() == 1).count();
        assertEquals(8, adds);
        assertEquals(3, oneByOne);
        // An identity shortcut adds the block input itself.
        assertTrue(plan.nodes().stream().anyMatch(n -> n instanceof Add a && plan.nodes().stream()
                .noneMatch(m -> m.dst() == a.b() && !(m instanceof Relu))));
    }

    static int[] sources(Node n) {
        if (n instanceof Dense d) return new int[] {d.src()};
        if (n instanceof Conv c) return new int[] {c.src()};
        if (n instanceof Relu r) return new int[] {r.src()};
        if (n instanceof MaxPool m) return new int[] {m.src()};
        if (n instanceof AvgPool a) return new int[] {a.src()};
        if (n instanceof GlobalAvgPool g) return new int[] {g.src()};
        if (n instanceof BatchNorm b) return new int[] {b.src()};
        Add a = (Add) n;
        return new int[] {a.a(), a.b()};
    }
}
