"""Symbolic dimensions: sizes known only at run time (``lt.spec(("batch", 4))``), as
expressions (``2*batch``, ``batch*seq``, ``seq - 1``, ``(n + 1)//2``), like JAX's symbolic
shapes and PyTorch's SymInt.

A ``Dim`` is a polynomial with integer coefficients over atoms: dimension names, and the
floor division, remainder, minimum or maximum of an expression by an integer. Arithmetic with
ints and other dims stays symbolic; a result with no atom left is a plain ``int``. Two dims are
equal when their expressions are (``batch*2 == 2*batch``). Comparisons hold when they hold for
every size, every named dimension being at least 1 (JAX's assumption); a comparison the
symbols do not decide raises ``TraceError``. ``evaluate`` gives a dim's value for concrete
sizes; the ONNX exporter computes it from the inputs' shapes.
"""
from __future__ import annotations

import ast
from typing import Any, Union

from .errors import ShapeError, TraceError

Atom = Union[str, tuple]  # a name, or (op, Dim, int) with op one of "//", "%", "min", "max"
Monomial = tuple  # sorted atoms; () for the constant term
Size = Union[int, "Dim"]


def _atom_key(a: Atom) -> str:
    return a if isinstance(a, str) else _atom_text(a)


def _atom_text(a: Atom) -> str:
    if isinstance(a, str):
        return a
    op, d, k = a
    if op in ("min", "max"):
        return f"{op}({d}, {k})"
    inner = str(d)
    return f"({inner}){op}{k}" if " " in inner else f"{inner}{op}{k}"


class Dim:
    """A symbolic size. Build one with ``Dim.named("batch")``; combine with ``+ - * // %``."""

    __slots__ = ("terms", "_hash")

    def __init__(self, terms: tuple[tuple[Monomial, int], ...]) -> None:
        self.terms = terms
        self._hash = hash(terms)

    @staticmethod
    def named(name: str) -> "Dim":
        return Dim((((name,), 1),))

    # -- building -----------------------------------------------------------------------

    @staticmethod
    def _of(poly: dict[Monomial, int]) -> Size:
        terms = tuple(sorted(((m, c) for m, c in poly.items() if c),
                             key=lambda t: (-len(t[0]), [_atom_key(a) for a in t[0]])))
        if not terms:
            return 0
        if len(terms) == 1 and terms[0][0] == ():
            return terms[0][1]
        return Dim(terms)

    def _poly(self) -> dict[Monomial, int]:
        return dict(self.terms)

    def __add__(self, other: Any) -> Size:
        b = _poly(other)
        if b is None:
            return NotImplemented
        out = self._poly()
        for m, c in b.items():
            out[m] = out.get(m, 0) + c
        return Dim._of(out)

    __radd__ = __add__

    def __neg__(self) -> Size:
        return Dim._of({m: -c for m, c in self.terms})

    def __sub__(self, other: Any) -> Size:
        b = _poly(other)
        return NotImplemented if b is None else self + Dim._of({m: -c for m, c in b.items()})

    def __rsub__(self, other: Any) -> Size:
        b = _poly(other)
        return NotImplemented if b is None else (-self) + Dim._of(b)

    def __mul__(self, other: Any) -> Size:
        b = _poly(other)
        if b is None:
            return NotImplemented
        out: dict[Monomial, int] = {}
        for ma, ca in self.terms:
            for mb, cb in b.items():
                m = tuple(sorted(ma + mb, key=_atom_key))
                out[m] = out.get(m, 0) + ca * cb
        return Dim._of(out)

    __rmul__ = __mul__

    def __floordiv__(self, other: Any) -> Size:
        if isinstance(other, Dim):
            exact = self.exact_div(other)
            if exact is None:
                raise TraceError(f"cannot divide the dimension {self} by {other}: only exact "
                                 "divisions of symbolic sizes are expressed")
            return exact
        k = self._divisor(other, "divided by")
        if k is None:
            return NotImplemented
        if all(c % k == 0 for _, c in self.terms):
            return Dim._of({m: c // k for m, c in self.terms})
        return Dim._of({(("//", self, k),): 1})

    def __mod__(self, other: Any) -> Size:
        k = self._divisor(other, "modulo")
        if k is None:
            return NotImplemented
        if all(c % k == 0 for _, c in self.terms):
            return 0
        return Dim._of({(("%", self, k),): 1})

    def _divisor(self, other: Any, what: str) -> int | None:
        """``other`` as a positive int divisor; None when it is no int."""
        k = _int(other)
        if k is not None and k <= 0:
            raise ShapeError(f"a dimension ({self}) {what} {k}: only positive divisors")
        return k

    def exact_div(self, other: "Dim | int") -> Size | None:
        """``self / other`` when ``other`` (one term) divides every term exactly, else None."""
        b = _poly(other)
        if b is None or len(b) != 1:
            return None
        ((mb, cb),) = b.items()
        out: dict[Monomial, int] = {}
        for m, c in self.terms:
            rest = list(m)
            for a in mb:
                if a not in rest:
                    return None
                rest.remove(a)
            if c % cb:
                return None
            out[tuple(rest)] = c // cb
        return Dim._of(out)

    # -- comparing ----------------------------------------------------------------------

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Dim) and other.terms == self.terms

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    def __hash__(self) -> int:
        return self._hash

    def __lt__(self, other: Any) -> bool:
        return self._ge_or_raise(other, "<", strict=True, flip=True)

    def __le__(self, other: Any) -> bool:
        return self._ge_or_raise(other, "<=", strict=False, flip=True)

    def __gt__(self, other: Any) -> bool:
        return self._ge_or_raise(other, ">", strict=True, flip=False)

    def __ge__(self, other: Any) -> bool:
        return self._ge_or_raise(other, ">=", strict=False, flip=False)

    def _ge_or_raise(self, other: Any, op: str, strict: bool, flip: bool) -> bool:
        diff = (self - other) if not flip else (other - self)  # we decide diff >= 0 (or > 0)
        if isinstance(diff, int):
            return diff > 0 if strict else diff >= 0
        if isinstance(diff, Dim):
            low = diff.lower_bound()
            if low is not None and (low > 0 or (low >= 0 and not strict)):
                return True
            high = (-diff).lower_bound()
            if high is not None and (high > 0 or (high >= 0 and strict)):
                return False
            raise TraceError(f"cannot decide {self} {op} {other} for every size of "
                             f"{', '.join(sorted(diff.symbols()))} (named dimensions are at "
                             "least 1); use lt.where, or make the size static")
        return NotImplemented

    def lower_bound(self) -> int | None:
        """The least value for sizes >= 1, when every non-constant term has a non-negative
        coefficient (then it is reached at the least atoms); None otherwise."""
        total = 0
        for m, c in self.terms:
            if m and c < 0:
                return None
            value = c
            for a in m:
                low = _atom_low(a)
                if low is None:
                    return None
                value *= low
            total += value
        return total

    # -- using --------------------------------------------------------------------------

    def symbols(self) -> set[str]:
        out: set[str] = set()
        for m, _ in self.terms:
            for a in m:
                if isinstance(a, str):
                    out.add(a)
                else:
                    out |= a[1].symbols() if isinstance(a[1], Dim) else set()
        return out

    def evaluate(self, env: dict[str, int]) -> int:
        total = 0
        for m, c in self.terms:
            value = c
            for a in m:
                value *= _atom_value(a, env)
            total += value
        return total

    def __index__(self) -> int:
        raise TraceError(f"the symbolic dimension {self} was used where a concrete integer is "
                         "needed; its value is known only when the compiled function runs")

    __int__ = __index__

    def __str__(self) -> str:
        parts = []
        for m, c in self.terms:
            body = "*".join(_atom_text(a) for a in m)
            if not m:
                text = str(abs(c))
            elif abs(c) == 1:
                text = body
            else:
                text = f"{abs(c)}*{body}"
            parts.append(("- " if c < 0 else "+ ") + text if parts else ("-" if c < 0 else "")
                         + text)
        return " ".join(parts)

    def __repr__(self) -> str:
        return f"Dim({str(self)!r})"


def minimum(d: Size, k: int) -> Size:
    """``min(d, k)``: decided when the symbols decide it, else an atom."""
    return _extreme(d, k, "min")


def maximum(d: Size, k: int) -> Size:
    """``max(d, k)``: decided when the symbols decide it, else an atom."""
    return _extreme(d, k, "max")


def _extreme(d: Size, k: int, op: str) -> Size:
    if isinstance(d, int):
        return min(d, k) if op == "min" else max(d, k)
    try:
        larger = d >= k
    except TraceError:
        return Dim._of({((op, d, k),): 1})
    return (k if larger else d) if op == "min" else (d if larger else k)


def _int(x: Any) -> int | None:
    return int(x) if isinstance(x, int) and not isinstance(x, bool) else None


def _poly(x: Any) -> dict[Monomial, int] | None:
    if isinstance(x, Dim):
        return dict(x.terms)
    k = _int(x)
    return None if k is None else {(): k}


def _atom_low(a: Atom) -> int | None:
    if isinstance(a, str):
        return 1
    op, d, k = a
    low = d.lower_bound()
    if op == "//":
        return None if low is None else max(low // k, 0)
    if op == "%":
        return 0
    if op == "min":
        return None if low is None else min(low, k)
    return None if low is None else max(low, k)


def _atom_value(a: Atom, env: dict[str, int]) -> int:
    if isinstance(a, str):
        if a not in env:
            raise ShapeError(f"no size for the dimension {a!r}")
        return env[a]
    op, d, k = a
    v = d.evaluate(env)
    return {"//": v // k, "%": v % k, "min": min(v, k), "max": max(v, k)}[op]






def product(shape: tuple) -> Size:
    out: Size = 1
    for d in shape:
        out = out * d
    return out


def sizes_of(types: Any, shapes: Any) -> dict[str, int]:
    """The size of each dimension name, read off the concrete shapes of values whose types
    name them (a graph's inputs and what is fed to them)."""
    env: dict[str, int] = {}
    for t, shape in zip(types, shapes):
        for d, k in zip(t.shape, shape):
            name = name_of(d)
            if name is not None:
                env.setdefault(name, int(k))
    return env


def name_of(d: Any) -> str | None:
    """The name when ``d`` is a bare dimension name (``batch``), else None."""
    if type(d) is Dim and len(d.terms) == 1:
        (m, c), = d.terms
        if c == 1 and len(m) == 1 and isinstance(m[0], str):
            return m[0]
    return None


def resolve(value: Any, env: dict[str, int]) -> Any:
    """``value`` (an attribute: a size, or tuples of them) with every dim evaluated."""
    if type(value) is Dim:
        return value.evaluate(env)
    if isinstance(value, tuple):
        return tuple(resolve(v, env) for v in value)
    return value


def has_dims(value: Any) -> bool:
    if type(value) is Dim:
        return True
    if isinstance(value, tuple):
        return any(has_dims(v) for v in value)
    return False


def compact(d: Size) -> str:
    """A size as dumps and ONNX's ``dim_param`` write it: no spaces (``batch-1``)."""
    return str(d).replace(" ", "")


_BINARY = {ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b,
           ast.Mult: lambda a, b: a * b, ast.FloorDiv: lambda a, b: a // b,
           ast.Mod: lambda a, b: a % b}


def parse_dim(text: str) -> Size:
    """A size from its text (``4``, ``batch``, ``2*batch``, ``(n+1)//2``, ``min(batch,2)``)."""
    try:
        return _build(ast.parse(text.strip(), mode="eval").body)
    except (SyntaxError, ValueError, TypeError, KeyError) as exc:
        raise ShapeError(f"cannot read the size {text!r}: {exc}") from None


def _build(node: ast.AST) -> Size:
    if isinstance(node, ast.Constant) and type(node.value) is int:
        return node.value
    if isinstance(node, ast.Name):
        return Dim.named(node.id)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return -_build(node.operand)  # type: ignore[operator]
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        return _BINARY[type(node.op)](_build(node.left), _build(node.right))
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and \
            node.func.id in ("min", "max") and len(node.args) == 2:
        a, b = _build(node.args[0]), _build(node.args[1])
        if type(b) is not int:
            a, b = b, a
        return (minimum if node.func.id == "min" else maximum)(a, b)  # type: ignore[arg-type]
    raise ValueError(f"unexpected {ast.dump(node)}")
