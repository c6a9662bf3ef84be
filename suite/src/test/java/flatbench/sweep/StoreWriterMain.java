package flatbench.sweep;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** A separate process that publishes every run of a plan into a store in its own random order (SweepStoreTest). */
public final class StoreWriterMain {
    public static void main(String[] args) {
        SweepStore store = new SweepStore(Path.of(args[0]));
        SweepPlan plan = store.readPlan();
        String writer = args[1];
        List<SweepRun> runs = new ArrayList<>(plan.runs());
        Collections.shuffle(runs, new Random(writer.hashCode()));
        for (SweepRun r : runs) {
            FakeResults.publish(store, r, writer, FakeResults.metrics(r.config().get(flatbench.scenario.RunSettings.LEARNING_RATE),
                    r.config().get(flatbench.scenario.RunSettings.SEED)));
        }
    }
}
