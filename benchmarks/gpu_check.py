"""CUDA check, one script for a machine with an NVIDIA GPU. Finishes in minutes.

1. Prints onnxruntime's version, the providers it lists, and the providers a CUDA session
   really got.
2. Runs the op-table tests and the compiled-function tests with CUDA as the default device
   (LAZYTEN_DEVICE=cuda), and the CUDA tests, against NumPy.
3. Asserts that a chain of 100 operations on device-resident arrays makes no host copies:
   the session onnxruntime builds for it holds no Memcpy node, and the result stays an
   OrtValue in device memory until it is read.
4. Prints the benchmark workloads: lazyten compiled on CUDA against the same ONNX model run
   directly on the CUDA provider (IOBinding, device-resident inputs and outputs), and against
   PyTorch on CUDA when it is installed.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import onnxruntime as ort  # noqa: E402
from timing import fmt_time, median_seconds  # noqa: E402
from workloads import WORKLOADS  # noqa: E402

import lazyten as lt  # noqa: E402
from lazyten.lazy import CACHE  # noqa: E402
from lazyten.runtime.devices import cuda_error, providers_for  # noqa: E402

CUDA = lt.Device("cuda", 0)


def section(title: str) -> None:
    print(f"\n== {title} ==", flush=True)


def providers() -> None:
    section("providers")
    print(f"onnxruntime {ort.__version__}, device {ort.get_device()}, "
          f"available providers {ort.get_available_providers()}")
    reason = cuda_error(0)
    print(f"CUDA usable: {reason is None}" + (f" ({reason})" if reason else ""))
    if reason:
        sys.exit(1)
    x = lt.ones(4, device="cuda") * 2
    lt.realize(x)
    exe = next(reversed(CACHE._items.values())).executable
    print(f"a lazyten CUDA session really got: {exe.session.get_providers()}")


def tests() -> None:
    section("tests on CUDA (LAZYTEN_DEVICE=cuda)")
    root = os.path.dirname(HERE)
    files = [f for f in ("tests/test_ops_dtypes.py", "tests/test_compile.py",
                         "tests/test_cuda.py") if os.path.exists(os.path.join(root, f))]
    env = dict(os.environ, LAZYTEN_DEVICE="cuda", HYPOTHESIS_PROFILE="dev")
    t0 = time.perf_counter()
    result = subprocess.run([sys.executable, "-P", "-m", "pytest", "-q", "-p", "no:cacheprovider",
                             "--tb=short", "-rfE", *files],
                            cwd=root, env=env, capture_output=True, text=True)
    lines = result.stdout.strip().splitlines()
    failures = [line for line in lines if line.startswith(("FAILED", "ERROR"))]
    if failures:
        with open(os.path.join(os.environ.get("OUT", tempfile.gettempdir()),
                               "gpu_tests.log"), "w") as fh:
            fh.write(result.stdout + result.stderr)
        details = [line for line in lines if line.startswith(("E ", ">", "tests/"))]
        print("\n".join(details[:120]))
    print("\n".join(failures[:40]))
    print(f"{lines[-1] if lines else result.stderr[-2000:]}  ({time.perf_counter() - t0:.0f} s, "
          f"files: {', '.join(files)})")


def no_host_copies() -> None:
    import onnx
    section("a chain of 100 operations on device-resident arrays")
    a = np.random.default_rng(0).random(1 << 20, dtype=np.float32) + 1
    b = a[::-1].copy()
    x, y = lt.asarray(a, device="cuda"), lt.asarray(b, device="cuda")
    z, ref = x, a.astype(np.float64)
    for k in range(100):
        z, ref = (z * y, ref * b) if k % 2 else (z / y, ref / b)
    lt.realize(z)
    exe = next(reversed(CACHE._items.values())).executable
    with tempfile.TemporaryDirectory() as tmp:
        so = ort.SessionOptions()
        so.optimized_model_filepath = os.path.join(tmp, "optimized.onnx")
        ort.InferenceSession(exe.model.SerializeToString(), so, providers=providers_for(CUDA))
        optimized = onnx.load(so.optimized_model_filepath)
    nodes = [n for n in optimized.graph.node]
    copies = [n.op_type for n in nodes if n.op_type.startswith("Memcpy")]
    payload = z._storage.node.payload
    on_device = not isinstance(payload, np.ndarray) and payload.device_name().lower() == "cuda"
    print(f"graph nodes {len(exe.graph.nodes)}, onnxruntime nodes {len(nodes)}, "
          f"Memcpy nodes {len(copies)}, result in device memory: {on_device}")
    assert copies == [], copies
    assert on_device
    np.testing.assert_allclose(z.numpy(), ref, rtol=1e-4)
    print("OK: no host copies; values match NumPy")


def bind_direct(model, inputs):
    sess = ort.InferenceSession(model.SerializeToString(), providers=providers_for(CUDA))
    values = [ort.OrtValue.ortvalue_from_numpy(a, "cuda", 0) for a in inputs]
    names = [o.name for o in sess.get_outputs()]

    def run():
        io = sess.io_binding()
        for i, v in zip(sess.get_inputs(), values):
            io.bind_ortvalue_input(i.name, v)
        for n in names:
            io.bind_output(n, "cuda", 0)
        sess.run_with_iobinding(io)
        return io.get_outputs()
    return run


def torch_runner(build, inputs):
    try:
        import torch
    except ImportError:
        return None
    if not torch.cuda.is_available():
        return None

    class TorchNS:
        def __getattr__(self, name):
            return getattr(torch, name)

        @staticmethod
        def max(x, axis, keepdims):
            return torch.amax(x, dim=axis, keepdim=keepdims)

        @staticmethod
        def sum(x, axis=None, keepdims=False):
            return torch.sum(x) if axis is None else torch.sum(x, dim=axis, keepdim=keepdims)

        @staticmethod
        def mean(x, axis, keepdims):
            return torch.mean(x, dim=axis, keepdim=keepdims)

        @staticmethod
        def maximum(x, v):
            return torch.clamp_min(x, v)

    fn = build(TorchNS())
    tensors = [torch.from_numpy(a).cuda() for a in inputs]

    def run():
        out = fn(*tensors)
        torch.cuda.synchronize()
        return out
    return run


def benchmarks() -> None:
    section("workloads on CUDA: lazyten vs the same ONNX model on the CUDA provider vs PyTorch")
    print(f"{'workload':<30} {'lazyten':>10} {'ONNX direct':>12} {'ratio':>6} {'PyTorch':>10}")
    rng = np.random.default_rng(0)
    for w in WORKLOADS:
        try:
            inputs = w.inputs(rng)
            compiled = lt.compile(w.build(lt), device="cuda")
            args = [lt.asarray(a, device="cuda") for a in inputs]
            got = compiled(*args)
            np.testing.assert_allclose(got.numpy(), w.build(np)(*inputs), rtol=3e-3, atol=3e-3)
            direct = bind_direct(compiled.lower(*args).onnx, inputs)
            t_lt = median_seconds(lambda: compiled(*args))
            t_ort = median_seconds(direct)
            runner = torch_runner(w.build, inputs)
            t_torch = fmt_time(median_seconds(runner)) if runner else "-"
            print(f"{w.name:<30} {fmt_time(t_lt):>10} {fmt_time(t_ort):>12} "
                  f"{t_lt / t_ort:>6.2f} {t_torch:>10}", flush=True)
        except Exception as exc:  # report and go on: one broken workload must not hide the rest
            print(f"{w.name:<30} FAILED: {type(exc).__name__}: {str(exc)[:300]}", flush=True)


if __name__ == "__main__":
    start = time.perf_counter()
    providers()
    for step in (no_host_copies, tests, benchmarks):
        try:
            step()
        except Exception as exc:
            print(f"FAILED: {type(exc).__name__}: {exc}", flush=True)
    print(f"\ntotal {time.perf_counter() - start:.0f} s")
