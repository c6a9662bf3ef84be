package flatbench.cuda;

import java.util.HashMap;
import java.util.Map;

import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.CUresult;

import static jcuda.driver.JCudaDriver.cuModuleGetFunction;
import static jcuda.driver.JCudaDriver.cuModuleLoadData;
import static jcuda.driver.JCudaDriver.cuModuleUnload;

/** The kernel modules one context has loaded (each from its {@link KernelBinaries} fatbin, on first use) and their functions. */
final class KernelModules {
    private final String deviceName;
    private final Map<String, CUmodule> modules = new HashMap<>();
    private final Map<String, CUfunction> functions = new HashMap<>();

    KernelModules(String deviceName) { this.deviceName = deviceName; }

    CUfunction function(String module, String name) {
        String key = module + "/" + name;
        CUfunction f = functions.get(key);
        if (f != null) return f;
        CUmodule m = modules.computeIfAbsent(module, this::load);
        f = new CUfunction();
        CudaDriver.check(cuModuleGetFunction(f, m, name), "finding kernel " + name + " in " + module + ".fatbin");
        functions.put(key, f);
        return f;
    }

    private CUmodule load(String module) {
        byte[] image = KernelBinaries.image(module);
        CUmodule m = new CUmodule();
        int rc = cuModuleLoadData(m, image);
        if (rc == CUresult.CUDA_ERROR_NO_BINARY_FOR_GPU || rc == CUresult.CUDA_ERROR_INVALID_PTX
                || rc == CUresult.CUDA_ERROR_UNSUPPORTED_PTX_VERSION) {
            throw new CudaException(module + ".fatbin does not run on " + deviceName + " (" + CUresult.stringFor(rc)
                    + "): it needs compute capability 8.0 or newer and a driver for CUDA 13", rc);
        }
        CudaDriver.check(rc, "loading kernel module " + module);
        return m;
    }

    void close() {
        for (CUmodule m : modules.values()) cuModuleUnload(m);
        modules.clear();
        functions.clear();
    }
}
