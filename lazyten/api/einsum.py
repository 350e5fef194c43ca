"""``einsum``, NumPy's spelling: implicit outputs, ellipses and size-1 broadcasting are resolved
here, so the op table's ``einsum`` sees an explicit equation of letters over operands of one
dtype whose labels agree in size (what ONNX Einsum computes)."""
from __future__ import annotations

import functools
import itertools
import string

from .. import dtypes as D
from ..array import Array, ArrayLike, as_array, cast, wrap
from ..dtypes import DType
from ..errors import ArgumentError, ShapeError, ValueArgumentError
from ..lazy import apply
from .complex_math import complex_from, imag, real
from .dtype_functions import result_type
from .elementwise import add, subtract
from .manipulation import broadcast_to

_ELLIPSIS = "..."


def einsum(subscripts: str, /, *operands: ArrayLike) -> Array:
    """Einstein summation, as ``numpy.einsum``: ``"ij,jk->ik"`` is a matrix product,
    ``"ii->i"`` a diagonal, ``"bij->bji"`` a batched transpose. Without ``->`` the output holds
    the labels used once, in alphabetical order; ``...`` stands for broadcast leading axes;
    labels of size 1 broadcast. Operands promote by the dtype rules; complex ones are summed as
    real einsums of their parts.

    >>> lt.einsum("ij,j->i", lt.asarray([[1, 2], [3, 4]]), lt.asarray([10, 1]))
    lazyten.Array([12, 34], dtype=int64)
    """
    if not isinstance(subscripts, str):
        raise ArgumentError(f"einsum: subscripts must be a str such as 'ij,jk->ik', got "
                            f"{subscripts!r}")
    arrays = [as_array(x) for x in operands]
    if not arrays:
        raise ArgumentError("einsum needs at least one operand after the subscripts")
    spec = subscripts.replace(" ", "")
    inputs, arrow, output = spec.partition("->")
    terms = inputs.split(",")
    if len(terms) != len(arrays):
        raise ArgumentError(f"einsum: {subscripts!r} names {len(terms)} operand(s), got "
                            f"{len(arrays)}")
    for term in terms + ([output] if arrow else []):
        _check_term(term, subscripts)
    spare = [c for c in string.ascii_letters if c not in spec]
    width = max(a.ndim - len(t.replace(_ELLIPSIS, "")) for t, a in zip(terms, arrays))
    filler = "".join(spare[:max(width, 0)])
    terms = [_expand(t, a.shape, filler, subscripts) for t, a in zip(terms, arrays)]
    if arrow:
        if _ELLIPSIS not in output and width > 0:
            raise ShapeError(f"einsum: {subscripts!r} has broadcast axes (shapes "
                             f"{', '.join(str(a.shape) for a in arrays)}) but its output has "
                             "no '...' for them")
        output = output.replace(_ELLIPSIS, filler)
        _check_output(output, terms, subscripts)
    else:
        counts = {c: "".join(terms).count(c) for c in "".join(terms) if c not in filler}
        output = filler + "".join(sorted(c for c, k in counts.items() if k == 1))
    sizes = _sizes(terms, arrays, subscripts)
    dt = result_type(*arrays)
    full = []
    for term, a in zip(terms, arrays):
        target = tuple(sizes[c] for c in term)
        full.append(a if a.shape == target else broadcast_to(a, target))
    equation = f"{','.join(terms)}->{output}"
    if dt.kind == "c":
        return _complex_einsum(equation, full, dt)
    return wrap(apply("einsum", [cast(a._node(), dt) for a in full], equation=equation))


def _complex_einsum(equation: str, arrays: list[Array], dt: DType) -> Array:
    """Complex einsum as real einsums of the parts (ONNX Einsum multiplies real numbers), one
    for each choice of the real or the imaginary part of every complex operand (real operands
    have only the one): a choice of m imaginary parts adds its sum times i**m, as the four
    real matmuls of a complex one do."""
    part_dt = D.REAL_OF[dt]
    parts = [(real(a), imag(a)) if a.dtype.kind == "c" else (a,) for a in arrays]
    by_power: list[list[Array]] = [[], [], [], []]
    for choice in itertools.product(*(range(len(p)) for p in parts)):
        nodes = [cast(p[k]._node(), part_dt) for p, k in zip(parts, choice)]
        by_power[sum(choice) % 4].append(wrap(apply("einsum", nodes, equation=equation)))
    total = [functools.reduce(add, terms) if terms else None for terms in by_power]
    re = total[0] if total[2] is None else subtract(total[0], total[2])
    im = total[1] if total[3] is None else subtract(total[1], total[3])
    return complex_from(re, im)


def _check_term(term: str, subscripts: str) -> None:
    rest = term.replace(_ELLIPSIS, "", 1)
    bad = [c for c in rest if c not in string.ascii_letters]
    if bad:
        raise ValueArgumentError(f"einsum: {subscripts!r} has {bad[0]!r}; subscripts are "
                                 "letters, ',', '->' and at most one '...' per term")


def _expand(term: str, shape: tuple[int, ...], filler: str, subscripts: str) -> str:
    """The term with its ``...`` replaced by the last letters of ``filler`` (one per axis the
    ellipsis covers), checked against the operand's rank."""
    head, dots, tail = term.partition(_ELLIPSIS)
    named = len(head) + len(tail)
    if (named > len(shape)) or (not dots and named != len(shape)):
        raise ShapeError(f"einsum: {subscripts!r}: term {term!r} does not fit an operand of "
                         f"shape {shape}")
    covered = len(shape) - named
    return head + (filler[len(filler) - covered:] if covered else "") + tail


def _check_output(output: str, terms: list[str], subscripts: str) -> None:
    used = set("".join(terms))
    for k, c in enumerate(output):
        if c not in used:
            raise ValueArgumentError(f"einsum: output label {c!r} of {subscripts!r} is in no "
                                     "input term")
        if c in output[:k]:
            raise ValueArgumentError(f"einsum: output label {c!r} of {subscripts!r} appears "
                                     "twice")


def _sizes(terms: list[str], arrays: list[Array], subscripts: str) -> dict[str, int]:
    """Each label's size; 1 broadcasts against any size, as in NumPy."""
    sizes: dict[str, int] = {}
    for term, a in zip(terms, arrays):
        seen: dict[str, int] = {}
        for c, n in zip(term, a.shape):
            if seen.setdefault(c, n) != n:
                raise ShapeError(f"einsum: {subscripts!r}: label {c!r} repeats in one term "
                                 f"with sizes {seen[c]} and {n} (shape {a.shape})")
            if sizes.get(c, 1) == 1:
                sizes[c] = n
            elif n not in (1, sizes[c]):
                raise ShapeError(f"einsum: {subscripts!r}: label {c!r} has sizes {sizes[c]} "
                                 f"and {n} (operand shapes "
                                 f"{', '.join(str(x.shape) for x in arrays)})")
    return sizes
