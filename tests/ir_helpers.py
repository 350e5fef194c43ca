"""Helpers for IR-level tests: golden pass checks written as IR text, numeric comparisons."""
from __future__ import annotations

import textwrap
from typing import Callable

import numpy as np

from lazyten.dump import dump_graph
from lazyten.interp import evaluate
from lazyten.ir import Graph
from lazyten.parse import parse
from lazyten.verify import verify


def ir(text: str) -> str:
    return textwrap.dedent(text).strip()


def random_feeds(g: Graph, seed: int = 0) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    feeds = []
    for n in g.inputs:
        dt = n.dtype.np
        if dt.kind == "f":
            feeds.append((rng.standard_normal(n.shape) * 2).astype(dt))
        elif dt.kind == "b":
            feeds.append(rng.integers(0, 2, n.shape).astype(dt))
        else:
            feeds.append(rng.integers(-5 if dt.kind == "i" else 0, 6, n.shape).astype(dt))
    return feeds


def assert_same_numerics(before: Graph, after: Graph, seed: int = 0, rtol: float = 0.0,
                         atol: float = 0.0) -> None:
    """Both graphs give the same values (bitwise unless a tolerance is given), NaN == NaN."""
    feeds = random_feeds(before, seed)
    for a, b in zip(evaluate(before, feeds), evaluate(after, feeds)):
        assert a.dtype == b.dtype and a.shape == b.shape
        if rtol or atol:
            np.testing.assert_allclose(b, a, rtol=rtol, atol=atol, equal_nan=True)
        else:
            np.testing.assert_array_equal(b, a)


def check_pass(fn: Callable[[Graph], Graph], before: str, after: str, **tol: float) -> Graph:
    """``fn`` turns IR ``before`` into exactly ``after`` (then dce), keeps verify and numerics,
    and is idempotent (a second run returns the very same graph)."""
    from lazyten.passes import dce
    g = parse(ir(before))
    verify(g)
    out = dce(fn(g))
    verify(out)
    assert dump_graph(out) == ir(after), dump_graph(out)
    assert dump_graph(g) == dump_graph(parse(ir(before))), "the pass mutated its input"
    once = fn(g)
    assert fn(once) is once
    assert_same_numerics(g, out, **tol)
    return out


def check_no_change(fn: Callable[[Graph], Graph], text: str) -> None:
    g = parse(ir(text))
    assert fn(g) is g
