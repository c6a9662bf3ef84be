#!/usr/bin/env bash
# Everything the GPU issue needs from a GPU host, in one command (the host has no Java and no
# network): unpack the bundle, self-check every kernel, run it again under compute-sanitizer
# (memcheck, racecheck), benchmark LeNet and ResNet-18 at B = 128, run the PyTorch peer on the same
# shapes, and print the ratio table. Results go to $OUT (default ./gpu-out).
#   usage: scripts/gpu-run.sh [dist/flatbench-bundle.tgz]
set -uo pipefail
bundle="${1:-dist/flatbench-bundle.tgz}"
out="${OUT:-gpu-out}"
mkdir -p "$out"
work=$(mktemp -d)
tar -C "$work" -xzf "$bundle" || { echo "cannot unpack $bundle" >&2; exit 2; }
fb="$work/flatbench/bin/flatbench"
nvidia-smi > "$out/nvidia-smi.txt" 2>&1

"$fb" selfcheck > "$out/selfcheck.txt" 2>&1; echo "selfcheck exit $?" | tee -a "$out/summary.txt"
if command -v compute-sanitizer >/dev/null; then
  for tool in memcheck racecheck; do
    compute-sanitizer --tool "$tool" --target-processes all --error-exitcode 3 "$fb" selfcheck > "$out/sanitizer-$tool.txt" 2>&1
    echo "compute-sanitizer $tool exit $?" | tee -a "$out/summary.txt"
  done
fi
"$fb" bench --engine cuda --out "$work/runs" --quiet > "$out/bench.txt" 2>&1; echo "bench exit $?" | tee -a "$out/summary.txt"
cp "$work"/runs/*/result.json "$out/bench-cuda.json" 2>/dev/null
if python3 -c 'import torch' 2>/dev/null; then
  python3 "$work/flatbench/bench/torch_peer.py" > "$out/torch-peer.json" 2> "$out/torch-peer.log"
  echo "torch peer exit $?" | tee -a "$out/summary.txt"
  "$fb" peer "$out/bench-cuda.json" "$out/torch-peer.json" | tee "$out/ratio.md"
fi
