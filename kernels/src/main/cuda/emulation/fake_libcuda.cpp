// A CPU stand-in for libcuda.so.1, for testing the kernels and their whole Java host stack
// (JCuda → CudaContext → bindings → engine → SelfCheck) on machines without a GPU. It
// implements the driver calls flatbench makes; kernels come from the generated all_kernels.cpp.
// Device memory is host memory placed against a PROT_NONE guard page, so reading or writing
// past the end of an allocation faults instead of passing silently. Launches are synchronous.
// It proves index arithmetic and host logic, not GPU memory-model behaviour or speed.
//
// Stricter than a sequential run, so that kernels correct only by the emulator's luck fail:
// - fresh allocations are poisoned with 0xFF bytes (a float NaN, an int -1): a kernel that reads
//   memory nobody wrote produces NaN and fails its check;
// - blocks run in a random order, and a block's threads resume in a random order after each
//   barrier (seeded: FLATBENCH_EMU_SEED, default 1), so order-dependent results show;
// - inter-block write conflicts are detected: the memory a block changed is diffed against a
//   snapshot, and a 32-bit word changed by two blocks of one launch other than through
//   atomicAdd fails the launch (CUDA_ERROR_LAUNCH_FAILED) with a line on stderr naming the
//   kernel, the blocks and the allocation offset. Launches too large to diff are counted
//   (FLATBENCH_EMU_REPORT=1 prints the counts at exit; FLATBENCH_EMU_DIFF_BUDGET sets the size).
#include "fake_cuda.h"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <unordered_set>
#include <vector>
#include <sys/mman.h>
#include <csetjmp>
#include <setjmp.h>
#include <ucontext.h>

struct Kernel { const char* name; void (*launch)(void** params); int arity; unsigned writable; };
extern const Kernel KERNELS[];
extern const int KERNEL_COUNT;

uint3 threadIdx, blockIdx;
dim3 blockDim, gridDim;

namespace {
// Every CUDA thread of the running block is a ucontext coroutine on its own stack. A thread
// runs until it reaches a barrier or returns; when every live thread has done one or the
// other, the barrier opens and the waiting threads run on. One OS thread, deterministic.
constexpr int MAX_THREADS = 256;
constexpr int WARP = 32;
constexpr size_t STACK = 256 << 10;

enum State { FRESH, RUNNING, WAITING, DONE };
void (*launchFn)(void**);
void** launchParams;
// A coroutine starts through makecontext/swapcontext once; every later switch is
// _setjmp/_longjmp, which skips the signal-mask system calls of swapcontext.
ucontext_t starter;
ucontext_t threads[MAX_THREADS];
jmp_buf schedulerJump;
jmp_buf threadJump[MAX_THREADS];
State state[MAX_THREADS];
char* stacks[MAX_THREADS];
bool prepared[MAX_THREADS];
float shuffle[MAX_THREADS];

void entry() {
    launchFn(launchParams);
    state[threadIdx.x] = DONE;
    _longjmp(schedulerJump, 1);
}

void barrier() {
    int t = threadIdx.x;
    state[t] = WAITING;
    if (!_setjmp(threadJump[t])) _longjmp(schedulerJump, 1);
}

void resume(unsigned t) {
    threadIdx = {t, 0, 0};
    if (_setjmp(schedulerJump)) return;
    if (state[t] == FRESH) {
        state[t] = RUNNING;
        swapcontext(&starter, &threads[t]);
    } else {
        state[t] = RUNNING;
        _longjmp(threadJump[t], 1);
    }
}

// A small, fast, seedable generator (splitmix64): the order of blocks and threads.
uint64_t rngState = 0;
bool rngSeeded = false;
uint64_t nextRandom() {
    if (!rngSeeded) {
        const char* s = getenv("FLATBENCH_EMU_SEED");
        rngState = s ? strtoull(s, nullptr, 10) : 1;
        rngSeeded = true;
    }
    uint64_t z = (rngState += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

template <class T> void shuffleInPlace(std::vector<T>& v) {
    for (size_t i = v.size(); i > 1; i--) std::swap(v[i - 1], v[nextRandom() % i]);
}

void runBlock(unsigned threadsPerBlock) {
    for (unsigned t = 0; t < threadsPerBlock; t++) {
        if (!prepared[t]) {
            stacks[t] = new char[STACK];
            getcontext(&threads[t]);
            prepared[t] = true;
        }
        threads[t].uc_stack.ss_sp = stacks[t];
        threads[t].uc_stack.ss_size = STACK;
        threads[t].uc_link = nullptr;
        makecontext(&threads[t], entry, 0);
        state[t] = FRESH;
    }
    std::vector<unsigned> order(threadsPerBlock);
    for (unsigned t = 0; t < threadsPerBlock; t++) order[t] = t;
    for (;;) {
        bool anyWaiting = false;
        shuffleInPlace(order);
        for (unsigned t : order) {
            if (state[t] == DONE) continue;
            resume(t);
            anyWaiting |= state[t] == WAITING;
        }
        if (!anyWaiting) return;
    }
}

struct Allocation { void* mapping; size_t mappingLength; size_t bytes; };
std::map<uintptr_t, Allocation> allocations;  // user pointer → its mapping and size

// Inter-block write-conflict detection. Words updated through atomicAdd during the launch are
// exempt: concurrent atomic updates are the intended way for blocks to share an output.
bool trackingAtomics = false;
std::unordered_set<uintptr_t> atomicWords;
// Diffing costs (allocated words) × (blocks) per launch; above this budget the launch is not
// diffed. FLATBENCH_EMU_DIFF_BUDGET overrides it (0 turns the check off).
double diffBudgetWords() {
    static double budget = [] {
        const char* s = getenv("FLATBENCH_EMU_DIFF_BUDGET");
        return s ? strtod(s, nullptr) : 2e8;
    }();
    return budget;
}
long launchesDiffed = 0, launchesTooLarge = 0, conflictsFound = 0;

struct Snapshot {
    uintptr_t base;
    size_t words;
    std::vector<uint32_t> before;
    std::vector<int64_t> writer;  // linear block index that last changed the word in this launch, or -1
};

void reportAtExit() {
    if (getenv("FLATBENCH_EMU_REPORT")) {
        fprintf(stderr, "emulator: %ld launches diffed for inter-block write conflicts, %ld too large to diff, %ld conflicts\n",
                launchesDiffed, launchesTooLarge, conflictsFound);
    }
}
}  // namespace

void __syncthreads() { barrier(); }

// A block-wide barrier stands in for the warp's: the kernels shuffle in warp-uniform code
// where every live thread of the block takes part (whole warps exit before, never some lanes).
float __shfl_down_sync(unsigned, float value, int delta) {
    int lane = threadIdx.x % WARP;
    shuffle[threadIdx.x] = value;
    barrier();
    float r = lane + delta < WARP ? shuffle[threadIdx.x + delta] : value;
    barrier();
    return r;
}

float atomicAdd(float* address, float value) {
    if (trackingAtomics) atomicWords.insert((uintptr_t)address & ~(uintptr_t)3);
    float old = *address;
    *address = old + value;
    return old;
}

extern "C" {
typedef int CUresult;
typedef unsigned long long CUdeviceptr;
enum { OK = 0, INVALID_VALUE = 1, OUT_OF_MEMORY = 2, NOT_FOUND = 500 };

CUresult cuInit(unsigned) { return OK; }
CUresult cuDriverGetVersion(int* v) { *v = 13000; return OK; }
CUresult cuDeviceGetCount(int* n) { *n = 1; return OK; }
CUresult cuDeviceGet(int* d, int ordinal) { *d = ordinal; return ordinal == 0 ? OK : INVALID_VALUE; }
CUresult cuDeviceGetName(char* name, int len, int) { snprintf(name, len, "CPU emulator (flatbench fake libcuda)"); return OK; }
CUresult cuDeviceGetAttribute(int* v, int, int) { *v = 0; return OK; }
CUresult cuDevicePrimaryCtxRetain(void** ctx, int) { static int c; *ctx = &c; return OK; }
CUresult cuDevicePrimaryCtxRelease_v2(int) { return OK; }
CUresult cuCtxSetCurrent(void*) { return OK; }
CUresult cuStreamCreate(void** s, unsigned) { static int st; *s = &st; return OK; }
CUresult cuStreamSynchronize(void*) { return OK; }
CUresult cuStreamDestroy_v2(void*) { return OK; }
CUresult cuModuleLoadData(void** m, const void*) { static int mod; *m = &mod; return OK; }
CUresult cuModuleLoadDataEx(void** m, const void* image, unsigned, void*, void**) { return cuModuleLoadData(m, image); }
CUresult cuModuleUnload(void*) { return OK; }

CUresult cuModuleGetFunction(const Kernel** f, void*, const char* name) {
    for (int i = 0; i < KERNEL_COUNT; i++) {
        if (strcmp(KERNELS[i].name, name) == 0) { *f = &KERNELS[i]; return OK; }
    }
    return NOT_FOUND;
}

CUresult cuLaunchKernel(const Kernel* f, unsigned gx, unsigned gy, unsigned gz, unsigned bx, unsigned by, unsigned bz,
                        unsigned, void*, void** params, void**) {
    if (bx == 0 || bx > MAX_THREADS || by != 1 || bz != 1 || gx == 0 || gy == 0 || gz == 0) return INVALID_VALUE;
    static bool registered = false;
    if (!registered) { atexit(reportAtExit); registered = true; }
    launchFn = f->launch;
    launchParams = params;
    blockDim = {bx, by, bz};
    gridDim = {gx, gy, gz};
    uint64_t blocks = (uint64_t)gx * gy * gz;
    std::vector<uint64_t> order(blocks);
    for (uint64_t i = 0; i < blocks; i++) order[i] = i;
    shuffleInPlace(order);

    // Only what the kernel may write is diffed: the allocations its non-const pointers point into.
    std::vector<std::pair<uintptr_t, size_t>> targets;  // (start, words)
    size_t words = 0;
    for (int i = 0; i < f->arity; i++) {
        if (!(f->writable >> i & 1)) continue;
        uintptr_t ptr = *(uintptr_t*)params[i];
        auto it = allocations.upper_bound(ptr);
        if (it == allocations.begin()) continue;
        --it;
        if (ptr >= it->first + it->second.bytes) continue;
        bool seen = false;
        for (auto& t : targets) seen |= t.first == it->first;
        if (seen) continue;
        targets.push_back({it->first, it->second.bytes / 4});
        words += it->second.bytes / 4;
    }
    bool diff = blocks > 1 && !targets.empty() && (double)words * blocks <= diffBudgetWords();
    std::vector<Snapshot> snaps;
    if (diff) {
        launchesDiffed++;
        for (auto& t : targets) {
            Snapshot s{t.first, t.second, {}, {}};
            s.before.assign((uint32_t*)t.first, (uint32_t*)t.first + s.words);
            s.writer.assign(s.words, -1);
            snaps.push_back(std::move(s));
        }
        atomicWords.clear();
        trackingAtomics = true;
    } else if (blocks > 1 && !targets.empty()) {
        launchesTooLarge++;
    }
    bool conflict = false;
    for (uint64_t linear : order) {
        blockIdx = {(unsigned)(linear % gx), (unsigned)(linear / gx % gy), (unsigned)(linear / ((uint64_t)gx * gy))};
        runBlock(bx);
        if (!diff) continue;
        for (Snapshot& s : snaps) {
            uint32_t* now = (uint32_t*)s.base;
            for (size_t w = 0; w < s.words; w++) {
                if (now[w] == s.before[w]) continue;
                if (s.writer[w] >= 0 && s.writer[w] != (int64_t)linear && !atomicWords.count(s.base + 4 * w)) {
                    if (!conflict) {
                        fprintf(stderr, "emulator: blocks %lld and %lld of %s both wrote word %zu of the %zu-byte allocation at %p without atomicAdd\n",
                                (long long)s.writer[w], (long long)linear, f->name, w, s.words * 4, (void*)s.base);
                    }
                    conflict = true;
                }
                s.writer[w] = (int64_t)linear;
                s.before[w] = now[w];
            }
        }
    }
    trackingAtomics = false;
    if (conflict) {
        conflictsFound++;
        return 719;  // CUDA_ERROR_LAUNCH_FAILED
    }
    return OK;
}

CUresult cuMemAlloc_v2(CUdeviceptr* p, size_t bytes) {
    size_t page = 4096, body = (bytes + page - 1) / page * page;
    void* map = mmap(nullptr, body + page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (map == MAP_FAILED) return OUT_OF_MEMORY;
    mprotect((char*)map + body, page, PROT_NONE);
    // Allocation sizes are multiples of 256, so the end-aligned pointer stays 256-aligned.
    char* user = (char*)map + (body - bytes);
    // Poison: a read of memory nobody wrote gives NaN (floats) or -1 (ints), never a lucky zero.
    memset(user, 0xFF, bytes);
    allocations[(uintptr_t)user] = {map, body + page, bytes};
    *p = (CUdeviceptr)user;
    return OK;
}

CUresult cuMemFree_v2(CUdeviceptr p) {
    auto it = allocations.find((uintptr_t)p);
    if (it == allocations.end()) return INVALID_VALUE;
    munmap(it->second.mapping, it->second.mappingLength);
    allocations.erase(it);
    return OK;
}

CUresult cuMemGetInfo_v2(size_t* free, size_t* total) { *free = *total = 8ull << 30; return OK; }
CUresult cuMemcpyHtoD_v2(CUdeviceptr d, const void* h, size_t n) { memcpy((void*)d, h, n); return OK; }
CUresult cuMemcpyDtoH_v2(void* h, CUdeviceptr d, size_t n) { memcpy(h, (void*)d, n); return OK; }
CUresult cuMemcpyHtoDAsync_v2(CUdeviceptr d, const void* h, size_t n, void*) { return cuMemcpyHtoD_v2(d, h, n); }
CUresult cuMemcpyDtoHAsync_v2(void* h, CUdeviceptr d, size_t n, void*) { return cuMemcpyDtoH_v2(h, d, n); }
CUresult cuMemcpyDtoDAsync_v2(CUdeviceptr d, CUdeviceptr s, size_t n, void*) { memmove((void*)d, (void*)s, n); return OK; }

CUresult cuMemsetD32Async(CUdeviceptr d, unsigned v, size_t n, void*) {
    unsigned* p = (unsigned*)d;
    for (size_t i = 0; i < n; i++) p[i] = v;
    return OK;
}

CUresult cuMemsetD2D32Async(CUdeviceptr d, size_t pitch, unsigned v, size_t width, size_t height, void*) {
    for (size_t r = 0; r < height; r++) cuMemsetD32Async(d + r * pitch, v, width, nullptr);
    return OK;
}

CUresult cuEventCreate(void** e, unsigned) { *e = new double(0); return OK; }
CUresult cuEventRecord(void* e, void*) {
    *(double*)e = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
    return OK;
}
CUresult cuEventSynchronize(void*) { return OK; }
CUresult cuEventElapsedTime(float* ms, void* a, void* b) { *ms = (float)(*(double*)b - *(double*)a); return OK; }
CUresult cuEventDestroy_v2(void* e) { delete (double*)e; return OK; }
}
