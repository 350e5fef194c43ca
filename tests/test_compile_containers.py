"""What a compiled function takes and returns, as ``jax.jit`` and ``torch.compile`` users
write it: NamedTuples, dataclasses, ``None`` leaves, dicts with any hashable keys, defaults,
methods and decorated functions."""
from __future__ import annotations

import dataclasses
import functools
from typing import NamedTuple

import numpy as np
import pytest

import lazyten as lt


class Params(NamedTuple):
    w: lt.Array
    b: lt.Array


@dataclasses.dataclass
class Layer:
    w: lt.Array
    scale: float = 2.0


def test_namedtuples_in_and_out() -> None:
    f = lt.compile(lambda p, x: Params(x @ p.w, p.b * 2))
    out = f(Params(lt.ones((2, 3)), lt.arange(3)), lt.ones((1, 2)))
    assert type(out) is Params
    assert out.w.tolist() == [[2, 2, 2]] and out.b.tolist() == [0, 2, 4]


def test_dataclasses_in_and_out() -> None:
    f = lt.compile(lambda layer: dataclasses.replace(layer, w=layer.w * layer.scale))
    out = f(Layer(lt.ones(2), 3.0))
    assert type(out) is Layer and out.w.tolist() == [3, 3] and out.scale == 3.0
    assert f(Layer(lt.ones(2))).w.tolist() == [2, 2]


def test_none_leaves_and_dict_keys() -> None:
    f = lt.compile(lambda d: {"y": d[(1, "a")] + 1, "nothing": None, "cfg": d["cfg"]})
    out = f({(1, "a"): lt.ones(2), "cfg": None})
    assert out["y"].tolist() == [2, 2] and out["nothing"] is None and out["cfg"] is None
    assert lt.compile(lambda x: None)(lt.ones(1)) is None


def test_methods_bind_their_instance() -> None:
    class Model:
        def __init__(self, scale: float) -> None:
            self.scale = scale

        @lt.compile
        def forward(self, x):
            return x * self.scale

    a, b = Model(2.0), Model(3.0)
    assert a.forward(lt.ones(2)).tolist() == [2, 2]
    assert b.forward(lt.ones(2)).tolist() == [3, 3]
    assert a.forward is a.forward  # one compiled function per instance: traced once
    assert isinstance(Model.forward, lt.Compiled)


def test_a_wrapper_is_called_as_written() -> None:
    def base(xp, x, y):
        return xp.add(x, y)

    @functools.wraps(base)
    def wrapped(*args):
        return base(lt, *args)

    assert lt.compile(wrapped)(lt.ones(2), np.ones(2, np.float32)).tolist() == [2, 2]


def test_defaults_and_binding_errors_name_the_function() -> None:
    def scaled(x, factor=2.0):
        return x * factor

    f = lt.compile(scaled)
    assert f(lt.ones(2)).tolist() == [2, 2] and f(lt.ones(2), 4.0).tolist() == [4, 4]
    with pytest.raises(TypeError, match=r"scaled\(x, factor=2.0\): too many positional"):
        f(lt.ones(2), 1.0, 2.0)
