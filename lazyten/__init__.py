"""lazyten: lazy, graph-compiling tensors. Operations record a graph; values are computed
through ONNX on onnxruntime when needed.

This module is the public namespace (Array API names, plus PyTorch spellings such as ``cat``,
``tensor`` and ``randn``). It installs the onnxruntime backend when onnxruntime is importable.
"""
from __future__ import annotations

import math as _math
import sys as _sys
import types as _types
from typing import Any as _Any

from . import boundary as _boundary
from . import config as _config
from . import dump as _dump_module  # imported before `def dump` below, which must win the name
from .api import fft, linalg  # the Array API extensions
from .api import numpy_dispatch as _numpy_dispatch  # NumPy's protocols on arrays (Array uses it)
from .api.creation import (arange, array, asarray, empty, empty_like, eye, from_dlpack,
                           from_numpy, full, full_like, linspace, manual_seed, meshgrid, ones,
                           ones_like, rand, randn, tensor, tril, triu, zeros, zeros_like)
from .api.dtype_functions import astype, can_cast, finfo, iinfo, isdtype, result_type
from .api.elementwise import (abs, acos, acosh, add, asin, asinh, atan, atanh, bitwise_and,
                              bitwise_invert, bitwise_left_shift, bitwise_or, bitwise_right_shift,
                              bitwise_xor, ceil, clip, conj, cos, cosh, divide, equal, exp, expm1,
                              floor, floor_divide, greater, greater_equal, imag, isfinite, isinf,
                              isnan, less, less_equal, log, log1p, log2, log10, logical_and,
                              logical_not, logical_or, logical_xor, maximum, minimum, multiply,
                              negative, not_equal, positive, pow, real, reciprocal, remainder,
                              round, sign, sin, sinh, sqrt, square, subtract, tan, tanh, where)
from .api.einsum import einsum
from .api.float_functions import atan2, copysign, hypot, logaddexp, nextafter, signbit, trunc
from .api.indexing import take, take_along_axis
from .api.info import __array_namespace_info__
from .api.linalg import matmul, tensordot, vecdot
from .api.manipulation import (broadcast_arrays, broadcast_to, cat, concat, concatenate,
                               expand_dims, flip, matrix_transpose, moveaxis, permute_dims,
                               repeat, reshape, roll, squeeze, stack, tile, transpose, unstack)
from .api.reduction import (all, any, cumulative_prod, cumulative_sum, diff, max, mean, min,
                            prod, std, sum, var)
from .api.search import argmax, argmin, count_nonzero, nonzero, searchsorted
from .api.sort import argsort, sort, unique_all, unique_counts, unique_inverse, unique_values
from .array import Array
from .methods import ArrayMethods as _ArrayMethods
from .methods import FlatIndex as _FlatIndex
from .methods import IndexedUpdate as _IndexedUpdate
from .methods import IndexUpdate as _IndexUpdate
from .compile import Compiled, compile, export, save
from .dims import Dim as _Dim
from .lowered import Lowered as _Lowered
from .signature import ArgSpec, spec
from .device import Device, device_scope, set_default_device
from .dtypes import (DType, bool_ as bool, complex64, complex128, float16, float32, float64,
                     int8, int16, int32, int64, uint8, uint16, uint32, uint64)
from .errors import (AxisError, BackendError, DeviceError, DTypeError, LazytenError,
                     OutOfMemoryError, ShapeError, TraceError)
from .errors import ArgumentError as _ArgumentError
from .backend import set_backend as _set_backend
from .lazy import CACHE as _CACHE, realize_nodes as _realize_nodes
from .version import __version__

e = _math.e
inf = _math.inf
nan = _math.nan
newaxis = None
pi = _math.pi

__array_api_version__ = "2024.12"


def _node_of(x: _Any, what: str) -> _Any:
    if not isinstance(x, Array):
        raise _ArgumentError(f"{what}: expects lazyten arrays, got {type(x).__name__}")
    return x._node()


def realize(*arrays: Array) -> None:
    """Compute the given arrays now, together in one graph (a loop that reads several values
    each step realizes them in one run).

    >>> a, b = lt.arange(3) * 2, lt.ones(2)
    >>> lt.realize(a, b)  # one graph computes both
    >>> a
    lazyten.Array([0, 2, 4], dtype=int64)
    """
    _realize_nodes([_node_of(a, "realize") for a in arrays])


def dump(x: Array) -> str:
    """The text of the pending graph behind ``x``. Computed values and Python scalars appear as
    the graph's inputs (they are fed at run time, so new values reuse the compiled graph); a
    0-d input shows its value.

    >>> x = lt.arange(3.0)
    >>> print(lt.dump(x * 2.5))  # doctest: +ELLIPSIS
    graph @lazy(%in0: f32[] = 2.5) {
      %0 = arange[dtype=f32 n=3 start=0.0 step=1.0]() : f32[3]  # at ...
      %1 = mul(%0, %in0) : f32[3]  # at ...
      return %1
    }
    """
    from .ir import structural_key
    from .lazy import _graph_for
    node = _node_of(x, "dump")
    _, leaves = structural_key((node,))
    return _dump_module.dump_graph(_graph_for((node,), leaves), bound=tuple(leaves))


def cache_info() -> dict[str, _Any]:
    """Executable-cache statistics of lazy realization: hits, misses (compilations), size.

    >>> sorted(lt.cache_info())
    ['hits', 'misses', 'size']
    """
    return {"hits": _CACHE.hits, "misses": _CACHE.misses, "size": len(_CACHE)}


def clear_caches() -> None:
    """Drop every cached executable (lazy realization and compiled functions).

    >>> lt.clear_caches()
    >>> lt.cache_info()["size"]
    0
    """
    from .compile import clear_compiled_caches
    _CACHE.clear()
    clear_compiled_caches()


def _install_backend() -> None:
    """onnxruntime's backend, unless ``LAZYTEN_BACKEND=numpy`` asks for the NumPy reference
    or onnxruntime cannot be imported."""
    from .runtime import ReferenceBackend
    if _config.BACKEND != "numpy":
        try:
            from .runtime import OrtBackend
        except ImportError:
            pass
        else:
            return _set_backend(OrtBackend())
    _set_backend(ReferenceBackend())


_config.apply_environment()
_install_backend()
_boundary.wrap_namespace(globals())
for _extension in (fft, linalg):
    _boundary.wrap_namespace(vars(_extension), _extension.__all__,
                             _extension.__name__.rsplit(".", 1)[-1] + ".")
for _cls in (Array, _ArrayMethods, _FlatIndex, _IndexUpdate, _IndexedUpdate, Compiled, _Lowered,
             Device, _Dim):
    _boundary.wrap_class(_cls)
# wrap_class leaves __init__ alone (Array's runs for every new array); Compiled's checks the
# arguments of lt.Compiled(...)
Compiled.__init__ = _boundary.user_facing(Compiled.__init__, "Compiled")  # type: ignore

device = Device  # PyTorch's spelling: lt.device("cuda:0")
# PyTorch's dtype names (last: they shadow builtins in this module)
float, double, half, long, int = float32, float64, float16, int64, int32  # noqa: A001



def _submodule(name: str, value: _Any) -> bool:
    return (isinstance(value, _types.ModuleType) and value.__name__.startswith(__name__ + ".")
            and name not in ("fft", "linalg"))


class _Namespace(_types.ModuleType):
    """The package's class: the namespace is the API. Submodules stay importable
    (``from lazyten.ir import Graph``) but are not attributes (``lt.array`` is NumPy's function,
    not the module), also those imported later; the Array API extensions are."""

    def __setattr__(self, name: str, value: _Any) -> None:
        if not _submodule(name, value):
            super().__setattr__(name, value)


for _name, _value in list(globals().items()):
    if not _name.startswith("_") and (_submodule(_name, _value) or _name == "annotations"):
        del globals()[_name]
_sys.modules[__name__].__class__ = _Namespace
