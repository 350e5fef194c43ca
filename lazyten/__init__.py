"""lazyten: lazy, graph-compiling tensors. Operations record a graph; values are computed
through ONNX on onnxruntime when needed.

This module is the public namespace (Array API names, plus PyTorch spellings such as ``cat``,
``tensor`` and ``randn``). It installs the onnxruntime backend when onnxruntime is importable.
"""
from __future__ import annotations

import math as _math
from typing import Any

from . import boundary as _boundary
from . import config as _config
from . import dump as _dump_module  # imported before `def dump` below, which must win the name
from . import operators as _operators  # noqa: F401  (binds Array's operators)
from .array import Array
from .compile import ArgSpec, Compiled, compile, export, save, spec
from .compile import Lowered as _Lowered
from .creation import (arange, asarray, empty, empty_like, from_numpy, full, full_like,
                       manual_seed, ones, ones_like, rand, randn, tensor, zeros, zeros_like)
from .device import Device, device_scope, set_default_device
from .dtypes import (DType, bool_ as bool, float16, float32, float64, int8, int16, int32,
                     int64, uint8, uint16, uint32, uint64)
from .errors import (AxisError, BackendError, DeviceError, DTypeError, LazytenError,
                     OutOfMemoryError, ShapeError, TraceError)
from .errors import ArgumentError as _ArgumentError
from .functions import (abs, add, astype, bitwise_and, bitwise_invert, bitwise_or, bitwise_xor,
                        broadcast_to, cat, ceil, clip, concat, cos, divide, equal, exp,
                        expand_dims, floor, floor_divide, greater, greater_equal, less,
                        less_equal, log, logical_and, logical_not, logical_or, logical_xor,
                        matmul, matrix_transpose, max, maximum, mean, min, minimum, multiply,
                        negative, not_equal, permute_dims, positive, pow, prod, remainder,
                        reshape, sin, sqrt, squeeze, stack, subtract, sum, tanh, where)
from .lazy import CACHE as _CACHE, realize_nodes as _realize_nodes
from .fns_dtypes import can_cast, finfo, iinfo, isdtype, result_type
from .fns_elementwise import (acos, acosh, asin, asinh, atan, atan2, atanh, bitwise_left_shift,
                              bitwise_right_shift, conj, copysign, cosh, expm1, hypot, imag,
                              isfinite, isinf, isnan, log1p, log2, log10, logaddexp, nextafter,
                              real, reciprocal, round, sign, signbit, sinh, square, tan, trunc)
from .fns_manipulation import (broadcast_arrays, eye, flip, from_dlpack, linspace, meshgrid,
                               moveaxis, repeat, roll, take, take_along_axis, tile, tril, triu,
                               unstack)
from .fns_search import argmax, argmin, count_nonzero, nonzero, searchsorted
from .fns_sort_set import (argsort, sort, unique_all, unique_counts, unique_inverse,
                           unique_values)
from .fns_stats import all, any, cumulative_prod, cumulative_sum, diff, std, var
from .info import __array_namespace_info__
from .version import __version__
from .linalg import tensordot, vecdot
from . import fft, linalg  # noqa: E402  (the Array API extensions)

e = _math.e
inf = _math.inf
nan = _math.nan
newaxis = None
pi = _math.pi

__array_api_version__ = "2024.12"


def _node_of(x: Any, what: str) -> Any:
    if not isinstance(x, Array):
        raise _ArgumentError(f"{what}: expects lazyten arrays, got {type(x).__name__}")
    return x._node()


def realize(*arrays: Array) -> None:
    """Compute the given arrays now, together in one graph."""
    _realize_nodes([_node_of(a, "realize") for a in arrays])


def dump(x: Array) -> str:
    """The text of the pending graph behind ``x`` (computed values appear as inputs)."""
    from .ir import structural_key
    from .lazy import _graph_for
    node = _node_of(x, "dump")
    _, leaves = structural_key((node,))
    return _dump_module.dump_graph(_graph_for((node,), leaves))


def cache_info() -> dict[str, Any]:
    """Executable-cache statistics of lazy realization: hits, misses (compilations), size."""
    return {"hits": _CACHE.hits, "misses": _CACHE.misses, "size": len(_CACHE)}


def clear_caches() -> None:
    """Drop every cached executable (lazy realization and compiled functions)."""
    from .compile import clear_compiled_caches
    _CACHE.clear()
    clear_compiled_caches()


def _install_default_backend() -> None:
    try:
        from .runtime import OrtBackend
    except ImportError:  # onnxruntime missing: the NumPy reference backend stays in place
        return
    from .lazy import set_backend
    set_backend(OrtBackend())


_install_default_backend()
_config.apply_environment()
_boundary.wrap_namespace(globals())
for _extension in (fft, linalg):
    _boundary.wrap_namespace(vars(_extension), _extension.__all__,
                             _extension.__name__.rsplit(".", 1)[-1] + ".")
for _cls in (Array, Compiled, _Lowered, Device):
    _boundary.wrap_class(_cls)
# wrap_class leaves __init__ alone (Array's runs for every new array); Compiled's checks the
# arguments of lt.Compiled(...)
Compiled.__init__ = _boundary.user_facing(Compiled.__init__, "Compiled")  # type: ignore
