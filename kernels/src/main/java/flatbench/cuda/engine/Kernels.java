package flatbench.cuda.engine;

import flatbench.cuda.CudaContext;
import flatbench.cuda.ops.BatchNormKernels;
import flatbench.cuda.ops.Conv2dKernels;
import flatbench.cuda.ops.DenseKernels;
import flatbench.cuda.ops.GemmKernels;
import flatbench.cuda.ops.NoiseGramKernels;
import flatbench.cuda.ops.OutputLossKernels;
import flatbench.cuda.ops.PoolKernels;
import flatbench.cuda.ops.ReluKernels;
import flatbench.cuda.ops.SoftmaxCrossEntropyKernels;
import flatbench.cuda.ops.VectorKernels;

/** Every kernel binding, loaded once per context. */
record Kernels(CudaContext cuda, GemmKernels gemm, DenseKernels dense, Conv2dKernels conv, ReluKernels relu, PoolKernels pool,
               BatchNormKernels bn, SoftmaxCrossEntropyKernels xent, OutputLossKernels loss, VectorKernels vec,
               NoiseGramKernels gram) {
    static Kernels load(CudaContext cuda) {
        GemmKernels gemm = new GemmKernels(cuda);
        return new Kernels(cuda, gemm, new DenseKernels(cuda), new Conv2dKernels(cuda), new ReluKernels(cuda), new PoolKernels(cuda),
                new BatchNormKernels(cuda), new SoftmaxCrossEntropyKernels(cuda), new OutputLossKernels(cuda), new VectorKernels(cuda), new NoiseGramKernels(cuda, gemm));
    }
}
