package flatbench.engine;

/**
 * What an engine can do, recorded in every result so a number is never read without knowing
 * how it was computed.
 *
 * @param hvpMethod  how {@link Engine#hessianVector} is computed, e.g. "r-operator" or
 *                   "central-differences-float64"
 * @param exactHvp   true when Hessian-vector products are exact up to rounding
 * @param gaussNewton true when {@link Engine#gaussNewtonVector} is available
 * @param float64    true when the engine can run in float64
 * @param gramMethod how {@link Engine#gram} is computed, e.g. "per-layer ghost/explicit"
 */
public record Capabilities(String hvpMethod, boolean exactHvp, boolean gaussNewton, boolean float64, String gramMethod) {}
