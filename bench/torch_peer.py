#!/usr/bin/env python3
"""PyTorch peer of flatbench's benchmarks: the same models, batch and work list on the same host.

On a GPU (the default) it mirrors CudaEventHarness: fp32 with TF32 off, medians of CUDA-event timings
after warm-up. With --device cpu it mirrors the CPU harness (`flatbench bench --engine cpu`): the
same dtype and thread count, wall-clock medians, and the CPU harness's work names, so
`flatbench peer` (and `flatbench bench`, which runs this itself) can pair the rows. Prints one
JSON document (records of model, work, medianMs, samplesMs, ...) on stdout.

    python3 bench/torch_peer.py [--models lenet,resnet18] [--batch 128] [--iterations 10]
    python3 bench/torch_peer.py --device cpu --dtype float64 --threads 2 --models lenet,mlp --batch 32
"""
import argparse
import json
import os
import platform
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

try:  # PyTorch 2
    from torch.func import functional_call, grad, vmap
except ImportError:  # PyTorch 1.13 (Debian's python3-torch): functorch
    from functorch import grad, vmap
    from torch.nn.utils.stateless import functional_call


def mlp():
    return nn.Sequential(nn.Flatten(), nn.Linear(784, 50), nn.ReLU(), nn.Linear(50, 50), nn.ReLU(), nn.Linear(50, 10))


def cnn_small():
    return nn.Sequential(
        nn.Conv2d(1, 10, 5), nn.MaxPool2d(2, 2), nn.ReLU(),
        nn.Conv2d(10, 20, 5), nn.MaxPool2d(2, 2), nn.ReLU(),
        nn.Flatten(), nn.Linear(320, 128), nn.ReLU(), nn.Linear(128, 10))


def lenet():
    return nn.Sequential(
        nn.Conv2d(1, 20, 5), nn.ReLU(), nn.MaxPool2d(2, 2),
        nn.Conv2d(20, 50, 5), nn.ReLU(), nn.MaxPool2d(2, 2),
        nn.Flatten(), nn.Linear(800, 500), nn.ReLU(), nn.Linear(500, 10))


class Block(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.main = nn.Sequential(
            nn.Conv2d(cin, cout, 3, stride, 1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(),
            nn.Conv2d(cout, cout, 3, 1, 1, bias=False), nn.BatchNorm2d(cout))
        self.shortcut = nn.Sequential()
        if stride != 1 or cin != cout:
            self.shortcut = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, 0, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        return F.relu(self.main(x) + self.shortcut(x))


def resnet18():
    layers = [nn.Conv2d(3, 64, 3, 1, 1, bias=False), nn.BatchNorm2d(64), nn.ReLU()]
    cin = 64
    for stage, cout in enumerate([64, 128, 256, 512]):
        for block in range(2):
            layers.append(Block(cin, cout, 2 if stage > 0 and block == 0 else 1))
            cin = cout
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(512, 10)]
    return nn.Sequential(*layers)


MODELS = {"mlp": (mlp, (1, 28, 28)), "cnn-small": (cnn_small, (1, 28, 28)), "lenet": (lenet, (1, 28, 28)),
          "resnet18": (resnet18, (3, 32, 32))}

# The work names of each of flatbench's harnesses, so rows pair by "model/work".
# flatbench's work names (flatbench.benchmark.Work), the same on the CPU and the GPU harness.
WORK_NAMES = dict(fb="forward-backward", psg="per-sample-gradients", gram="noise-gram", project="projection",
                  hvp_full="hvp-with-first-order-passes", hvp="hvp", lanczos="lanczos-top-k")


def timed_cpu(fn, warmup, iterations):
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(iterations):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    return statistics.median(samples), samples, None


def timed(fn, warmup, iterations):
    for _ in range(warmup):
        fn()
    torch.cuda.synchronize()
    torch.cuda.reset_peak_memory_stats()
    samples = []
    for _ in range(iterations):
        start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        start.record()
        fn()
        end.record()
        end.synchronize()
        samples.append(start.elapsed_time(end))
    return statistics.median(samples), samples, torch.cuda.max_memory_allocated()


class LayerHooks:
    """Per-layer per-sample gradients from saved inputs and output gradients (unfold + einsum),
    handed to a consumer one layer at a time and freed: G is never whole."""

    def __init__(self, model):
        self.inputs, self.grads, self.handles = {}, {}, []
        self.layers = [m for m in model.modules() if isinstance(m, (nn.Conv2d, nn.Linear, nn.BatchNorm2d))]
        for m in self.layers:
            self.handles.append(m.register_forward_hook(self._save_input))
            self.handles.append(m.register_full_backward_hook(self._save_grad))

    def _save_input(self, m, inp, out):
        self.inputs[m] = inp[0].detach()

    def _save_grad(self, m, gin, gout):
        self.grads[m] = gout[0].detach()

    def blocks(self, m):
        """Per-sample gradient blocks (B × P_block) of one layer, in state_dict order."""
        x, d = self.inputs[m], self.grads[m]
        b = x.shape[0]
        if isinstance(m, nn.Linear):
            yield torch.einsum("bo,bi->boi", d, x).reshape(b, -1)
            yield d
        elif isinstance(m, nn.Conv2d):
            u = F.unfold(x, m.kernel_size, padding=m.padding, stride=m.stride)  # B × Cin·k² × T
            dd = d.reshape(b, d.shape[1], -1)                                      # B × Cout × T
            yield torch.einsum("bot,bkt->bok", dd, u).reshape(b, -1)
            if m.bias is not None:
                yield dd.sum(2)
        else:
            s = 1.0 / (1.0 + m.eps) ** 0.5
            yield (d * x * s).sum((2, 3))
            yield d.sum((2, 3))

    def run(self, model, x, y, consume):
        self.inputs.clear(); self.grads.clear()
        loss = F.cross_entropy(model(x), y, reduction="sum")  # δ of ℓ_i, no 1/B
        loss.backward()
        for m in self.layers:
            for g in self.blocks(m):
                consume(g)


def lanczos(hvp, n, steps, top, device, dtype):
    q = torch.randn(n, device=device, dtype=dtype)
    q /= q.norm()
    basis = torch.zeros(steps, n, device=device, dtype=dtype)  # filled row by row: no re-stacking per step
    alpha, beta = [], []
    for j in range(steps):
        basis[j] = q
        w = hvp(q)
        alpha.append(torch.dot(w, q).item())
        Q = basis[:j + 1]
        for _ in range(2):
            w = w - Q.t() @ (Q @ w)
        nrm = w.norm().item()
        if j == steps - 1 or nrm < 1e-10:
            break
        beta.append(nrm)
        q = w / nrm
    m = len(alpha)
    t = torch.diag(torch.tensor(alpha, dtype=torch.float64))
    for i in range(m - 1):
        t[i, i + 1] = t[i + 1, i] = beta[i]
    return torch.linalg.eigvalsh(t).flip(0)[:top].tolist()


def bench(name, args):
    build, shape = MODELS[name]
    cpu = args.device == "cpu"
    dev = torch.device(args.device)
    dtype = torch.float64 if args.dtype == "float64" else torch.float32
    work_names = WORK_NAMES
    torch.manual_seed(args.seed)
    model = build().to(device=dev, dtype=dtype).eval()  # eval: inference-form batch norm (running mean 0, var 1)
    params = {k: v.detach() for k, v in model.named_parameters()}
    names = list(params)
    p = sum(v.numel() for v in params.values())
    x = torch.randn(args.batch, *shape, device=dev, dtype=dtype)
    y = torch.randint(0, 10, (args.batch,), device=dev)
    out = []
    device_name = platform.processor() or platform.machine() if cpu else torch.cuda.get_device_name()

    def record(work, fn, note, iterations=None, warmup=None):
        clock = timed_cpu if cpu else timed
        med, samples, peak = clock(fn, args.warmup if warmup is None else warmup, iterations or args.iterations)
        out.append(dict(model=name, parameters=p, batch=args.batch, work=work, medianMs=med, samplesMs=samples,
                        peakDeviceBytes=peak, device=device_name, dtype=args.dtype, note=note))

    def fwd_bwd():
        model.zero_grad(set_to_none=True)
        F.cross_entropy(model(x), y).backward()
    record(work_names["fb"], fwd_bwd, "torch autograd")

    def loss_one(prm, xi, yi):
        return F.cross_entropy(functional_call(model, prm, (xi.unsqueeze(0),)), yi.unsqueeze(0))
    per_sample = vmap(grad(loss_one), in_dims=(None, 0, 0))

    def psg():
        g = per_sample(params, x, y)
        return torch.cat([g[k].reshape(args.batch, -1) for k in names], 1)
    record(work_names["psg"], psg, "vmap(grad), G materialised")

    hooks = LayerHooks(model)

    def gram():
        k = torch.zeros(args.batch, args.batch, device=dev, dtype=dtype)
        def acc(g):
            k.addmm_(g, g.t())
        model.zero_grad(set_to_none=True)
        hooks.run(model, x, y, acc)
        if cpu:  # flatbench's CPU harness times the centred Gram
            c = torch.eye(args.batch, device=dev, dtype=dtype) - 1.0 / args.batch
            return c @ k @ c
        return k
    record(work_names["gram"], gram, "per-layer hooks, unfold + einsum, G_l freed per layer")

    v = torch.randn(args.projections, p, device=dev, dtype=dtype)

    def project():
        r = torch.zeros(args.batch, args.projections, device=dev, dtype=dtype)
        offset = [0]
        def acc(g):
            n = g.shape[1]
            r.addmm_(g, v[:, offset[0]:offset[0] + n].t())
            offset[0] += n
        model.zero_grad(set_to_none=True)
        hooks.run(model, x, y, acc)
        return r
    record(work_names["project"], project,
           "per-layer hooks; includes forward and backward")
    for h in hooks.handles:
        h.remove()

    plist = [params[k].requires_grad_(True) for k in names]
    vec = torch.randn(p, device=dev, dtype=dtype)

    def hvp_full():
        loss = F.cross_entropy(functional_call(model, dict(zip(names, plist)), (x,)), y)
        g = torch.autograd.grad(loss, plist, create_graph=True)
        flat = torch.cat([t.reshape(-1) for t in g])
        return torch.autograd.grad(flat, plist, grad_outputs=vec)
    record(work_names["hvp_full"], hvp_full, "double backprop incl. forward and first backward")

    loss = F.cross_entropy(functional_call(model, dict(zip(names, plist)), (x,)), y)
    flat = torch.cat([t.reshape(-1) for t in torch.autograd.grad(loss, plist, create_graph=True)])

    def hvp(u):
        return torch.cat([t.reshape(-1) for t in torch.autograd.grad(flat, plist, grad_outputs=u, retain_graph=True)])
    record(work_names["hvp"], lambda: hvp(vec), "double backprop, first-order graph kept")
    lanczos_name = work_names["lanczos"]
    record(lanczos_name, lambda: lanczos(hvp, p, args.steps, args.top, dev, dtype), "graph reused",
           iterations=args.lanczos_iterations, warmup=0)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--models", default="lenet,resnet18")
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--iterations", type=int, default=10)
    ap.add_argument("--projections", type=int, default=20)
    ap.add_argument("--steps", type=int, default=60)
    ap.add_argument("--top", type=int, default=20)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--device", default="cuda", choices=["cuda", "cpu"])
    ap.add_argument("--dtype", default="float32", choices=["float32", "float64"])
    ap.add_argument("--threads", type=int, default=0, help="CPU threads (0: PyTorch's default)")
    ap.add_argument("--lanczos-iterations", type=int, default=1)
    args = ap.parse_args()
    if args.device == "cuda":
        torch.backends.cuda.matmul.allow_tf32 = False
        torch.backends.cudnn.allow_tf32 = False
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    results = []
    for name in args.models.split(","):
        results.extend(bench(name, args))
    print(json.dumps(dict(schema=1, engine="torch", torch=torch.__version__, tf32=False, device=args.device, dtype=args.dtype,
                          threads=torch.get_num_threads(), blas=torch.__config__.show().split("BLAS_INFO=")[-1].split(",")[0],
                          openblasCoretype=os.environ.get("OPENBLAS_CORETYPE"), results=results), indent=1))


if __name__ == "__main__":
    main()
