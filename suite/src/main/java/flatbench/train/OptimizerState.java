package flatbench.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an optimizer carries from one step to the next, as host arrays by name, e.g. heavy-ball
 * momentum's {@code velocity}; saved in a checkpoint and restored on resume. An optimizer with
 * more state (Adam's moments) adds buffers under its own names.
 *
 * @param kind    the optimizer that wrote it; restoring into another kind is refused
 * @param buffers parameter-sized arrays (flat layout of the model spec)
 */
public record OptimizerState(String kind, Map<String, double[]> buffers) {
    public OptimizerState {
        buffers = Collections.unmodifiableMap(new LinkedHashMap<>(buffers));
    }
}
