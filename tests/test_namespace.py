"""The public namespace holds the API only, with the names NumPy and PyTorch users type, and
the objects users print explain themselves."""
from __future__ import annotations

import types

import numpy as np

import lazyten as lt


def test_no_module_objects_in_the_namespace_but_the_extensions() -> None:
    modules = {n for n in dir(lt) if not n.startswith("_")
               and isinstance(getattr(lt, n), types.ModuleType)}
    assert modules == {"fft", "linalg"}
    assert not hasattr(lt, "annotations") and not hasattr(lt, "Any")
    from lazyten.ir import Graph  # submodules stay importable
    assert Graph.__module__ == "lazyten.ir"


def test_numpy_names() -> None:
    source = [[1, 2], [3, 4]]
    a = lt.array(source)
    assert a.dtype == lt.int64 and a.tolist() == source
    base = lt.ones(2)
    copied = lt.array(base)
    copied[0] = 5
    assert base.tolist() == [1, 1] and lt.array(base, copy=False) is base
    assert lt.array(np.arange(3), dtype=lt.float16).dtype == lt.float16
    assert lt.concatenate([a, a]).shape == (4, 2)
    assert lt.concatenate([a, a], axis=None).tolist() == [1, 2, 3, 4, 1, 2, 3, 4]
    cube = lt.arange(24).reshape(2, 3, 4)
    assert lt.transpose(cube).shape == (4, 3, 2)
    assert lt.transpose(cube, (1, 0, 2)).tolist() == np.transpose(
        np.arange(24).reshape(2, 3, 4), (1, 0, 2)).tolist()


def test_device_is_pytorchs_constructor() -> None:
    assert lt.device("cpu") is lt.ones(1).device


def test_reprs_of_compiled_functions_and_lowered_signatures() -> None:
    def scale(x, factor=2.0):
        return x * factor

    f = lt.compile(scale)
    assert repr(f) == "<lt.compile scale(x, factor=2.0) on cpu: 0 cached signatures>"
    f(lt.ones(3))
    assert "1 cached signature (f32[3])>" in repr(f)  # the default factor is a constant
    assert repr(f.lower(lt.ones(3), 3.0)).startswith("<Lowered scale(x: f32[3], factor: f32[]) "
                                                     "-> (f32[3]), ")


def test_every_public_function_says_what_it_does() -> None:
    undocumented = [n for n in dir(lt) if not n.startswith("_") and callable(getattr(lt, n))
                    and not (getattr(lt, n).__doc__ or "").strip()]
    assert not undocumented, undocumented
