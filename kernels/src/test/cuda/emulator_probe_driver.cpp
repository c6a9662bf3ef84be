// Drives the probe kernels through the emulated driver API and prints one line per probe:
// "<probe> <launch result> <out[0]>". Built and run by EmulatorStrictnessTest.
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

extern "C" {
typedef int CUresult;
typedef unsigned long long CUdeviceptr;
struct Kernel;
CUresult cuModuleGetFunction(const Kernel** f, void* module, const char* name);
CUresult cuLaunchKernel(const Kernel* f, unsigned gx, unsigned gy, unsigned gz, unsigned bx, unsigned by, unsigned bz,
                        unsigned shared, void* stream, void** params, void** extra);
CUresult cuMemAlloc_v2(CUdeviceptr* p, size_t bytes);
CUresult cuMemcpyHtoD_v2(CUdeviceptr d, const void* h, size_t n);
CUresult cuMemcpyDtoH_v2(void* h, CUdeviceptr d, size_t n);
CUresult cuMemsetD32Async(CUdeviceptr d, unsigned v, size_t n, void* stream);
}

static void probe(const char* name, bool zeroOutput, bool writeInput) {
    const int n = 256;
    std::vector<float> x(n, 1.0f);
    CUdeviceptr dx, dout;
    cuMemAlloc_v2(&dx, n * sizeof(float));
    cuMemAlloc_v2(&dout, n * sizeof(float));
    if (writeInput) cuMemcpyHtoD_v2(dx, x.data(), n * sizeof(float));
    if (zeroOutput) cuMemsetD32Async(dout, 0, n, nullptr);
    const Kernel* f;
    if (cuModuleGetFunction(&f, nullptr, name) != 0) { printf("%s missing\n", name); return; }
    int count = n;
    void* params[] = {&dx, &dout, &count};
    CUresult rc = cuLaunchKernel(f, 8, 1, 1, 32, 1, 1, 0, nullptr, params, nullptr);
    float out0;
    cuMemcpyDtoH_v2(&out0, dout, sizeof(float));
    printf("%s%s %d %s\n", name, writeInput ? "" : "_uninitialised_input", rc, std::isnan(out0) ? "nan" : std::to_string(out0).c_str());
}

int main() {
    probe("probe_racy_sum_v1", true, true);
    probe("probe_atomic_sum_v1", true, true);
    probe("probe_disjoint_v1", false, true);
    probe("probe_disjoint_v1", false, false);
    return 0;
}
