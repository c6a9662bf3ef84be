#!/usr/bin/env bash
# Builds dist/: a self-contained flatbench for GPU hosts that have no Java and no network.
# A jlink'd runtime, the project's jars and their dependencies WITHOUT ND4J/DL4J (the GPU path
# never loads them), the kernel binaries (inside the kernels jar) and bin/flatbench.
set -euo pipefail
cd "$(dirname "$0")/.."
out=dist/flatbench
rm -rf dist && mkdir -p "$out/lib" "$out/bin"

[ -f suite/target/flatbench-suite.jar ] || { echo "build first: make build" >&2; exit 2; }
ls kernels/target/classes/flatbench/cuda/kernels/*.fatbin >/dev/null 2>&1 \
  || { echo "the kernels were not compiled (nvcc missing?): run 'make kernels' first" >&2; exit 2; }

# Every runtime jar except the DL4J engine's: ND4J, DL4J, JavaCPP, OpenBLAS and what only they need.
for m in suite kernels reports; do
  mvn -B -q -pl $m dependency:build-classpath -Dmdep.outputFile="$PWD/dist/$m.cp" -DincludeScope=runtime >/dev/null
done
keep() { grep -E '/(picocli|ejml-[a-z]+|slf4j-(api|nop))-[0-9.]+\.jar$' ; }
{ cat dist/kernels.cp; echo; cat dist/reports.cp; echo; tr ':' '\n' < dist/suite.cp | keep; } | tr ':' '\n' | grep -v '^$' | sort -u | while read -r jar; do
  case "$jar" in
    */org/nd4j/*|*/org/deeplearning4j/*|*/org/bytedeco/*) echo "refusing to bundle $jar" >&2; exit 1 ;;
  esac
  cp "$jar" "$out/lib/"
done
cp suite/target/flatbench-suite.jar kernels/target/flatbench-kernels-*.jar reports/target/flatbench-reports-*.jar "$out/lib/"
rm -f dist/*.cp

# The runtime: only the modules the GPU path needs (java.desktop draws the report's charts).
jlink --add-modules java.base,java.logging,java.management,jdk.unsupported,java.xml,java.desktop \
  --strip-debug --no-man-pages --no-header-files --compress=2 --output "$out/runtime"

cp bin/flatbench "$out/bin/flatbench"
chmod +x "$out/bin/flatbench"
[ -f bench/torch_peer.py ] && mkdir -p "$out/bench" && cp bench/torch_peer.py "$out/bench/"
tar -C dist -czf dist/flatbench-bundle.tgz flatbench
size=$(du -m dist/flatbench-bundle.tgz | cut -f1)
echo "dist/flatbench-bundle.tgz: ${size} MiB ($(ls "$out/lib" | wc -l) jars, no ND4J)"
[ "$size" -lt 60 ] || { echo "the bundle is ${size} MiB, over the 60 MiB budget" >&2; exit 1; }
