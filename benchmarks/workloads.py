"""The compiled-function benchmark workloads, written once for every backend.

Each workload is a function written against an array namespace (``lazyten`` or ``numpy``),
plus a maker of its inputs. ``benchmarks/compiled.py`` runs them on the CPU and
``benchmarks/gpu_check.py`` on CUDA.
"""
from __future__ import annotations

from typing import Any, Callable, NamedTuple

import numpy as np


def seed_example(xp: Any) -> Callable:
    """The tf.function-style example: the unused zeros_like must disappear."""
    def f(x, y):
        unused = xp.zeros_like(x)  # noqa: F841
        return (x * y + x - y) / (y * y + 1)
    return f


def elementwise_chain(xp: Any) -> Callable:
    def f(x, y):
        return xp.exp(x) * y + xp.sin(x) / (1 + y * y)
    return f


def softmax(xp: Any) -> Callable:
    def f(x):
        e = xp.exp(x - xp.max(x, axis=-1, keepdims=True))
        return e / xp.sum(e, axis=-1, keepdims=True)
    return f


def layernorm(xp: Any) -> Callable:
    def f(x, g, b):
        m = xp.mean(x, axis=-1, keepdims=True)
        d = x - m
        v = xp.mean(d * d, axis=-1, keepdims=True)
        return d / xp.sqrt(v + 1e-5) * g + b
    return f


def mlp(xp: Any) -> Callable:
    def f(x, w1, w2, w3):
        h = xp.maximum(x @ w1, 0)
        h = xp.maximum(h @ w2, 0)
        return h @ w3
    return f


def full_sum(xp: Any) -> Callable:
    def f(x):
        return xp.sum(x)
    return f


def broadcast_add(xp: Any) -> Callable:
    def f(a, b):
        return a + b
    return f


class Workload(NamedTuple):
    name: str
    build: Callable[[Any], Callable]
    inputs: Callable[[np.random.Generator], list[np.ndarray]]


def _f32(rng: np.random.Generator, *shape: int) -> np.ndarray:
    return rng.standard_normal(shape, dtype=np.float32)


WORKLOADS = [
    Workload("seed example 1e3", seed_example, lambda r: [_f32(r, 1000), _f32(r, 1000)]),
    Workload("seed example 1e6", seed_example, lambda r: [_f32(r, 10**6), _f32(r, 10**6)]),
    Workload("seed example 1e7", seed_example, lambda r: [_f32(r, 10**7), _f32(r, 10**7)]),
    Workload("exp(x)*y+sin(x)/(1+y*y) 4M", elementwise_chain,
             lambda r: [_f32(r, 4 * 2**20), _f32(r, 4 * 2**20)]),
    Workload("softmax 1024x4096", softmax, lambda r: [_f32(r, 1024, 4096)]),
    Workload("layernorm 1024x4096", layernorm,
             lambda r: [_f32(r, 1024, 4096), _f32(r, 4096), _f32(r, 4096)]),
    Workload("MLP 256x1024 x3", mlp,
             lambda r: [_f32(r, 256, 1024)] + [_f32(r, 1024, 1024) / 32 for _ in range(3)]),
    Workload("sum 1e7", full_sum, lambda r: [_f32(r, 10**7)]),
    Workload("broadcast 4096x1+1x4096", broadcast_add,
             lambda r: [_f32(r, 4096, 1), _f32(r, 1, 4096)]),
]
