/**
 * Runs the benchmark that api's {@link flatbench.benchmark} defines: {@link
 * flatbench.benchmark.run.BenchRunner} times one fork in this JVM or starts {@code --forks} fresh
 * JVMs through {@link flatbench.benchmark.run.Forks} ({@link flatbench.benchmark.run.ForkCommand}
 * says how to start one) and writes the pooled run record; {@link
 * flatbench.benchmark.run.WallClockHarness} is the host harness that times a fork where the engine
 * brings none of its own; {@link flatbench.benchmark.run.RefBuild} builds another git ref so that
 * {@code compare --run} can fork both sides; {@link flatbench.benchmark.run.TorchPeer} runs the
 * PyTorch peer on the same shapes.
 *
 * <p>Why three places hold benchmarking code: the definition (work names, inputs, version hash,
 * warm-up rule, median) is in api so that every harness reads one copy; each harness lives with
 * what it times (the CUDA-event harness needs the CUDA engine's internals, so it is in
 * {@code flatbench.cuda.engine}); starting JVMs, building refs and writing records needs the suite.
 */
package flatbench.benchmark.run;
