"""Python operators and methods of ``Array``, bound here so that array.py stays free of the
namespace (which in turn builds on array.py)."""
from __future__ import annotations

from functools import partial
import sys
from typing import Any, Callable

import numpy as np

from . import arguments as A, fns_elementwise as E, functions as F
from .array import Array, apply
from .boundary import user_error
from .source import OPERATOR_CALLER
from .errors import DTypeError, ShapeError

_KIND_RANK = {"b": 0, "u": 1, "i": 1, "f": 2}


_ACCEPTED = (Array, np.ndarray, list, tuple, bool, int, float, np.generic)
_ACCEPTED_EXACT = frozenset(_ACCEPTED)


# Operators run once per recorded op, so each holds the error boundary itself (marked, so that
# boundary.wrap_class adds no wrapper frame around it).

def _binary(fn: Callable, name: str, reflected: bool = False) -> Callable:
    """``self op other``, or ``other op self`` for the reflected form (``2 - x``)."""
    def method(self: Array, other: Any) -> Any:
        OPERATOR_CALLER[0] = sys._getframe(1)
        try:
            if type(other) in _ACCEPTED_EXACT or isinstance(other, _ACCEPTED):
                return fn(other, self) if reflected else fn(self, other)
            return NotImplemented
        except Exception as exc:
            raise user_error(exc, name)
        finally:
            OPERATOR_CALLER[0] = None  # never keeps the caller's frame (and its locals) alive
    method.__lazyten_boundary__ = True  # type: ignore[attr-defined]
    return method


def _inplace(fn: Callable, symbol: str) -> Callable:
    """``x op= y``: computed as ``x op y``, cast back to x's dtype, written into x (same id)."""
    def method(self: Array, other: Any) -> Array:
        OPERATOR_CALLER[0] = sys._getframe(1)
        try:
            return _update(self, fn(self, other), symbol)
        except Exception as exc:
            raise user_error(exc, symbol)
        finally:
            OPERATOR_CALLER[0] = None  # never keeps the caller's frame (and its locals) alive
    method.__lazyten_boundary__ = True  # type: ignore[attr-defined]
    return method


def _update(self: Array, result: Array, symbol: str) -> Array:
    if _KIND_RANK[result.dtype.kind] > _KIND_RANK[self.dtype.kind]:
        raise DTypeError(f"{symbol}: result dtype {result.dtype.name} cannot be stored in "
                         f"{self._type} in place")
    if result.shape != self.shape:
        raise ShapeError(f"{symbol}: the result's shape {result.shape} differs from the "
                         f"in-place target's shape {self.shape}")
    node = result._node()
    if node.dtype is not self.dtype:
        node = apply("cast", [node], dtype=self.dtype)
    self._write(node)
    return self


def _op(name: str, **options: Any) -> Callable:
    """Record IR op ``name`` through ``binary`` itself, as the namespace function does, without
    that function's frame: operators run once per recorded op, and the user's line is found by
    walking the frames above."""
    return partial(F.binary, name, **options)


_BINARY = {
    "add": (_op("add"), "+="), "sub": (_op("sub"), "-="), "mul": (_op("mul"), "*="),
    "truediv": (_op("div", out_float=True), "/="), "floordiv": (_op("floor_divide"), "//="),
    "mod": (_op("remainder"), "%="), "pow": (F.pow, "**="), "matmul": (F.matmul, "@="),
    "and": (_op("bitwise_and"), "&="), "or": (_op("bitwise_or"), "|="),
    "xor": (_op("bitwise_xor"), "^="),
    "lshift": (E.bitwise_left_shift, "<<="), "rshift": (E.bitwise_right_shift, ">>="),
}
for _name, (_fn, _symbol) in _BINARY.items():
    setattr(Array, f"__{_name}__", _binary(_fn, _symbol[:-1]))
    setattr(Array, f"__r{_name}__", _binary(_fn, _symbol[:-1], reflected=True))
    setattr(Array, f"__i{_name}__", _inplace(_fn, _symbol))

for _name, _symbol in (("eq", "=="), ("ne", "!="), ("lt", "<"), ("le", "<="), ("gt", ">"),
                      ("ge", ">=")):
    setattr(Array, f"__{_name}__", _binary(_op(_name), _symbol))

Array.__neg__ = F.negative  # type: ignore[assignment]
Array.__pos__ = F.positive  # type: ignore[assignment]
Array.__abs__ = F.abs  # type: ignore[assignment]
Array.__invert__ = F.bitwise_invert  # type: ignore[assignment]
Array.__getitem__ = F.getitem  # type: ignore[attr-defined]
Array.__setitem__ = F.setitem  # type: ignore[attr-defined]


def _reduction(fn: Callable) -> Callable:
    def method(self: Array, axis: Any = None, *, dim: Any = None, keepdims: bool = False,
               **kwargs: Any) -> Array:
        return fn(self, axis, dim=dim, keepdims=keepdims, **kwargs)
    method.__doc__ = fn.__doc__
    return method


Array.sum = _reduction(F.sum)  # type: ignore[attr-defined]
Array.prod = _reduction(F.prod)  # type: ignore[attr-defined]
Array.mean = _reduction(F.mean)  # type: ignore[attr-defined]
Array.max = _reduction(F.max)  # type: ignore[attr-defined]
Array.min = _reduction(F.min)  # type: ignore[attr-defined]
Array.clip = F.clip  # type: ignore[attr-defined]
Array.squeeze = F.squeeze  # type: ignore[attr-defined]


def _unsqueeze(self: Array, dim: int) -> Array:
    return F.expand_dims(self, A.axis(dim, self.ndim + 1, "Array.unsqueeze: dim"))


def _flatten(self: Array) -> Array:
    return F.reshape(self, (-1,))


def _transpose(self: Array, dim0: int, dim1: int) -> Array:
    dim0 = A.axis(dim0, self.ndim, "Array.transpose: dim0")
    dim1 = A.axis(dim1, self.ndim, "Array.transpose: dim1")
    perm = list(range(self.ndim))
    perm[dim0], perm[dim1] = perm[dim1], perm[dim0]
    return F.permute_dims(self, perm)


def _clone(self: Array) -> Array:
    return F.astype(self, self.dtype, copy=True)


Array.unsqueeze = _unsqueeze  # type: ignore[attr-defined]
Array.flatten = _flatten  # type: ignore[attr-defined]
Array.transpose = _transpose  # type: ignore[attr-defined]
Array.clone = _clone  # type: ignore[attr-defined]
Array.copy = _clone  # type: ignore[attr-defined]


def _to_device(self: Array, device: Any, /, *, stream: Any = None) -> Array:
    return self.to(device)


def _complex(self: Array) -> complex:
    return complex(self._scalar("complex"))


Array.to_device = _to_device  # type: ignore[attr-defined]
Array.__complex__ = _complex  # type: ignore[attr-defined]
