"""A seeded generator of random straight-line lazyten programs, run side by side with NumPy.

Every program is generated as Python source text, one step at a time, and executed as it is
generated: each step is a few NumPy lines (the *mirror*, computing what lazyten's documented
rules say the result is) followed by the lazyten lines under test. Variables come in pairs:

- ``aK`` (a lazyten array) mirrored by ``nK`` (a NumPy array);
- ``rK`` (an ndarray the program got from lazyten: ``.numpy()``, ``np.asarray``, or one it made
  for ``lt.from_numpy``) mirrored by ``mK``.

Mirrors alias exactly as the program's arrays do: a lazyten view is mirrored by the same NumPy
view of the mirror, ``.numpy()`` by the mirror itself. Results of NumPy-side computations are
cast explicitly to the dtype lazyten's rules give (README: default float32/int64, float with int
gives the float dtype, weak Python scalars, ``int / int`` and math of ints give float32, ...), so
NumPy's own promotion never decides a result.

Since the program runs while it is generated, the generator looks at the mirrors' values to stay
clear of undefined behaviour (NaN or out-of-range float -> int casts, negative shift counts,
integers to negative powers) and of discontinuous functions of inexact floats (``floor`` of an
``exp`` result would magnify one ulp into 1.0).

A failing program is printed as a script that reproduces it: the header (imports and the
``_check`` helpers) plus every step up to the failure. ``python tests/fuzz_programs.py SEED``
runs one program; ``... SEED --minimize`` shrinks a failing one step by step.
"""
from __future__ import annotations

import math
import os
import random
import re
import sys
import traceback
import warnings
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

# The helpers every program (and every printed reproducer) starts with.
HEADER = '''\
import warnings
import numpy as np
import lazyten as lt
from math import nan, inf
np.seterr(all="ignore")
warnings.simplefilter("ignore", RuntimeWarning)


def _cmp(name, got, ref, rtol, atol):
    assert got.dtype == ref.dtype, f"{name}: dtype {got.dtype} != expected {ref.dtype}"
    assert got.shape == ref.shape, f"{name}: shape {got.shape} != expected {ref.shape}"
    if ref.dtype.kind == "f":
        g, r = got.astype(np.float64), ref.astype(np.float64)
        ok = np.isclose(g, r, rtol=rtol, atol=atol, equal_nan=True) | (g == r)
    else:
        ok = got == ref
    if not np.all(ok):
        bad = np.argwhere(~np.asarray(ok))[:5].tolist()
        raise AssertionError(f"{name}: values differ at {bad}\\n got      {got!r}\\n "
                             f"expected {ref!r}")


def _check(name, x, ref, rtol=0.0, atol=0.0):
    """x (lazyten array or ndarray) equals ref, read through tolist() (no memory sharing)."""
    if isinstance(x, lt.Array):
        assert x.dtype == ref.dtype, f"{name}: dtype {x.dtype} != expected {ref.dtype}"
        assert x.shape == ref.shape, f"{name}: shape {x.shape} != expected {ref.shape}"
        try:
            x = np.array(x.tolist(), dtype=ref.dtype).reshape(ref.shape)
        except Exception as exc:
            raise AssertionError(f"{name}: tolist() raised {type(exc).__name__}: {exc}")
    else:
        assert type(x) is np.ndarray, f"{name}: {type(x).__name__} instead of an ndarray"
    _cmp(name, x, ref, rtol, atol)


def _final(**pairs):
    """.numpy() of every lazyten array equals its mirror, and memory is shared exactly where
    the mirrors share it."""
    outs = {}
    for name, (x, ref, rtol, atol) in pairs.items():
        try:
            got = x.numpy() if isinstance(x, lt.Array) else x
        except Exception as exc:
            raise AssertionError(f"{name}.numpy() raised {type(exc).__name__}: {exc}")
        assert type(got) is np.ndarray, \\
            f"{name}.numpy(): {type(got).__name__} instead of an ndarray"
        _cmp(name + ".numpy()", got, ref, rtol, atol)
        outs[name] = (got, ref)
    names = list(outs)
    for i, p in enumerate(names):
        for q in names[i + 1:]:
            s = np.shares_memory(outs[p][0], outs[q][0])
            t = np.shares_memory(outs[p][1], outs[q][1])
            assert s == t, (f"{p} and {q}: their ndarrays {'share' if s else 'do not share'} "
                            f"memory, NumPy's {'do' if t else 'do not'}")
'''

DTYPES = ["bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
          "float16", "float32", "float64"]
DTYPE_WEIGHTS = [6, 3, 3, 5, 10, 3, 2, 3, 3, 2, 14, 8]
INTS = DTYPES[1:9]
FLOATS = ["float16", "float32", "float64"]
_KIND_RANK = {"b": 0, "u": 1, "i": 1, "f": 2}

# Known lazyten bugs (being fixed elsewhere). A failure traced to a step carrying one of these
# tags (or to a value computed from one) is reported as a known failure, not a new one.
KNOWN: dict[str, str] = {}

# Failures this fuzzer found, all fixed: their tags stay on the steps that once triggered them,
# so a regression is reported under its old name (LAZYTEN_FUZZ_IGNORE=all skips these steps)
FOUND = {
    "matmul_T_vec": "transposed matrix @ 1-D vector gave wrong numbers (onnxruntime fusion)",
    "matmul_empty": "matmul with an empty inner dimension or zero-size dims",
    "int64_2_31": "int64 sign of values in [2**31, 2**32)",
    "numpy_0d_view": ".numpy() of a 0-d view returned a NumPy scalar",
    "index_0d": "a[lt.argmax(a)] (a 0-d index array) had shape (1,) instead of ()",
    "maxmin_empty_axes": "min/max with axis=() on empty arrays raised",
    "setitem_extra_dims": "x[0] = [[7, 8]] (value with extra leading size-1 dims) raised",
    "special_unary": "expm1/log1p/sinh/cosh special values",
    "nextafter64": "nextafter(0, 1) in float64",
    "argmax_bool": "argmax/argmin of a bool array raised DTypeError (NumPy accepts bool)",
    "logical_scalar": "logical_and/or/xor with a Python int or float scalar",
    "axis_m1_0d": "reductions of a 0-d array with axis=-1 raised",
    "list_value_f32": "x[...] = [python floats] into a float64 array rounded through float32",
    "f16_intermediate": "float16 results were not rounded between ops ((2048 + 1) + 1 == 2050)",
    "expand_to_empty": "broadcast_to(ones((1,)) * 2, (0,)) + 1 computed one element "
                       "(onnxruntime's optimizer dropped the empty Expand)",
    "cmp_out_of_range": "comparing with a Python int outside the dtype's range raised",
    "numpy_reshape_view": ".numpy() of a reshape of a transposed view was a writable copy",
    "pow_u64_neg": "uint64 array ** negative int64 array raised although they promote to float",
    "uint64_list": "lt.asarray([2**64 - 2, 0], dtype=lt.uint64) went through float64",
}


# ---------------------------------------------------------------------------------------------
# lazyten's documented dtype rules (README, "Dtype choices"), written independently of lazyten

def promote(a: str, b: str) -> str:
    if a == b:
        return a
    da, db = np.dtype(a), np.dtype(b)
    ra, rb = _KIND_RANK[da.kind], _KIND_RANK[db.kind]
    if ra != rb:
        return a if ra > rb else b
    if da.kind == "f":
        return a if da.itemsize >= db.itemsize else b
    if da.kind == db.kind:
        return a if da.itemsize >= db.itemsize else b
    s, u = (da, db) if da.kind == "i" else (db, da)
    if s.itemsize > u.itemsize:
        return s.name
    return {1: "int16", 2: "int32", 4: "int64"}.get(u.itemsize, "float64")


def weak(value: Any, other: str) -> str:
    """dtype of a Python scalar next to an array of dtype ``other``."""
    k = np.dtype(other).kind
    if isinstance(value, bool):
        return other
    if isinstance(value, int):
        return "int64" if k == "b" else other
    return other if k == "f" else "float32"


def default_dtype(value: Any) -> str:
    return "bool" if isinstance(value, bool) else "int64" if isinstance(value, int) else "float32"


def sum_dtype(dt: str) -> str:
    d = np.dtype(dt)
    if d.kind == "b" or (d.kind == "i" and d.itemsize < 8):
        return "int64"
    if d.kind == "u" and d.itemsize < 8:
        return "uint64"
    return dt


def kind(dt: str) -> str:
    return np.dtype(dt).kind


def eps(dt: str) -> float:
    return float(np.finfo(dt).eps) if kind(dt) == "f" else 0.0


def base_tol(dt: str) -> tuple[float, float]:
    return {"float16": (1e-2, 1e-3), "float32": (1e-5, 1e-6),
            "float64": (1e-12, 1e-12)}.get(dt, (0.0, 0.0))


def approx_rtol(dt: str) -> float:
    return {"float16": 2e-2, "float32": 1e-4, "float64": 1e-10}.get(dt, 0.0)


def absf(a: Any) -> np.ndarray:
    """|a| as a float64 ndarray, non-finite entries set to 0."""
    with np.errstate(all="ignore"):
        out = np.array(np.abs(np.asarray(a).astype(np.float64)))
    out[~np.isfinite(out)] = 0
    return out


def fmax(a: np.ndarray) -> float:
    """Largest finite magnitude in ``a`` (0 for none)."""
    a = np.asarray(a)
    if a.dtype.kind != "f":
        a = a.astype(np.float64)
    a = np.abs(a[np.isfinite(a)].astype(np.float64))
    return float(a.max()) if a.size else 0.0


# ---------------------------------------------------------------------------------------------
# Program state

@dataclass
class Group:
    """One storage: every variable viewing the same memory shares its group."""
    exact: bool = True          # values are deterministic (no order- or libm-dependent rounding)
    rtol: float = 0.0
    atol: float = 0.0
    tags: set = field(default_factory=set)


@dataclass
class Var:
    name: str                   # aK (lazyten) or rK (ndarray held by the program)
    mirror: str                 # nK or mK
    lazy: bool                  # name is a lazyten array
    group: Group
    view: bool = False          # a lazyten view (basic index, reshape, permute)
    tags: set = field(default_factory=set)  # tags of this variable alone

    def all_tags(self) -> set:
        return self.group.tags | self.tags


@dataclass
class Step:
    np_lines: list[str]
    lt_lines: list[str]
    tags: set = field(default_factory=set)
    inputs: list = field(default_factory=list)
    apply: Callable[[], None] | None = None  # updates the pool once the step ran
    check: bool = False         # a checkpoint follows

    def text(self) -> list[str]:
        return self.np_lines + self.lt_lines


class Failure(Exception):
    def __init__(self, message: str, known: set, program: str, seed: int,
                 steps: list[list[str]]) -> None:
        super().__init__(message)
        self.message, self.known, self.program, self.seed = message, known, program, seed
        self.steps = steps      # the program's lines grouped by step (for minimize)

    def report(self) -> str:
        known, found = self.known & set(KNOWN), self.known & set(FOUND)
        kind_ = ("known bug: " + ", ".join(sorted(known)) if known else
                 "found before: " + ", ".join(sorted(found)) if found else "NEW")
        return (f"lazyten differs from NumPy in fuzz program seed={self.seed} [{kind_}]\n"
                f"{self.message}\n\n--- reproducer (paste into python) ---\n{self.program}")


# ---------------------------------------------------------------------------------------------
# The generator

class Gen:
    def __init__(self, seed: int, n_steps: int = 15) -> None:
        self.seed = seed
        self.rng = random.Random(seed)
        self.n_steps = n_steps
        self.vars: list[Var] = []
        self.counter = 0
        self.swarm: dict[str, float] = {"s_create": 1.0}
        self.zero_weight = self.rng.choice((0.3, 1.0, 1.0, 4.0))   # zero-size dimensions
        self.edge_scale = self.rng.choice((0.0, 1.0, 1.0, 2.5))    # iinfo/finfo edge values
        self.dtype_weights = [w * self.rng.choice((0.0, 0.0, 1.0, 1.0, 3.0))
                              for w in DTYPE_WEIGHTS]
        self.lines: list[str] = []          # the program so far (after the header)
        self.groups: list[list[str]] = []   # the same lines, one list per step or check
        self.ns: dict[str, Any] = {}
        # in this process the NumPy error state and warning filters stay as they are: the
        # program runs inside np.errstate and warnings.catch_warnings (see run)
        exec(compile(HEADER.replace('np.seterr(all="ignore")\n', "").replace(
            'warnings.simplefilter("ignore", RuntimeWarning)\n', ""), "<fuzz-header>", "exec"),
            self.ns)
        # LAZYTEN_FUZZ_AVOID=tag,tag (or "all"): generate no step carrying these known or
        # found tags (to hunt past them)
        avoid = os.environ.get("LAZYTEN_FUZZ_AVOID", "")
        self.avoid = set(KNOWN) | set(FOUND) if avoid == "all" else \
            {t for t in avoid.split(",") if t}

    # -- helpers --------------------------------------------------------------------------

    def new_names(self, lazy: bool = True) -> tuple[str, str]:
        k = self.counter
        self.counter += 1
        return (f"a{k}", f"n{k}") if lazy else (f"r{k}", f"m{k}")

    def m(self, v: Var) -> np.ndarray:
        return self.ns[v.mirror]

    def dt(self, v: Var) -> str:
        return self.m(v).dtype.name

    def shape(self, v: Var) -> tuple:
        return self.m(v).shape

    def pick(self, pred: Callable[[Var], bool] = lambda v: True, lazy: bool | None = True
             ) -> Var | None:
        cands = [v for v in self.vars if (lazy is None or v.lazy == lazy) and pred(v)]
        if not cands:
            return None
        # recent variables more often
        weights = [1.0 + 0.3 * i for i in range(len(cands))]
        return self.rng.choices(cands, weights)[0]

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def rand_dtype(self, kinds: str = "biuf") -> str:
        ok = [d for d in DTYPES if kind(d) in kinds]
        w = [self.dtype_weights[DTYPES.index(d)] for d in ok]
        if not any(w):
            w = [DTYPE_WEIGHTS[DTYPES.index(d)] for d in ok]
        return self.rng.choices(ok, w)[0]

    def rand_shape(self, ndim: int | None = None) -> tuple:
        if ndim is None:
            ndim = self.rng.choices([0, 1, 2, 3, 4], [2, 6, 6, 3, 1])[0]
        return tuple(self.rng.choices([0, 1, 2, 3, 4, 5], [self.zero_weight, 5, 6, 6, 4, 2])[0]
                     for _ in range(ndim))

    def rand_value(self, dt: str, edge: float = 0.0) -> Any:
        r = self.rng
        k = kind(dt)
        if k == "b":
            return r.random() < 0.5
        if k in "iu":
            info = np.iinfo(dt)
            if r.random() < edge:
                vals = [info.min, info.max, info.min + 1, info.max - 1, info.max // 2 + 1]
                if info.bits == 64:
                    vals += [r.randrange(2**31, 2**32), 2**31, 2**32 - 1]
                    if k == "i":
                        vals += [-r.randrange(2**31, 2**32), -2**31 - 1]
                if info.bits == 32 and k == "u":
                    vals += [r.randrange(2**31, 2**32)]
                return int(r.choice(vals))
            lo = 0 if k == "u" else -6
            return r.randint(lo, 6)
        if r.random() < edge:
            big = {"float16": 6.0e4, "float32": 3.0e38, "float64": 1.0e300}[dt]
            tiny = {"float16": 6e-8, "float32": 1e-40, "float64": 1e-310}[dt]
            return r.choice([math.nan, math.inf, -math.inf, 0.0, -0.0, big, -big, tiny,
                             1e4, -1e4])
        c = r.random()
        if c < 0.6:
            return float(r.randint(-6, 6))
        if c < 0.8:
            return r.randint(-12, 12) / 4
        return round(r.uniform(-8, 8), 4)

    def fmt(self, v: Any) -> str:
        if isinstance(v, float):
            if math.isnan(v):
                return "nan"
            if math.isinf(v):
                return "inf" if v > 0 else "-inf"
            return repr(v)
        return repr(v)

    def nested(self, flat: list, shape: tuple) -> str:
        if not shape:
            return self.fmt(flat[0])
        n = len(flat) // shape[0] if shape[0] else 0
        return "[" + ", ".join(self.nested(flat[i * n:(i + 1) * n], shape[1:])
                               for i in range(shape[0])) + "]"

    def data(self, dt: str, shape: tuple, edge: float | None = None) -> list:
        if edge is None:
            edge = self.rng.choice([0.0, 0.0, 0.0, 0.1, 0.3]) * self.edge_scale
        return [self.rand_value(dt, edge) for _ in range(int(np.prod(shape, dtype=np.int64)))]

    def tol_of(self, v: Var) -> tuple[float, float]:
        dt = self.dt(v)
        if kind(dt) != "f":
            return 0.0, 0.0
        r, a = base_tol(dt)
        return max(r, v.group.rtol), max(a, v.group.atol)

    def check_lines(self, final: bool = False) -> list[str]:
        lines = []
        for v in self.vars:
            r, a = self.tol_of(v)
            lines.append(f"_check({v.name!r}, {v.name}, {v.mirror}, {r!r}, {a!r})")
        if final and self.vars:
            items = []
            for v in self.vars:
                r, a = self.tol_of(v)
                items.append(f"{v.name}=({v.name}, {v.mirror}, {r!r}, {a!r})")
            lines.append("_final(" + ", ".join(items) + ")")
        return lines

    # -- running --------------------------------------------------------------------------

    def program_text(self, extra: list[str] = ()) -> str:
        return HEADER + "\n\n" + "\n".join(self.lines + list(extra)) + "\n"

    def fail(self, message: str, known: set, extra: list[str], grouped: bool = True
             ) -> Failure:
        groups = self.groups + ([list(extra)] if grouped else [[e] for e in extra])
        return Failure(message, known, self.program_text(extra), self.seed, groups)

    def run_step(self, step: Step) -> bool:
        """Run one step: False if the NumPy side refused it (the step is dropped)."""
        extra = self.f16_casts(step)
        step.tags |= extra
        if step.tags & self.avoid:
            return False
        try:
            with np.errstate(all="ignore"):
                for line in step.np_lines:
                    exec(line, self.ns)
        except Exception:
            for line in step.np_lines:   # forget names the failed mirror lines bound
                name = line.split("=")[0].strip()
                if name.isidentifier() and name.startswith(("n", "m")):
                    self.ns.pop(name, None)
            return False
        known = set(step.tags)
        for v in step.inputs:
            known |= v.all_tags()
        try:
            for line in step.lt_lines:
                exec(line, self.ns)
        except Exception as exc:
            tb = traceback.format_exception_only(type(exc), exc)
            raise self.fail(f"lazyten raised where NumPy did not:\n{''.join(tb).strip()}",
                            known, step.text()) from exc
        self.lines += step.text()
        self.groups.append(step.text())
        before = {id(v) for v in self.vars}
        if step.apply is not None:
            step.apply()
        if extra:
            fresh = [v for v in self.vars if id(v) not in before]
            for v in fresh or step.inputs[:1]:
                v.group.tags |= extra
        return True

    def f16_casts(self, step: Step) -> set:
        """A float16 conversion of an input that changes its values (rounding or overflow):
        lazyten keeps the float32 value in the ops that follow (found bug f16_intermediate)."""
        text = "\n".join(step.np_lines)
        for v in step.inputs:
            if self.dt(v) == "float16" or not re.search(
                    rf"\b{v.mirror}(\.mT|\.T)?\.astype\(np\.float16\)", text):
                continue
            with np.errstate(all="ignore"):
                a = self.m(v).astype(np.float64)
                b = a.astype(np.float16).astype(np.float64)
            if np.any((a != b) & ~np.isnan(a)):
                return {"f16_intermediate"}
        return set()

    def run_checks(self, final: bool = False) -> None:
        lines = self.check_lines(final)
        for i, line in enumerate(lines):
            try:
                exec(line, self.ns)
            except Exception as exc:
                known = self.known_for_check(line, exc)
                tb = traceback.format_exception_only(type(exc), exc)
                raise self.fail("check failed: " + "".join(tb).strip(), known,
                                lines[:i + 1], grouped=False) from exc
        self.lines += lines
        self.groups += [[line] for line in lines]

    def known_for_check(self, line: str, exc: BaseException) -> set:
        """Tags of the variables a failed check names (``aK: ...``, ``aK.numpy() ...``,
        ``aK and aJ: ...``)."""
        msg = str(exc)
        head = msg.split(":")[0]
        names = set(re.findall(r"\b[ar]\d+\b", head))
        known: set = set()
        for v in self.vars:
            if v.name in names:
                known |= v.all_tags()
                if line.startswith("_final") and v.lazy and v.view and self.shape(v) == ():
                    known.add("numpy_0d_view")
        return known

    def run(self) -> None:
        steps_done = 0
        attempts = 0
        while steps_done < self.n_steps and attempts < self.n_steps * 8:
            attempts += 1
            step = self.make_step()
            if step is None:
                continue
            if self.run_step(step):
                steps_done += 1
                if step.check:
                    self.run_checks()
                if len(self.vars) > 14:
                    self.vars.pop(self.rng.randrange(len(self.vars) - 4))
        self.run_checks(final=True)

    # -- step selection ---------------------------------------------------------------------

    def make_step(self) -> Step | None:
        lazy = [v for v in self.vars if v.lazy]
        if len(lazy) < 2:
            return self.s_create()
        kinds = [
            (self.s_create, 8), (self.s_binary, 16), (self.s_unary, 8), (self.s_reduce, 8),
            (self.s_arg, 2), (self.s_cumsum, 2), (self.s_reshape, 4), (self.s_permute, 4),
            (self.s_expand_squeeze, 3), (self.s_broadcast, 2), (self.s_concat, 3),
            (self.s_flip, 2), (self.s_matmul, 5), (self.s_view, 7), (self.s_adv_read, 4),
            (self.s_setitem, 7), (self.s_setitem_adv, 3), (self.s_inplace, 6),
            (self.s_numpy, 4), (self.s_write_numpy, 4), (self.s_from_numpy, 2),
            (self.s_realize, 2), (self.s_where_clip, 3), (self.s_astype, 3),
            (self.s_observe, 2), (self.s_del, 2), (self.s_copy, 2), (self.s_overlap, 3),
            (self.s_loop, 1),
        ]
        weights = [w * self.swarm.setdefault(k.__name__, self.rng.choice(self.SWARM))
                   for k, w in kinds]
        fn = self.rng.choices([k for k, _ in kinds], weights)[0]
        return fn()

    # swarm testing: each program weighs each kind of step (and each dtype) by one of these
    SWARM = (0.0, 0.3, 1.0, 1.0, 1.0, 2.5, 5.0)

    # -- adding variables -----------------------------------------------------------------

    def adder(self, name: str, mirror: str, lazy: bool, group: Group | None = None,
              view: bool = False, tags: set | None = None, exact: bool = True,
              rtol: float = 0.0, atol: float = 0.0, inputs: list | None = None,
              step_tags: set | None = None) -> Callable[[], None]:
        """Deferred: add a new variable once its step has run."""
        def apply() -> None:
            g = group
            if g is None:
                g = Group(exact=exact, rtol=rtol, atol=atol)
                for v in inputs or []:
                    g.tags |= v.all_tags()
                g.tags |= step_tags or set()
                g.tags |= self.f16_tags(self.ns[mirror], inputs or [])
            self.vars.append(Var(name, mirror, lazy, g, view, set(tags or ())))
        return apply

    def f16_tags(self, result: np.ndarray, inputs: list[Var]) -> set:
        """A float16 result that overflowed from finite inputs (lazyten keeps float32
        intermediates there)."""
        if result.dtype != np.float16 or not np.isinf(result).any():
            return set()
        for v in inputs:
            mv = self.m(v)
            if mv.dtype.kind == "f" and np.isinf(mv).any():
                return set()
        return {"f16_intermediate"}

    def out_tol(self, dt: str, inputs: list[Var], approx: bool = False,
                atol: float = 0.0) -> dict:
        """exact/rtol/atol of an elementwise result of ``inputs``."""
        exact = all(v.group.exact for v in inputs) and not approx
        if kind(dt) != "f":
            return {"exact": True, "rtol": 0.0, "atol": 0.0}
        rtol = max([v.group.rtol for v in inputs] + [approx_rtol(dt) if approx else 0.0])
        at = max([v.group.atol for v in inputs] + [atol])
        return {"exact": exact, "rtol": rtol, "atol": at}

    # -- creation -------------------------------------------------------------------------

    def s_create(self, dt: str | None = None, shape: tuple | None = None) -> Step | None:
        r = self.rng
        dt = dt or self.rand_dtype()
        shape = self.rand_shape() if shape is None else shape
        a, n = self.new_names()
        size = int(np.prod(shape, dtype=np.int64))
        c = r.random()
        tags: set = set()
        np_lines: list[str]
        if c < 0.45 and size > 0:
            vals = self.data(dt, shape)
            lit = self.nested(vals, shape)
            tags |= self.list_tags(vals, dt)
            if r.random() < 0.3 and self._infers(vals, dt):
                lt_line = f"{a} = lt.asarray({lit})"
            else:
                f = r.choice(["asarray", "asarray", "tensor"])
                lt_line = f"{a} = lt.{f}({lit}, dtype=lt.{dt})"
            np_lines = [f"{n} = np.asarray({lit}, dtype=np.{dt})"]
        elif c < 0.55:
            vals = self.data(dt, shape)
            flat = "[" + ", ".join(self.fmt(v) for v in vals) + "]"
            src = f"np.asarray({flat}, dtype=np.{dt}).reshape({shape!r})"
            lt_line = f"{a} = lt.asarray({src})"
            np_lines = [f"{n} = {src}"]
        elif c < 0.65:
            fn = r.choice(["zeros", "ones", "empty"])
            val = 1 if fn == "ones" else 0
            if r.random() < 0.3:
                lt_line = f"{a} = lt.{fn}({shape!r})"
                dt = "float32"
            else:
                lt_line = f"{a} = lt.{fn}({shape!r}, dtype=lt.{dt})"
            np_lines = [f"{n} = np.full({shape!r}, {val}, dtype=np.{dt})"]
        elif c < 0.75:
            v = self.rand_value(dt, 0.2)
            if r.random() < 0.4:
                lt_line = f"{a} = lt.full({shape!r}, {self.fmt(v)})"
                dt = default_dtype(v)
            else:
                lt_line = f"{a} = lt.full({shape!r}, {self.fmt(v)}, dtype=lt.{dt})"
            np_lines = [f"{n} = np.full({shape!r}, {self.fmt(v)}, dtype=np.{dt})"]
        elif c < 0.82 and self.vars:
            src = self.pick(lambda v: True)
            if src is None:
                return None
            fn = r.choice(["zeros_like", "ones_like", "full_like"])
            sdt = self.dt(src)
            if fn == "full_like":
                v = self.rand_value(sdt if r.random() < 0.8 else self.rand_dtype(), 0.1)
                if kind(sdt) in "iu" and isinstance(v, float) and not (
                        math.isfinite(v) and np.iinfo(sdt).min <= v <= np.iinfo(sdt).max):
                    v = 3
                if kind(sdt) in "iu" and isinstance(v, int) and not isinstance(v, bool) and \
                        not np.iinfo(sdt).min <= v <= np.iinfo(sdt).max:
                    v = 1
                lt_line = f"{a} = lt.full_like({src.name}, {self.fmt(v)})"
                np_lines = [f"{n} = np.full_like({src.mirror}, {self.fmt(v)}, order=\"C\")"]
            else:
                lt_line = f"{a} = lt.{fn}({src.name})"
                np_lines = [f"{n} = np.{fn}({src.mirror}, order=\"C\")"]
            return Step(np_lines, [lt_line], inputs=[src],
                        apply=self.adder(a, n, True, inputs=[]))
        elif c < 0.9:
            # arange, possibly reshaped
            if kind(dt) == "f" and r.random() < 0.5:
                start = r.randint(-8, 4) / 2
                step = r.choice([0.5, 1.0, 1.5, -0.5, -1.0])
                stop = start + step * r.randint(0, 8)
                dflt = "float32"
            else:
                if kind(dt) == "b":
                    dt = "int64"
                start = r.randint(0 if kind(dt) == "u" else -5, 5)
                step = r.choice([1, 1, 2, 3, -1, -2])
                stop = start + step * r.randint(0, 8) + (r.choice([0, 1]) if step > 1 else 0)
                if kind(dt) == "u" and min(start, stop) < 0:
                    stop = start
                if r.random() < 0.05 and kind(dt) == "i" and dt == "int64":
                    start = r.randrange(2**31, 2**32)
                    stop = start + step * 3
                dflt = "int64"
            args = f"{start!r}, {stop!r}, {step!r}"
            if r.random() < 0.5:
                lt_line = f"{a} = lt.arange({args})"
                dt = dflt
            else:
                lt_line = f"{a} = lt.arange({args}, dtype=lt.{dt})"
            np_lines = [f"{n} = np.arange({args}, dtype=np.{dt})"]
            return Step(np_lines, [lt_line], apply=self.adder(a, n, True, inputs=[]))
        else:
            # 0-d from a Python scalar
            v = self.rand_value(dt, 0.2)
            if r.random() < 0.5:
                lt_line = f"{a} = lt.asarray({self.fmt(v)})"
                dt = default_dtype(v)
                if dt == "int64" and not -2**63 <= v < 2**63:
                    return None
            else:
                lt_line = f"{a} = lt.asarray({self.fmt(v)}, dtype=lt.{dt})"
            np_lines = [f"{n} = np.asarray({self.fmt(v)}, dtype=np.{dt})"]
        return Step(np_lines, [lt_line], tags=tags,
                    apply=self.adder(a, n, True, inputs=[], step_tags=tags))

    def list_tags(self, vals: list, dt: str) -> set:
        """Tags of a nested Python list literal converted by lazyten to ``dt``."""
        if kind(dt) in "iu" and np.array(vals).dtype.kind == "f":
            return {"uint64_list"}  # np.array(list) gives float64: big uint64 values are lost
        return set()

    def _infers(self, vals: list, dt: str) -> bool:
        """lt.asarray(list) without dtype gives dt (bool, int64 or float32)."""
        if dt == "bool":
            return True
        if dt == "int64":
            return all(-2**63 <= v < 2**63 for v in vals)
        return dt == "float32"

    def ensure(self, shape: tuple, kinds: str = "biuf", exact: bool = False) -> Var | None:
        """A lazy variable of exactly ``shape`` (created now if none is there)."""
        v = self.pick(lambda v: self.shape(v) == shape and kind(self.dt(v)) in kinds and
                      (v.group.exact or not exact))
        if v is not None and self.chance(0.7):
            return v
        step = self.s_create(self.rand_dtype(kinds), shape)
        if step is None or not self.run_step(step):
            return None
        return self.vars[-1]

    # -- elementwise ----------------------------------------------------------------------

    def operand_shape(self, shape: tuple) -> tuple:
        """A shape that broadcasts with ``shape`` to ``shape`` (or to a bigger one)."""
        r = self.rng
        s = list(shape)
        c = r.random()
        if c < 0.4:
            return shape
        if c < 0.6 and s:
            s = s[r.randint(0, len(s)):]
        for i in range(len(s)):
            if r.random() < 0.3:
                s[i] = 1
        if r.random() < 0.15:
            s = [r.choice([1, 2])] + s
        return tuple(s)

    def operand(self, x: Var, kinds: str = "biuf", exact: bool = False) -> Var | None:
        shape = self.operand_shape(self.shape(x))
        try:
            np.broadcast_shapes(shape, self.shape(x))
        except ValueError:
            return None
        cands = []
        for v in self.vars:
            if kind(self.dt(v)) not in kinds or (exact and not v.group.exact):
                continue
            try:
                np.broadcast_shapes(self.shape(v), self.shape(x))
            except ValueError:
                continue
            cands.append(v)
        if cands and self.chance(0.6):
            return self.rng.choice(cands)
        return self.ensure(shape, kinds, exact)

    def scalar_for(self, dt: str) -> Any:
        r = self.rng.random()
        k = kind(dt)
        if r < 0.15:
            return self.rng.random() < 0.5
        if r < 0.6 or k in "iu" or k == "b":
            if k == "f" and r >= 0.6:
                return self.rand_value("float64", 0.15)
            if k == "b":
                return self.rng.choice([self.rng.randint(-3, 3), self.rand_value("float32", 0.1)])
            v = self.rand_value(dt if k in "iu" else "int8", 0.05)
            return v
        return self.rand_value("float64", 0.15)

    BINARY = {
        # name: (operator symbol or None, lt function, kinds allowed)
        "add": ("+", "lt.add"), "sub": ("-", "lt.subtract"), "mul": ("*", "lt.multiply"),
        "div": ("/", "lt.divide"), "floordiv": ("//", "lt.floor_divide"),
        "mod": ("%", "lt.remainder"), "pow": ("**", "lt.pow"),
        "maximum": (None, "lt.maximum"), "minimum": (None, "lt.minimum"),
        "eq": ("==", "lt.equal"), "ne": ("!=", "lt.not_equal"), "lt": ("<", "lt.less"),
        "le": ("<=", "lt.less_equal"), "gt": (">", "lt.greater"),
        "ge": (">=", "lt.greater_equal"), "and": ("&", "lt.bitwise_and"),
        "or": ("|", "lt.bitwise_or"), "xor": ("^", "lt.bitwise_xor"),
        "land": (None, "lt.logical_and"), "lor": (None, "lt.logical_or"),
        "lxor": (None, "lt.logical_xor"), "lshift": ("<<", "lt.bitwise_left_shift"),
        "rshift": (">>", "lt.bitwise_right_shift"), "atan2": (None, "lt.atan2"),
        "hypot": (None, "lt.hypot"), "copysign": (None, "lt.copysign"),
        "logaddexp": (None, "lt.logaddexp"), "nextafter": (None, "lt.nextafter"),
    }
    NP_BINARY = {
        "add": "np.add", "sub": "np.subtract", "mul": "np.multiply", "div": "np.divide",
        "floordiv": "np.floor_divide", "mod": "np.remainder", "pow": "np.power",
        "maximum": "np.maximum", "minimum": "np.minimum", "eq": "np.equal",
        "ne": "np.not_equal", "lt": "np.less", "le": "np.less_equal", "gt": "np.greater",
        "ge": "np.greater_equal", "and": "np.bitwise_and", "or": "np.bitwise_or",
        "xor": "np.bitwise_xor", "land": "np.logical_and", "lor": "np.logical_or",
        "lxor": "np.logical_xor", "lshift": "np.left_shift", "rshift": "np.right_shift",
        "atan2": "np.arctan2", "hypot": "np.hypot", "copysign": "np.copysign",
        "logaddexp": "np.logaddexp", "nextafter": "np.nextafter",
    }
    BIN_WEIGHTS = {"add": 6, "sub": 5, "mul": 6, "div": 4, "floordiv": 4, "mod": 4, "pow": 3,
                   "maximum": 3, "minimum": 3, "eq": 2, "ne": 1, "lt": 2, "le": 1, "gt": 1,
                   "ge": 1, "and": 2, "or": 2, "xor": 2, "land": 1, "lor": 1, "lxor": 1,
                   "lshift": 1, "rshift": 1, "atan2": 1, "hypot": 1, "copysign": 1,
                   "logaddexp": 1, "nextafter": 1}
    CONTINUOUS = {"add", "sub", "mul", "maximum", "minimum"}

    def binary_plan(self, op: str, x: Var, y: Var | None, s: Any, reflected: bool
                    ) -> tuple[str, str, set, dict] | None:
        """(computing dtype, result dtype, tags, tolerance) of ``x op y`` or ``x op s``, or
        None where the case is not generated."""
        xd = self.dt(x)
        if y is not None:
            cd = promote(xd, self.dt(y))
        else:
            cd = weak(s, xd)
        if op in ("land", "lor", "lxor"):
            cd = "bool"
        rd = cd
        if op == "div" and kind(cd) != "f":
            cd = rd = "float32"
        if op in ("atan2", "hypot", "copysign", "logaddexp", "nextafter") and kind(cd) != "f":
            cd = rd = "float32"
        if op in ("eq", "ne", "lt", "le", "gt", "ge"):
            rd = "bool"
        k = kind(cd)
        if k == "b" and op in ("sub", "div", "pow", "floordiv", "mod", "lshift", "rshift"):
            return None
        if k == "f" and op in ("and", "or", "xor", "lshift", "rshift"):
            return None
        ins = [x] + ([y] if y is not None else [])
        inexact_in = not all(v.group.exact for v in ins)
        if inexact_in and op not in self.CONTINUOUS:
            return None
        xv = self.m(x)
        yv = self.m(y) if y is not None else np.asarray(s)
        lhs, rhs = (yv, xv) if reflected else (xv, yv)
        tags: set = set()
        if op == "pow" and k in "iu":
            e = rhs
            if np.asarray(e).dtype.kind == "f":
                return None
            if np.any(np.asarray(e).astype(np.float64) < 0):
                return None
        if op in ("lshift", "rshift"):
            cnt = np.asarray(rhs)
            bits = np.dtype(cd).itemsize * 8
            if cnt.dtype.kind == "f" or np.any(cnt.astype(np.float64) < 0) or \
                    np.any(cnt.astype(np.float64) >= bits):
                return None
        if op == "pow" and k == "f" and np.asarray(lhs).dtype.kind in "iu" and \
                np.asarray(rhs).dtype.kind in "iu" and np.any(np.asarray(rhs) < 0):
            tags.add("pow_u64_neg")   # uint64 ** int64 is float64 (README), yet lazyten raises
        if op == "copysign" and np.isnan(np.asarray(rhs, dtype=np.float64)).any():
            return None   # the sign of a computed NaN is not specified (IEEE 754)
        if op == "nextafter" and cd == "float64":
            tags.add("nextafter64")
        if op in ("land", "lor", "lxor") and y is None and not isinstance(s, bool):
            tags.add("logical_scalar")
        approx = k == "f" and op in ("pow", "atan2", "hypot", "logaddexp")
        atol = 0.0
        if k == "f" and inexact_in:
            # error propagation of the continuous ops
            ea = x.group.atol + base_tol(cd)[1]
            eb = (y.group.atol if y is not None else 0.0) + base_tol(cd)[1]
            if op == "mul":
                atol = ea * fmax(yv) + eb * fmax(xv) + ea * eb
            else:
                atol = ea + eb
        tol = self.out_tol(rd, ins, approx=approx, atol=atol)
        return cd, rd, tags, tol

    def s_binary(self) -> Step | None:
        r = self.rng
        ops = list(self.BIN_WEIGHTS)
        op = r.choices(ops, [self.BIN_WEIGHTS[o] for o in ops])[0]
        x = self.pick()
        if x is None:
            return None
        kinds = "biu" if op in ("and", "or", "xor") else "iu" if op in ("lshift", "rshift") \
            else "biuf"
        if kind(self.dt(x)) not in kinds:
            return None
        use_scalar = self.chance(0.3)
        y = s = None
        if use_scalar:
            s = self.scalar_for(self.dt(x))
            if op in ("lshift", "rshift"):
                s = r.randint(0, 7)
            if op == "pow" and kind(self.dt(x)) in "iu":
                s = r.randint(0, 5)
            if op in ("eq", "ne", "lt", "le", "gt", "ge") and kind(self.dt(x)) in "iu" and \
                    self.chance(0.15):
                info = np.iinfo(self.dt(x))   # out of the dtype's range (NumPy 2 compares)
                s = r.choice([int(info.min) - 1, int(info.max) + 1, -1 if info.min == 0 else 300])
        else:
            y = self.operand(x, kinds, exact=op not in self.CONTINUOUS)
            if y is None:
                return None
        reflected = self.chance(0.3)
        if y is not None and y is x:
            reflected = False
        plan = self.binary_plan(op, x, y, s, reflected)
        if plan is None:
            return None
        cd, rd, tags, tol = plan
        sym, fn = self.BINARY[op]
        xs = x.name
        ys = y.name if y is not None else self.fmt(s)
        if ys.startswith("-"):
            ys = f"({ys})"    # -2 ** x is -(2 ** x)
        left, right = (ys, xs) if reflected else (xs, ys)
        if sym is not None and (use_scalar or self.chance(0.6)):
            expr = f"{left} {sym} {right}"
        else:
            expr = f"{fn}({left}, {right})"
        a, n = self.new_names()
        xm = f"{x.mirror}.astype(np.{cd})"
        ym = (f"{y.mirror}.astype(np.{cd})" if y is not None
              else f"np.asarray({self.fmt(s)}, dtype=np.{cd})")
        lm, rm = (ym, xm) if reflected else (xm, ym)
        if op == "floordiv" and kind(cd) == "f":
            # README: exactly one infinite operand gives a / b (Array API), not NumPy's NaN
            np_expr = (f"(lambda p, q: np.where(np.isinf(p) != np.isinf(q), p / q, p // q))"
                       f"({lm}, {rm})")
        else:
            np_expr = f"{self.NP_BINARY[op]}({lm}, {rm})"
        if y is None and op in ("eq", "ne", "lt", "le", "gt", "ge") and kind(cd) in "iu" and \
                not isinstance(s, bool) and isinstance(s, int):
            info = np.iinfo(cd)
            if not info.min <= s <= info.max:
                # NumPy 2 compares with out-of-range Python ints exactly (NEP 50)
                rs = self.fmt(s)
                np_expr = f"{self.NP_BINARY[op]}({rs if reflected else xm}, {xm if reflected else rs})"
                tags.add("cmp_out_of_range")
        np_line = f"{n} = np.asarray({np_expr}).astype(np.{rd}, order=\"C\")"
        return Step([np_line], [f"{a} = {expr}"], tags=tags,
                    inputs=[x] + ([y] if y is not None else []),
                    apply=self.adder(a, n, True, inputs=[x] + ([y] if y else []),
                                     step_tags=tags, **tol))

    UNARY = {
        # name: (lt spellings, np function, kinds, result: same|float|bool, approx)
        "neg": (["-{x}", "lt.negative({x})"], "np.negative", "iuf", "same", False),
        "pos": (["+{x}", "lt.positive({x})"], "np.positive", "biuf", "same", False),
        "abs": (["abs({x})", "lt.abs({x})"], "np.abs", "biuf", "same", False),
        "invert": (["~{x}", "lt.bitwise_invert({x})"], "np.invert", "biu", "same", False),
        "lnot": (["lt.logical_not({x})"], "np.logical_not", "biuf", "bool", False),
        "exp": (["lt.exp({x})"], "np.exp", "biuf", "float", True),
        "log": (["lt.log({x})"], "np.log", "biuf", "float", True),
        "sqrt": (["lt.sqrt({x})"], "np.sqrt", "biuf", "float", False),
        "sin": (["lt.sin({x})"], "np.sin", "biuf", "float", True),
        "cos": (["lt.cos({x})"], "np.cos", "biuf", "float", True),
        "tanh": (["lt.tanh({x})"], "np.tanh", "biuf", "float", True),
        "tan": (["lt.tan({x})"], "np.tan", "biuf", "float", True),
        "atan": (["lt.atan({x})"], "np.arctan", "biuf", "float", True),
        "asinh": (["lt.asinh({x})"], "np.arcsinh", "biuf", "float", True),
        "expm1": (["lt.expm1({x})"], "np.expm1", "biuf", "float", True),
        "log1p": (["lt.log1p({x})"], "np.log1p", "biuf", "float", True),
        "sinh": (["lt.sinh({x})"], "np.sinh", "biuf", "float", True),
        "cosh": (["lt.cosh({x})"], "np.cosh", "biuf", "float", True),
        "log2": (["lt.log2({x})"], "np.log2", "biuf", "float", True),
        "floor": (["lt.floor({x})"], "np.floor", "biuf", "same", False),
        "ceil": (["lt.ceil({x})"], "np.ceil", "biuf", "same", False),
        "round": (["lt.round({x})"], "np.round", "biuf", "same", False),
        "trunc": (["lt.trunc({x})"], "np.trunc", "biuf", "same", False),
        "sign": (["lt.sign({x})"], "np.sign", "iuf", "same", False),
        "square": (["lt.square({x})"], "np.square", "iuf", "same", False),
        "reciprocal": (["lt.reciprocal({x})"], "np.reciprocal", "biuf", "float", False),
        "isnan": (["lt.isnan({x})"], "np.isnan", "biuf", "bool", False),
        "isinf": (["lt.isinf({x})"], "np.isinf", "biuf", "bool", False),
        "isfinite": (["lt.isfinite({x})"], "np.isfinite", "biuf", "bool", False),
        "signbit": (["lt.signbit({x})"], "np.signbit", "biuf", "bool", False),
    }
    UN_WEIGHTS = {"neg": 5, "pos": 2, "abs": 4, "invert": 3, "lnot": 2, "exp": 3, "log": 3,
                  "sqrt": 3, "sin": 3, "cos": 2, "tanh": 2, "tan": 1, "atan": 1, "asinh": 1,
                  "expm1": 1, "log1p": 1, "sinh": 1, "cosh": 1, "log2": 1, "floor": 3,
                  "ceil": 2, "round": 2, "trunc": 2, "sign": 2, "square": 2, "reciprocal": 2,
                  "isnan": 2, "isinf": 1, "isfinite": 1, "signbit": 1}
    UN_CONTINUOUS = {"neg", "pos", "abs"}

    def s_unary(self) -> Step | None:
        r = self.rng
        names = list(self.UN_WEIGHTS)
        op = r.choices(names, [self.UN_WEIGHTS[o] for o in names])[0]
        spellings, npf, kinds, res, approx = self.UNARY[op]
        x = self.pick(lambda v: kind(self.dt(v)) in kinds)
        if x is None:
            return None
        if not x.group.exact and op not in self.UN_CONTINUOUS:
            return None
        xd = self.dt(x)
        cd = xd
        if res == "float" and kind(xd) != "f":
            cd = "float32"
        rd = "bool" if res == "bool" else cd
        tags = set()
        if op in ("expm1", "log1p", "sinh", "cosh"):
            tags.add("special_unary")
        xv = self.m(x)
        if op == "signbit" and kind(xd) == "f" and np.isnan(xv).any():
            return None   # the sign of a computed NaN is not specified (IEEE 754)
        if approx and kind(cd) == "f" and op in ("sin", "cos", "tan") and \
                fmax(xv.astype(np.float64)) > 1e4:
            return None   # argument reduction of huge angles: libm-dependent
        a, n = self.new_names()
        expr = r.choice(spellings).format(x=x.name)
        if op == "square":
            np_expr = f"np.multiply({x.mirror}, {x.mirror})"
        elif op == "reciprocal":
            np_expr = f"np.divide(np.asarray(1.0, dtype=np.{cd}), {x.mirror}.astype(np.{cd}))"
        elif op in ("floor", "ceil", "round", "trunc") and kind(xd) != "f":
            np_expr = f"np.copy({x.mirror})"
        elif op in ("abs", "pos") and xd == "bool":
            np_expr = f"np.copy({x.mirror})"
        elif op == "sign":
            # sign(-0.0) is +0.0 (docs/array-api.md); only the sign of zero differs
            np_expr = f"np.sign({x.mirror}) + np.zeros((), dtype=np.{xd})"
        else:
            np_expr = f"{npf}({x.mirror}.astype(np.{cd}))"
        atol = 0.0
        if approx and kind(cd) == "f":
            atol = 4 * eps(cd) * max(1.0, fmax(xv.astype(np.float64)))
        tol = self.out_tol(rd, [x], approx=approx, atol=atol)
        return Step([f"{n} = np.asarray({np_expr}).astype(np.{rd}, order=\"C\")"], [f"{a} = {expr}"],
                    tags=tags, inputs=[x],
                    apply=self.adder(a, n, True, inputs=[x], step_tags=tags, **tol))

    # -- reductions -----------------------------------------------------------------------

    def rand_axes(self, ndim: int, allow_tuple: bool = True) -> Any:
        r = self.rng
        c = r.random()
        if c < 0.3 or ndim == 0:
            return None if ndim else r.choice([None, None, 0, -1, ()])
        if c < 0.7 or not allow_tuple:
            return r.randrange(-ndim, ndim)
        k = r.randint(0, ndim)
        axes = r.sample(range(ndim), k)
        return tuple(ax - ndim if r.random() < 0.3 else ax for ax in axes)

    def norm_axes(self, axis: Any, ndim: int) -> tuple:
        if axis is None:
            return tuple(range(ndim))
        if isinstance(axis, int):
            axis = (axis,)
        return tuple(a % ndim for a in axis) if ndim else ()

    def s_reduce(self) -> Step | None:
        r = self.rng
        op = r.choice(["sum", "sum", "prod", "mean", "mean", "max", "min", "any", "all"])
        x = self.pick()
        if x is None:
            return None
        xd, shape = self.dt(x), self.shape(x)
        axis = self.rand_axes(len(shape))
        axes = self.norm_axes(axis, len(shape))
        keep = self.chance(0.3)
        xv = self.m(x)
        tags: set = set()
        if not shape and axis is not None and -1 in (axis if isinstance(axis, tuple)
                                                     else (axis,)):
            tags.add("axis_m1_0d")
        if op in ("max", "min"):
            if any(shape[ax] == 0 for ax in axes):
                return None     # documented: max/min raise on empty axes
            if axes == () and xv.size == 0:
                tags.add("maxmin_empty_axes")
        if not x.group.exact and op in ("max", "min", "any", "all", "prod"):
            return None
        a, n = self.new_names()
        args = "" if axis is None else (f", axis={axis!r}" if self.chance(0.8)
                                        else f", dim={axis!r}")
        kw = ", keepdims=True" if keep else (", keepdims=False" if self.chance(0.2) else "")
        method = self.chance(0.4) and op in ("sum", "prod", "mean", "max", "min")
        if op in ("any", "all"):
            args = "" if axis is None else f", axis={axis!r}"
        if method:
            lt_expr = f"{x.name}.{op}({args[2:]}{kw if args else kw[2:]})"
        else:
            lt_expr = f"lt.{op}({x.name}{args}{kw})"
        npaxis = f", axis={axis!r}" if axis is not None else ""
        npkw = ", keepdims=True" if keep else ""
        count = int(np.prod([shape[ax] for ax in axes], dtype=np.int64)) if axes else 1
        tol: dict
        if op in ("sum", "prod"):
            rd = sum_dtype(xd)
            np_expr = f"np.{op}({x.mirror}.astype(np.{rd}){npaxis}{npkw})"
        elif op == "mean":
            rd = xd if kind(xd) == "f" else "float32"
            acc = "float32" if rd == "float16" else rd
            np_expr = f"np.mean({x.mirror}.astype(np.{acc}){npaxis}{npkw})"
        elif op in ("max", "min"):
            rd = xd
            np_expr = f"np.{op}({x.mirror}{npaxis}{npkw})"
        else:
            rd = "bool"
            np_expr = f"np.{op}({x.mirror}{npaxis}{npkw})"
        if kind(rd) == "f" and op in ("sum", "mean", "prod"):
            xa = absf(xv)
            tot = float(np.max(np.sum(xa, axis=axes))) if xa.size else 0.0
            acc = "float32" if op == "mean" and rd == "float16" else rd
            if op != "prod" and tot > float(np.finfo(acc).max) / 4:
                return None     # overflow of a partial sum depends on the summation order
            if op == "prod" and not self.prod_safe(xa, axes, acc):
                return None
            atol = 4 * eps(rd if rd != "float16" else "float16") * count * \
                max(1.0, tot) + count * x.group.atol
            if op == "mean":
                atol /= max(count, 1)
            if op == "prod":
                atol = 0.0
            exact = False
            tol = {"exact": exact, "rtol": max(approx_rtol(rd) * (1 + count / 8),
                                                x.group.rtol), "atol": atol}
        else:
            tol = self.out_tol(rd, [x])
        return Step([f"{n} = np.asarray({np_expr}).astype(np.{rd}, order=\"C\")"], [f"{a} = {lt_expr}"],
                    tags=tags, inputs=[x],
                    apply=self.adder(a, n, True, inputs=[x], step_tags=tags, **tol))

    def prod_safe(self, xa: np.ndarray, axes: tuple, dt: str) -> bool:
        """No partial product of |x| can overflow or leave the normal range, in any order."""
        if xa.size == 0:
            return True
        fi = np.finfo(dt)
        with np.errstate(all="ignore"):
            big = np.sum(np.log2(np.maximum(xa, 1.0)), axis=axes)
            nz = np.where(xa == 0, 1.0, xa)
            small = np.sum(np.log2(np.minimum(nz, 1.0)), axis=axes)
        return bool(np.all(big < np.log2(float(fi.max)) - 2) and
                    np.all(small > np.log2(float(fi.smallest_normal)) + 2 + fi.nmant))

    def s_arg(self) -> Step | None:
        x = self.pick(lambda v: v.group.exact and self.dt(v) != "bool" or
                      self.dt(v) == "bool")
        if x is None:
            return None
        shape = self.shape(x)
        op = self.rng.choice(["argmax", "argmin"])
        if self.chance(0.3) or not shape:
            axis = None
            if self.m(x).size == 0:
                return None
        else:
            axis = self.rng.randrange(-len(shape), len(shape))
            if shape[axis] == 0:
                return None
        keep = self.chance(0.3)
        a, n = self.new_names()
        args = (f", axis={axis}" if axis is not None else "") + (", keepdims=True" if keep
                                                                   else "")
        if axis is None and keep:
            np_expr = (f"np.{op}({x.mirror}.reshape(-1)).reshape((1,) * {x.mirror}.ndim)")
        else:
            np_expr = f"np.{op}({x.mirror}{args})"
        tags = {"argmax_bool"} if self.dt(x) == "bool" else set()
        return Step([f"{n} = np.asarray({np_expr}).astype(np.int64)"],
                    [f"{a} = lt.{op}({x.name}{args})"], inputs=[x], tags=tags,
                    apply=self.adder(a, n, True, inputs=[x], step_tags=tags))

    def s_cumsum(self) -> Step | None:
        x = self.pick(lambda v: self.m(v).ndim >= 1 and v.group.exact)
        if x is None:
            return None
        shape = self.shape(x)
        axis = self.rng.randrange(-len(shape), len(shape))
        if len(shape) == 1 and self.chance(0.3):
            axis = None
        init = self.chance(0.3)
        xd = self.dt(x)
        rd = sum_dtype(xd)
        a, n = self.new_names()
        args = (f", axis={axis}" if axis is not None else "") + \
            (", include_initial=True" if init else "")
        xv = self.m(x)
        tol = self.out_tol(rd, [x])
        if kind(rd) == "f":
            ax = 0 if axis is None else axis
            xa = absf(xv)
            tot = fmax(np.sum(xa, axis=ax)) if xa.size else 0.0
            if tot > float(np.finfo(rd).max) / 4:
                return None
            tol = {"exact": False, "rtol": approx_rtol(rd),
                   "atol": 4 * eps(rd) * max(shape[ax], 1) * max(1.0, tot)}
        return Step([f"{n} = np.asarray(np.cumulative_sum({x.mirror}.astype(np.{rd}){args}), "
                     'order="C")'],
                    [f"{a} = lt.cumulative_sum({x.name}{args})"], inputs=[x],
                    apply=self.adder(a, n, True, inputs=[x], **tol))

    # -- shapes and views -------------------------------------------------------------------

    def factor_shape(self, size: int) -> tuple:
        r = self.rng
        ndim = r.choice([1, 1, 2, 2, 3, 4])
        if size == 0:
            s = [r.choice([1, 2, 3]) for _ in range(ndim)]
            s[r.randrange(ndim)] = 0
            return tuple(s)
        s = [1] * ndim
        n = size
        p = 2
        factors = []
        while n > 1:
            while n % p == 0:
                factors.append(p)
                n //= p
            p += 1
        for f in factors:
            s[r.randrange(ndim)] *= f
        return tuple(s)

    def view_var(self, x: Var, name: str, mirror: str, extra_tags: set | None = None
                 ) -> Callable[[], None]:
        """A new lazy view variable of x's storage."""
        tags = set(x.tags) | (extra_tags or set())

        def apply() -> None:
            self.vars.append(Var(name, mirror, True, x.group, True, tags))
        return apply

    def s_reshape(self) -> Step | None:
        x = self.pick()
        if x is None:
            return None
        xv = self.m(x)
        shape = self.factor_shape(xv.size) if self.chance(0.85) else ()
        if int(np.prod(shape, dtype=np.int64)) != xv.size:
            return None
        spelled = list(shape)
        if spelled and self.chance(0.3) and xv.size:
            spelled[self.rng.randrange(len(spelled))] = -1
        spelled_t = tuple(spelled)
        a, n = self.new_names()
        try:
            np.reshape(xv, spelled_t, copy=False)
            view = True
        except ValueError:
            view = False
        form = self.rng.choice(["{x}.reshape({s})", "lt.reshape({x}, {t})", "{x}.reshape({t})"])
        s_args = ", ".join(str(d) for d in spelled_t) if spelled_t else "()"
        if view:
            lt_expr = form.format(x=x.name, s=s_args, t=repr(spelled_t))
            return Step([f"{n} = np.reshape({x.mirror}, {spelled_t!r}, copy=False)"],
                        [f"{a} = {lt_expr}"], inputs=[x], apply=self.view_var(x, a, n))
        if xv.size and self.chance(0.4):
            return self.reshape_view_write(x, spelled_t, a)
        # NumPy would copy here while lazyten makes a view (README): ask for a copy instead
        return Step([f"{n} = np.reshape({x.mirror}, {spelled_t!r}).copy()"],
                    [f"{a} = lt.reshape({x.name}, {spelled_t!r}, copy=True)"], inputs=[x],
                    apply=self.adder(a, n, True, inputs=[x], **self.out_tol(self.dt(x), [x])))

    def reshape_view_write(self, x: Var, shape: tuple, a: str) -> Step | None:
        """A reshape that NumPy cannot make as a view is a view in lazyten (README): write one
        element through it and drop it (its .numpy() is a read-only copy: NumPy cannot view
        that memory so). The mirror writes the same element of the reshaped copy back into x's
        mirror."""
        xd = self.dt(x)
        real = np.reshape(self.m(x), shape)
        idx = tuple(self.rng.randrange(d) for d in real.shape)
        v = self.rand_value(xd, 0.05)
        key = ", ".join(str(i) for i in idx) if idx else "..."
        tags: set = set()
        if self.chance(0.5):
            r_, _ = self.new_names(lazy=False)
            lt_lines = [f"{a} = {x.name}.reshape({shape!r})", f"{r_} = {a}.numpy()",
                        f"assert not {r_}.flags.writeable or np.shares_memory({r_}, "
                        f"{x.name}.numpy())", f"{a}[{key}] = {self.fmt(v)}", f"del {a}, {r_}"]
        else:
            lt_lines = [f"{a} = {x.name}.reshape({shape!r})", f"{a}[{key}] = {self.fmt(v)}",
                        f"del {a}"]
        np_lines = [f"_t = np.reshape({x.mirror}, {shape!r}).copy()",
                    f"_t[{key}] = np.asarray({self.fmt(v)}).astype(np.{xd})",
                    f"{x.mirror}[...] = _t.reshape({x.mirror}.shape)", "del _t"]
        return Step(np_lines, lt_lines, tags=tags, inputs=[x],
                    apply=self.write_into(x, [], True, tags))

    def s_permute(self) -> Step | None:
        x = self.pick()
        if x is None:
            return None
        nd = self.m(x).ndim
        a, n = self.new_names()
        c = self.rng.random()
        if c < 0.35:
            lt_expr, np_expr = f"{x.name}.T", f"{x.mirror}.T"
            if nd > 2:
                return None   # .T of >2 dims: deprecated in the Array API
        elif c < 0.55 and nd >= 2:
            lt_expr, np_expr = f"{x.name}.mT", f"{x.mirror}.mT"
        else:
            perm = list(range(nd))
            self.rng.shuffle(perm)
            spelled = tuple(p - nd if self.chance(0.2) else p for p in perm)
            f = self.rng.choice(["lt.permute_dims({x}, {p})", "{x}.permute({p})"])
            lt_expr = f.format(x=x.name, p=repr(spelled))
            np_expr = f"np.permute_dims({x.mirror}, {spelled!r})"
        return Step([f"{n} = {np_expr}"], [f"{a} = {lt_expr}"], inputs=[x],
                    apply=self.view_var(x, a, n))

    def s_expand_squeeze(self) -> Step | None:
        x = self.pick()
        if x is None:
            return None
        shape = self.shape(x)
        a, n = self.new_names()
        ones = [i for i, d in enumerate(shape) if d == 1]
        if ones and self.chance(0.5):
            if self.chance(0.3):
                return Step([f"{n} = np.squeeze({x.mirror})"], [f"{a} = lt.squeeze({x.name})"],
                            inputs=[x], apply=self.view_var(x, a, n))
            k = self.rng.randint(1, len(ones))
            axes = tuple(self.rng.sample(ones, k))
            ax: Any = axes[0] if len(axes) == 1 and self.chance(0.5) else axes
            f = self.rng.choice(["lt.squeeze({x}, axis={a})", "lt.squeeze({x}, {a})"])
            return Step([f"{n} = np.squeeze({x.mirror}, axis={ax!r})"],
                        [f"{a} = " + f.format(x=x.name, a=repr(ax))], inputs=[x],
                        apply=self.view_var(x, a, n))
        nd = len(shape)
        ax = self.rng.randint(-nd - 1, nd)
        f = self.rng.choice(["lt.expand_dims({x}, axis={a})", "{x}.unsqueeze({a})"])
        return Step([f"{n} = np.expand_dims({x.mirror}, {ax})"],
                    [f"{a} = " + f.format(x=x.name, a=ax)], inputs=[x],
                    apply=self.view_var(x, a, n))

    def s_broadcast(self) -> Step | None:
        x = self.pick()
        if x is None:
            return None
        shape = list(self.shape(x))
        target = [d if d != 1 or self.chance(0.5) else self.rng.choice([0, 2, 3]) for d in shape]
        if self.chance(0.5):
            target = [self.rng.choice([1, 2, 3])] + target
        target_t = tuple(target)
        a, n = self.new_names()
        src = (1,) * (len(target_t) - len(shape)) + tuple(shape)
        tags = {"expand_to_empty"} if any(d == 0 and s_ == 1 for d, s_ in zip(target_t, src)) \
            else set()
        return Step([f"{n} = np.broadcast_to({x.mirror}, {target_t!r}).copy()"],
                    [f"{a} = lt.broadcast_to({x.name}, {target_t!r})"], inputs=[x], tags=tags,
                    apply=self.adder(a, n, True, inputs=[x], step_tags=tags,
                                     **self.out_tol(self.dt(x), [x])))

    def s_concat(self) -> Step | None:
        x = self.pick(lambda v: self.m(v).ndim >= 1 or self.chance(0.5))
        if x is None:
            return None
        shape = self.shape(x)
        stack = self.chance(0.35) or not shape
        nd = len(shape) + (1 if stack else 0)
        axis = self.rng.randrange(-nd, nd)
        parts = [x]
        for _ in range(self.rng.choice([0, 1, 1, 2])):
            want = list(shape)
            if not stack and self.chance(0.5):
                want[axis] = self.rng.choice([0, 1, 2, 3])   # sizes may differ along the axis
            cands = [v for v in self.vars if v.lazy and self.shape(v) == tuple(want)]
            v = self.rng.choice(cands) if cands and self.chance(0.6) else \
                self.ensure(tuple(want))
            if v is None:
                return None
            parts.append(v)
        a, n = self.new_names()
        cd = self.dt(parts[0])
        for p in parts[1:]:
            cd = promote(cd, self.dt(p))
        names = ", ".join(p.name for p in parts)
        mirrors = ", ".join(f"{p.mirror}.astype(np.{cd})" for p in parts)
        if stack:
            lt_expr = f"lt.stack([{names}], axis={axis})"
            np_expr = f'np.asarray(np.stack([{mirrors}], axis={axis}), order="C")'
        else:
            f = self.rng.choice(["lt.concat([{p}], axis={a})", "lt.cat([{p}], dim={a})"])
            lt_expr = f.format(p=names, a=axis)
            np_expr = f'np.asarray(np.concat([{mirrors}], axis={axis}), order="C")'
        tol = self.out_tol(cd, parts)
        return Step([f"{n} = {np_expr}"], [f"{a} = {lt_expr}"], inputs=parts,
                    apply=self.adder(a, n, True, inputs=parts, **tol))

    def s_flip(self) -> Step | None:
        x = self.pick()
        if x is None:
            return None
        nd = self.m(x).ndim
        axis = self.rand_axes(nd) if nd else None
        a, n = self.new_names()
        args = "" if axis is None else f", axis={axis!r}"
        return Step([f"{n} = np.array(np.flip({x.mirror}{args}), order=\"C\")"],
                    [f"{a} = lt.flip({x.name}{args})"], inputs=[x],
                    apply=self.adder(a, n, True, inputs=[x], **self.out_tol(self.dt(x), [x])))

    # -- matmul ---------------------------------------------------------------------------

    def s_matmul(self) -> Step | None:
        r = self.rng
        x = self.pick(lambda v: self.m(v).ndim >= 1 and self.dt(v) != "bool" or
                      self.chance(0.2) and self.m(v).ndim >= 1)
        if x is None:
            return None
        xs = self.shape(x)
        c = r.random()
        a, n = self.new_names()
        lhs_l, rhs_l = None, None
        if c < 0.2 and len(xs) >= 2:
            lhs_l, lhs_m, rhs_l, rhs_m = x.name, x.mirror, f"{x.name}.mT", f"{x.mirror}.mT"
            if r.random() < 0.5:
                lhs_l, lhs_m, rhs_l, rhs_m = rhs_l, rhs_m, lhs_l, lhs_m
            ins = [x]
        else:
            # another operand whose contraction dimension fits
            k = xs[-1]
            left = r.random() < 0.6
            if not left:
                k = xs[-2] if len(xs) >= 2 else xs[0]
            c2 = r.random()
            if c2 < 0.3:
                yshape = (k,)
            elif c2 < 0.8:
                yshape = (k, r.choice([0, 1, 2, 3, 4])) if left else (r.choice([1, 2, 3]), k)
            else:
                batch = r.choice([(2,), (1,), (3, 1), (2, 2)])
                yshape = batch + ((k, r.choice([1, 2, 3])) if left else (r.choice([1, 2]), k))
            transpose = len(yshape) >= 2 and r.random() < 0.35
            if transpose:
                base_shape = yshape[:-2] + (yshape[-1], yshape[-2])
                y0 = self.ensure(base_shape, "iuf" if r.random() < 0.9 else "biuf")
                if y0 is None:
                    return None
                ym, yl = f"{y0.mirror}.mT", f"{y0.name}.mT"
                if len(yshape) == 2 and r.random() < 0.5:
                    ym, yl = f"{y0.mirror}.T", f"{y0.name}.T"
            else:
                y0 = self.ensure(yshape, "iuf" if r.random() < 0.9 else "biuf")
                if y0 is None:
                    return None
                ym, yl = y0.mirror, y0.name
            if left:
                lhs_l, lhs_m, rhs_l, rhs_m = x.name, x.mirror, yl, ym
            else:
                lhs_l, lhs_m, rhs_l, rhs_m = yl, ym, x.name, x.mirror
            ins = [x, y0]
        for v in ins:
            if not v.group.exact and kind(self.dt(v)) != "f":
                return None
        cd = promote(self.dt(ins[0]), self.dt(ins[-1]))
        try:
            with np.errstate(all="ignore"):
                L = eval(lhs_m, self.ns)
                R = eval(rhs_m, self.ns)
                np.matmul(L, R)
        except Exception:
            return None
        tags: set = set()
        if L.size == 0 or R.size == 0:
            tags.add("matmul_empty")
        if (L.ndim == 1 and R.ndim >= 2 and not R.flags.c_contiguous) or \
                (R.ndim == 1 and L.ndim >= 2 and not L.flags.c_contiguous):
            tags.add("matmul_T_vec")
        form = r.choice(["{l} @ {r}", "lt.matmul({l}, {r})"])
        lt_expr = form.format(l=lhs_l, r=rhs_l)
        np_expr = f"np.matmul({lhs_m}.astype(np.{cd}), {rhs_m}.astype(np.{cd}))"
        if kind(cd) == "f":
            with np.errstate(all="ignore"):
                la, ra = absf(L), absf(R)
                bound = fmax(np.matmul(la, ra)) if la.size and ra.size else 0.0
                kdim = L.shape[-1]
            if bound > float(np.finfo(cd).max) / 4:
                return None     # overflow of a partial sum depends on the summation order
            atol = 4 * eps(cd) * max(kdim, 1) * max(bound, 1.0)
            atol += sum(v.group.atol for v in ins) * max(fmax(L), fmax(R), 1.0) * max(kdim, 1)
            tol = {"exact": False, "rtol": max([approx_rtol(cd)] + [v.group.rtol for v in ins]),
                   "atol": atol}
        else:
            tol = {"exact": True, "rtol": 0.0, "atol": 0.0}
        return Step([f'{n} = np.asarray({np_expr}, order="C")'], [f"{a} = {lt_expr}"], tags=tags,
                    inputs=ins, apply=self.adder(a, n, True, inputs=ins, step_tags=tags, **tol))

    # -- indexing -------------------------------------------------------------------------

    def basic_key(self, shape: tuple) -> list[str]:
        """Items of a basic index for ``shape`` (ints, slices, None, ...)."""
        r = self.rng
        nd = len(shape)
        items: list[str] = []
        for d in shape:
            c = r.random()
            if c < 0.35 and d > 0:
                items.append(str(r.randrange(-d, d)))
            elif c < 0.5:
                items.append(":")
            else:
                items.append(self.rand_slice(d))
        if nd and r.random() < 0.2:
            # an ellipsis stands for a run of full slices
            i = r.randint(0, nd)
            j = r.randint(i, nd)
            items = items[:i] + ["..."] + items[j:]
        elif r.random() < 0.5:
            # trailing dimensions left out
            items = items[:r.randint(0, len(items))]
        for _ in range(r.choice([0, 0, 0, 1, 2])):
            items.insert(r.randint(0, len(items)), "None")
        if not items:
            items.append("None" if r.random() < 0.3 else "...")
        return items

    def rand_slice(self, d: int) -> str:
        r = self.rng
        step = r.choice([None, None, 1, 2, 3, -1, -1, -2])
        def bound() -> str:
            if r.random() < 0.35:
                return ""
            return str(r.randint(-d - 2, d + 2))
        start, stop = bound(), bound()
        s = f"{start}:{stop}"
        if step is not None:
            s += f":{step}"
        return s

    def key_text(self, items: list[str], for_numpy: bool) -> str:
        if for_numpy and "..." not in items:
            items = items + ["..."]     # a 0-d view, never a NumPy scalar
        if len(items) == 1:
            return items[0]
        return ", ".join(items)

    def s_view(self) -> Step | None:
        x = self.pick()
        if x is None:
            return None
        shape = self.shape(x)
        items = self.basic_key(shape)
        a, n = self.new_names()
        return Step([f"{n} = {x.mirror}[{self.key_text(items, True)}]"],
                    [f"{a} = {x.name}[{self.key_text(items, False)}]"], inputs=[x],
                    apply=self.view_var(x, a, n))

    def adv_key(self, x: Var, for_write: bool) -> tuple[list[str], list[str], list[Var], set
                                                          ] | None:
        """An advanced key for x: (lazyten items, NumPy items, index vars used, tags)."""
        r = self.rng
        shape = self.shape(x)
        nd = len(shape)
        if nd == 0:
            return None
        c = r.random()
        lt_items: list[str] = []
        np_items: list[str] = []
        used: list[Var] = []
        tags: set = set()

        def int_list(d: int, k: int) -> list[int]:
            if d == 0:
                return []
            if for_write:
                k = min(k, d)
                pos = r.sample(range(d), k)
            else:
                pos = [r.randrange(d) for _ in range(k)]
            return [p - d if r.random() < 0.3 else p for p in pos]

        if c < 0.25:
            # a boolean mask over the leading dimensions
            k = r.randint(1, nd)
            mshape = shape[:k]
            mv = self.pick(lambda v: self.shape(v) == mshape and self.dt(v) == "bool"
                           and v.group.exact)
            if mv is not None and r.random() < 0.7:
                lt_items.append(mv.name)
                np_items.append(mv.mirror)
                used.append(mv)
            else:
                vals = [r.random() < 0.5 for _ in range(int(np.prod(mshape, dtype=np.int64)))]
                lit = self.nested(vals, mshape) if mshape and vals else None
                if lit is None:
                    return None
                if r.random() < 0.5:
                    lt_items.append(f"lt.asarray({lit})")
                else:
                    lt_items.append(f"np.asarray({lit})")
                np_items.append(f"np.asarray({lit}, dtype=bool)")
            rest = nd - k
        else:
            lead = r.randint(0, nd - 1) if r.random() < 0.3 else 0
            for i in range(lead):
                s = self.rand_slice(shape[i]) if r.random() < 0.5 else ":"
                lt_items.append(s)
                np_items.append(s)
            d = shape[lead]
            if r.random() < 0.1 and not for_write and d > 0:
                # a 0-d integer array as the index (a[lt.argmax(a)])
                i = r.randrange(-d, d)
                lt_items.append(f"lt.asarray({i})")
                np_items.append(f"np.asarray({i})")
                tags.add("index_0d")
            else:
                iv = None
                if r.random() < 0.3:
                    iv = self.pick(lambda v: kind(self.dt(v)) in "iu" and v.group.exact and
                                   self.m(v).ndim >= 1 and self.m(v).size <= 6 and
                                   (d > 0 or self.m(v).size == 0) and
                                   bool(np.all((self.m(v).astype(np.float64) >= -d) &
                                               (self.m(v).astype(np.float64) < d))) and
                                   (not for_write or self._unique(self.m(v), d)))
                if iv is not None:
                    lt_items.append(iv.name)
                    np_items.append(iv.mirror)
                    used.append(iv)
                else:
                    k = r.choice([0, 1, 2, 2, 3, 4]) if d else 0
                    lst = int_list(d, k)
                    if not lst and d and r.random() < 0.7:
                        lst = int_list(d, 1)
                    spell = r.choice(["list", "lt", "np"])
                    if spell == "list":
                        lt_items.append(repr(lst))
                        np_items.append(f"np.asarray({lst!r}, dtype=np.int64)")
                    elif spell == "lt":
                        dt = r.choice(["int64", "int32", "int8", "uint8"]) if \
                            all(v >= 0 for v in lst) else r.choice(["int64", "int32", "int8"])
                        if lst and max(abs(v) for v in lst) > 100:
                            dt = "int64"
                        lt_items.append(f"lt.asarray({lst!r}, dtype=lt.{dt})")
                        np_items.append(f"np.asarray({lst!r}, dtype=np.{dt})")
                    else:
                        lt_items.append(f"np.asarray({lst!r}, dtype=np.int64)")
                        np_items.append(f"np.asarray({lst!r}, dtype=np.int64)")
            rest = nd - lead - 1
            if rest and r.random() < 0.25 and not for_write:
                # a second integer array (broadcast together), maybe after a slice
                j = r.randint(0, rest - 1)
                for i in range(j):
                    lt_items.append(":")
                    np_items.append(":")
                d2 = shape[lead + 1 + j]
                lst = int_list(d2, r.choice([1, 2])) if d2 else []
                if lst:
                    lt_items.append(repr(lst))
                    np_items.append(f"np.asarray({lst!r}, dtype=np.int64)")
                    rest -= j + 1
        for i in range(rest):
            if r.random() < 0.5:
                break
            s = r.choice([":", self.rand_slice(shape[nd - rest + i]),
                          str(r.randrange(shape[nd - rest + i])) if shape[nd - rest + i] else ":"])
            lt_items.append(s)
            np_items.append(s)
        return lt_items, np_items, used, tags

    def _unique(self, idx: np.ndarray, d: int) -> bool:
        flat = [int(i) % d for i in idx.reshape(-1)] if d else []
        return len(set(flat)) == len(flat)

    def s_adv_read(self) -> Step | None:
        x = self.pick(lambda v: self.m(v).ndim >= 1)
        if x is None:
            return None
        key = self.adv_key(x, for_write=False)
        if key is None:
            return None
        lt_items, np_items, used, tags = key
        a, n = self.new_names()
        np_key = self.key_text(np_items, True)
        return Step([f"{n} = np.array({x.mirror}[{np_key}], order=\"C\")"],
                    [f"{a} = {x.name}[{', '.join(lt_items)}]"], tags=tags, inputs=[x] + used,
                    apply=self.adder(a, n, True, inputs=[x] + used, step_tags=tags,
                                     **self.out_tol(self.dt(x), [x])))

    def value_for(self, target_dt: str, region: tuple, allow_tag: bool = True
                  ) -> tuple[str, str, list[Var], set, bool] | None:
        """(lazyten value, NumPy value, vars used, tags, exact) to store into a region."""
        r = self.rng
        tags: set = set()
        k = kind(target_dt)
        if r.random() < 0.45:
            c = r.random()
            if c < 0.7:
                v = self.rand_value(target_dt, 0.1)
            elif c < 0.85:
                v = r.random() < 0.5
            else:
                v = self.rand_value("float32" if k == "f" else "int8", 0.0)
                if k == "b":
                    v = bool(v)
                if k == "u" and isinstance(v, int):
                    v = abs(v)
            if k in "iu" and isinstance(v, float) and not (
                    math.isfinite(v) and np.iinfo(target_dt).min <= v <= np.iinfo(target_dt).max):
                return None
            return self.fmt(v), f"np.asarray({self.fmt(v)}).astype(np.{target_dt})", [], tags, \
                True
        # an array value: a pool variable that broadcasts to the region
        cands = []
        for v in self.vars:
            if not v.lazy and r.random() < 0.5:
                continue
            vs = self.shape(v)
            try:
                if np.broadcast_shapes(vs, region) != region:
                    continue
            except ValueError:
                continue
            if not self.cast_ok(self.m(v), target_dt):
                continue
            if kind(target_dt) != "f" and kind(self.dt(v)) == "f" and not v.group.exact:
                continue    # float -> int/bool of an inexact value: one ulp can change it
            cands.append(v)
        extra = 0
        if cands and r.random() < 0.7:
            v = r.choice(cands)
            # x[0] = [[7, 8]]: extra leading size-1 dims (not into one element: NumPy
            # deprecates a sequence there, and lazyten refuses it)
            if self.m(v).ndim >= len(region) and region and allow_tag and r.random() < 0.15:
                extra = 1
                tags.add("setitem_extra_dims")
            lt_v = f"{v.name}" if not extra else f"lt.expand_dims({v.name}, axis=0)"
            if extra and not v.lazy:
                lt_v = f"{v.name}[None]"
            np_v = f"{v.mirror}.astype(np.{target_dt})"
            return lt_v, np_v, [v], tags, v.group.exact
        # a literal
        shape = self.operand_shape(region)
        try:
            if np.broadcast_shapes(shape, region) != region:
                return None
        except ValueError:
            return None
        dt = target_dt if r.random() < 0.7 else self.rand_dtype()
        vals = self.data(dt, shape, 0.05)
        if not self.cast_ok(np.asarray(vals, dtype=dt), target_dt):
            return None
        if not shape or 0 in shape:
            flat = "[" + ", ".join(self.fmt(x) for x in vals) + "]"
            src = f"np.asarray({flat}, dtype=np.{dt}).reshape({shape!r})"
            return (f"lt.asarray({src})", f"{src}.astype(np.{target_dt})", [], tags, True)
        lit = self.nested(vals, shape)
        tags |= self.list_tags(vals, dt)
        if r.random() < 0.3 and dt == target_dt:
            if kind(dt) == "f" and any(np.asarray(v, np.float32).astype(dt) != np.asarray(v, dt)
                                       for v in vals if math.isfinite(v)):
                tags.add("list_value_f32")
            return lit, f"np.asarray({lit}, dtype=np.{dt})", [], tags, True
        return (f"lt.asarray({lit}, dtype=lt.{dt})",
                f"np.asarray({lit}, dtype=np.{dt}).astype(np.{target_dt})", [], tags, True)

    def cast_ok(self, vals: np.ndarray, target_dt: str) -> bool:
        """Casting vals to target_dt is defined (no NaN, inf or out-of-range float -> int)."""
        if kind(target_dt) not in "iu" or vals.dtype.kind != "f":
            return True
        with np.errstate(all="ignore"):
            v = vals.astype(np.float64)
        if not np.all(np.isfinite(v)):
            return False
        info = np.iinfo(target_dt)
        return bool(np.all((np.trunc(v) >= info.min) & (np.trunc(v) <= info.max)))

    def write_into(self, target: Var, value_vars: list[Var], exact: bool, tags: set
                   ) -> Callable[[], None]:
        def apply() -> None:
            g = target.group
            g.exact = g.exact and exact
            for v in value_vars:
                g.rtol = max(g.rtol, v.group.rtol)
                g.atol = max(g.atol, v.group.atol)
                g.tags |= v.all_tags()
            g.tags |= tags
        return apply

    def s_setitem(self) -> Step | None:
        x = self.pick(lazy=None)
        if x is None:
            return None
        shape = self.shape(x)
        items = self.basic_key(shape) if shape or self.chance(0.5) else ["..."]
        if self.chance(0.1):
            items = [":"] if shape else ["..."]
        np_key = self.key_text(items, True)
        try:
            region = eval(f"{x.mirror}[{np_key}]", self.ns).shape
        except Exception:
            return None
        val = self.value_for(self.dt(x), region)
        if val is None:
            return None
        lt_v, np_v, used, tags, exact = val
        if not x.lazy and "setitem_extra_dims" in tags:
            return None
        if not x.lazy and any(v.lazy and v.view and self.shape(v) == () for v in used):
            tags = tags | {"numpy_0d_view"}   # ndarray[...] = 0-d lazy view: __array__
        key = self.key_text(items, False)
        return Step([f"{x.mirror}[{np_key}] = {np_v}"], [f"{x.name}[{key}] = {lt_v}"],
                    tags=tags, inputs=[x] + used,
                    apply=self.write_into(x, used, exact, tags))

    def s_setitem_adv(self) -> Step | None:
        x = self.pick(lambda v: self.m(v).ndim >= 1, lazy=None)
        if x is None:
            return None
        key = self.adv_key(x, for_write=True)
        if key is None:
            return None
        lt_items, np_items, used, tags = key
        if not x.lazy and any(i.startswith("lt.") for i in lt_items):
            return None
        np_key = self.key_text(np_items, True)
        try:
            region = eval(f"{x.mirror}[{np_key}]", self.ns).shape
        except Exception:
            return None
        val = self.value_for(self.dt(x), region, allow_tag=False)
        if val is None:
            return None
        lt_v, np_v, vused, vtags, exact = val
        if not x.lazy and (any(v.lazy for v in used + vused) or lt_v.startswith("lt.")):
            return None
        return Step([f"{x.mirror}[{np_key}] = {np_v}"],
                    [f"{x.name}[{', '.join(lt_items)}] = {lt_v}"], tags=tags | vtags,
                    inputs=[x] + used + vused,
                    apply=self.write_into(x, used + vused, exact, tags | vtags))

    def s_inplace(self) -> Step | None:
        r = self.rng
        x = self.pick()
        if x is None:
            return None
        xd = self.dt(x)
        ops = ["add", "sub", "mul", "div", "floordiv", "mod", "pow", "and", "or", "xor",
               "lshift", "rshift"]
        op = r.choice(ops)
        sym = self.BINARY[op][0]
        use_scalar = self.chance(0.5)
        kinds = "biu" if op in ("and", "or", "xor") else "iu" if op in ("lshift", "rshift") \
            else "biuf"
        if kind(xd) not in kinds:
            return None
        y = s = None
        if use_scalar:
            s = self.scalar_for(xd)
            if op in ("lshift", "rshift"):
                s = r.randint(0, 7)
            if op == "pow" and kind(xd) in "iu":
                s = r.randint(0, 4)
        else:
            cands = []
            for v in self.vars:
                if not v.lazy and r.random() < 0.7:
                    continue
                try:
                    if np.broadcast_shapes(self.shape(v), self.shape(x)) != self.shape(x):
                        continue
                except ValueError:
                    continue
                if kind(self.dt(v)) in kinds:
                    cands.append(v)
            if cands and r.random() < 0.7:
                y = r.choice(cands)
            else:
                y = self.ensure(self.operand_shape(self.shape(x)), kinds)
                if y is None:
                    return None
                try:
                    if np.broadcast_shapes(self.shape(y), self.shape(x)) != self.shape(x):
                        return None
                except ValueError:
                    return None
        plan = self.binary_plan(op, x, y, s, False)
        if plan is None:
            return None
        cd, rd, tags, tol = plan
        if _KIND_RANK[kind(rd)] > _KIND_RANK[kind(xd)]:
            return None     # documented TypeError (as NumPy)
        ys = y.name if y is not None else self.fmt(s)
        xm = f"{x.mirror}.astype(np.{cd})"
        ym = (f"{y.mirror}.astype(np.{cd})" if y is not None
              else f"np.asarray({self.fmt(s)}, dtype=np.{cd})")
        if op == "floordiv" and kind(cd) == "f":
            np_expr = (f"(lambda p, q: np.where(np.isinf(p) != np.isinf(q), p / q, p // q))"
                       f"({xm}, {ym})")
        else:
            np_expr = f"{self.NP_BINARY[op]}({xm}, {ym})"
        ins = [x] + ([y] if y is not None else [])

        def apply() -> None:
            g = x.group
            g.tags |= self.f16_tags(self.m(x), [v for v in ins if v is not x])
            g.exact = g.exact and tol["exact"]
            g.rtol, g.atol = max(g.rtol, tol["rtol"]), max(g.atol, tol["atol"])
            for v in ins:
                g.tags |= v.all_tags()
            g.tags |= tags
        return Step([f"{x.mirror}[...] = np.asarray({np_expr}).astype(np.{xd})"],
                    [f"{x.name} {sym}= {ys}"], tags=tags, inputs=ins, apply=apply)

    # -- NumPy interplay ------------------------------------------------------------------

    def s_numpy(self) -> Step | None:
        x = self.pick()
        if x is None:
            return None
        r_, m_ = self.new_names(lazy=False)
        form = self.rng.choice(["{x}.numpy()", "{x}.numpy()", "np.asarray({x})"])
        tags = set()
        if x.view and self.shape(x) == ():
            tags.add("numpy_0d_view")

        def apply() -> None:
            self.vars.append(Var(r_, m_, False, x.group, False, set(x.tags) | tags))
        return Step([f"{m_} = {x.mirror}"], [f"{r_} = " + form.format(x=x.name)],
                    tags=tags, inputs=[x], apply=apply, check=self.chance(0.6))

    def s_write_numpy(self) -> Step | None:
        x = self.pick(lazy=False)
        if x is None:
            return None
        if self.chance(0.3):
            return self.s_setitem_adv_np(x)
        shape = self.shape(x)
        items = self.basic_key(shape) if shape else ["..."]
        np_key = self.key_text(items, True)
        try:
            region = eval(f"{x.mirror}[{np_key}]", self.ns).shape
        except Exception:
            return None
        val = self.value_for(self.dt(x), region, allow_tag=False)
        if val is None:
            return None
        lt_v, np_v, used, tags, exact = val
        if any(v.lazy and v.view and self.shape(v) == () for v in used):
            tags = tags | {"numpy_0d_view"}
        return Step([f"{x.mirror}[{np_key}] = {np_v}"],
                    [f"{x.name}[{self.key_text(items, True)}] = {lt_v}"], tags=tags,
                    inputs=[x] + used, apply=self.write_into(x, used, exact, tags),
                    check=self.chance(0.3))

    def s_setitem_adv_np(self, x: Var) -> Step | None:
        """ndarray[integer array or mask] = scalar, on an ndarray that shares with lazyten."""
        if self.m(x).ndim == 0:
            return None
        key = self.adv_key(x, for_write=True)
        if key is None:
            return None
        lt_items, np_items, used, tags = key
        if any(i.startswith("lt.") for i in lt_items) or any(v.lazy for v in used):
            return None
        np_key = self.key_text(np_items, True)
        v = self.rand_value(self.dt(x), 0.05)
        return Step([f"{x.mirror}[{np_key}] = np.asarray({self.fmt(v)}).astype("
                     f"np.{self.dt(x)})"],
                    [f"{x.name}[{', '.join(lt_items)}] = {self.fmt(v)}"], inputs=[x],
                    apply=self.write_into(x, [], True, set()))

    def s_from_numpy(self) -> Step | None:
        r = self.rng
        src = self.pick(lazy=False) if r.random() < 0.5 else None
        a, n = self.new_names()
        if src is not None:
            items = self.basic_key(self.shape(src)) if self.shape(src) and r.random() < 0.4 \
                else None
            if items is not None:
                np_key = self.key_text(items, True)
                return Step([f"{n} = {src.mirror}[{np_key}]"],
                            [f"{a} = lt.from_numpy({src.name}[{np_key}])"], inputs=[src],
                            apply=self.shared_var(src, a, n))
            return Step([f"{n} = {src.mirror}"], [f"{a} = lt.from_numpy({src.name})"],
                        inputs=[src], apply=self.shared_var(src, a, n))
        # a fresh ndarray handed to lazyten
        dt = self.rand_dtype()
        shape = self.rand_shape()
        r_, m_ = self.new_names(lazy=False)
        vals = self.data(dt, shape)
        flat = "[" + ", ".join(self.fmt(v) for v in vals) + "]"
        src_txt = f"np.asarray({flat}, dtype=np.{dt}).reshape({shape!r})"
        group = Group()

        def apply() -> None:
            self.vars.append(Var(r_, m_, False, group))
            self.vars.append(Var(a, n, True, group))
        return Step([f"{m_} = {src_txt}", f"{n} = {m_}"],
                    [f"{r_} = {src_txt}", f"{a} = lt.from_numpy({r_})"], apply=apply)

    def shared_var(self, src: Var, a: str, n: str) -> Callable[[], None]:
        def apply() -> None:
            self.vars.append(Var(a, n, True, src.group, False, set(src.tags)))
        return apply

    def s_realize(self) -> Step | None:
        xs = [v for v in self.vars if v.lazy]
        if not xs:
            return None
        k = self.rng.randint(1, min(4, len(xs)))
        chosen = self.rng.sample(xs, k)
        return Step([], [f"lt.realize({', '.join(v.name for v in chosen)})"], inputs=[],
                    check=self.chance(0.5))

    # -- where, clip, astype --------------------------------------------------------------

    def s_where_clip(self) -> Step | None:
        r = self.rng
        x = self.pick()
        if x is None:
            return None
        a, n = self.new_names()
        if r.random() < 0.6:
            c = self.operand(x, "biuf", exact=True)
            if c is None or not c.group.exact:
                return None
            c2 = r.random()
            if c2 < 0.25:
                s1, s2 = self.scalar_for(self.dt(x)), self.scalar_for(self.dt(x))
                cd = promote(default_dtype(s1), default_dtype(s2))
                lt_expr = f"lt.where({c.name}, {self.fmt(s1)}, {self.fmt(s2)})"
                np_expr = (f"np.where({c.mirror}.astype(bool), np.asarray({self.fmt(s1)}, "
                           f"dtype=np.{cd}), np.asarray({self.fmt(s2)}, dtype=np.{cd}))")
                ins = [c]
            elif c2 < 0.55:
                s = self.scalar_for(self.dt(x))
                cd = weak(s, self.dt(x))
                xm = f"{x.mirror}.astype(np.{cd})"
                sm = f"np.asarray({self.fmt(s)}, dtype=np.{cd})"
                if r.random() < 0.5:
                    lt_expr = f"lt.where({c.name}, {x.name}, {self.fmt(s)})"
                    np_expr = f"np.where({c.mirror}.astype(bool), {xm}, {sm})"
                else:
                    lt_expr = f"lt.where({c.name}, {self.fmt(s)}, {x.name})"
                    np_expr = f"np.where({c.mirror}.astype(bool), {sm}, {xm})"
                ins = [c, x]
            else:
                y = self.operand(x, "biuf")
                if y is None:
                    return None
                cd = promote(self.dt(x), self.dt(y))
                lt_expr = f"lt.where({c.name}, {x.name}, {y.name})"
                np_expr = (f"np.where({c.mirror}.astype(bool), {x.mirror}.astype(np.{cd}), "
                           f"{y.mirror}.astype(np.{cd}))")
                ins = [c, x, y]
            tol = self.out_tol(cd, [v for v in ins if v is not c])
            return Step([f"{n} = np.asarray({np_expr}).astype(np.{cd}, order=\"C\")"], [f"{a} = {lt_expr}"],
                        inputs=ins, apply=self.adder(a, n, True, inputs=ins, **tol))
        # clip with scalar bounds (cast to x's dtype, README)
        xd = self.dt(x)
        if xd == "bool" or not x.group.exact:
            return None
        lo = self.rand_value(xd, 0.05) if r.random() < 0.8 else None
        hi = self.rand_value(xd, 0.05) if r.random() < 0.8 else None
        if lo is None and hi is None:
            return None
        args = "".join(f", {k}={self.fmt(v)}" for k, v in (("min", lo), ("max", hi))
                       if v is not None)
        expr = f"{x.mirror}"
        if lo is not None:
            expr = f"np.maximum({expr}, np.asarray({self.fmt(lo)}, dtype=np.{xd}))"
        if hi is not None:
            expr = f"np.minimum({expr}, np.asarray({self.fmt(hi)}, dtype=np.{xd}))"
        form = r.choice(["lt.clip({x}{a})", "{x}.clip({b})"])
        lt_expr = form.format(x=x.name, a=args, b=args[2:])
        return Step([f"{n} = np.asarray({expr}).astype(np.{xd}, order=\"C\")"], [f"{a} = {lt_expr}"],
                    inputs=[x], apply=self.adder(a, n, True, inputs=[x], **self.out_tol(xd, [x])))

    def s_astype(self) -> Step | None:
        x = self.pick()
        if x is None:
            return None
        dt = self.rand_dtype()
        xd = self.dt(x)
        if kind(dt) != "f" and kind(xd) == "f" and not x.group.exact:
            return None
        if not self.cast_ok(self.m(x), dt):
            return None
        a, n = self.new_names()
        same = dt == xd
        if same and self.chance(0.4):
            return Step([f"{n} = {x.mirror}.astype(np.{dt}, copy=False)"],
                        [f"{a} = {x.name}.astype(lt.{dt}, copy=False)"], inputs=[x],
                        apply=self.alias_var(x, a, n))
        form = self.rng.choice(["{x}.astype(lt.{d})", "lt.astype({x}, lt.{d})",
                                "lt.asarray({x}, dtype=lt.{d})"])
        if same and form.startswith("lt.asarray"):
            # asarray of an array that already has the dtype is that array (as np.asarray)
            return Step([f"{n} = np.asarray({x.mirror}, dtype=np.{dt})"],
                        [f"{a} = " + form.format(x=x.name, d=dt)], inputs=[x],
                        apply=self.alias_var(x, a, n))
        tol = self.out_tol(dt, [x])
        if kind(dt) == "f" and kind(xd) == "f":
            tol["atol"] = max(tol["atol"], x.group.atol)
        return Step([f"{n} = {x.mirror}.astype(np.{dt}, order=\"C\")"],
                    [f"{a} = " + form.format(x=x.name, d=dt)], inputs=[x],
                    apply=self.adder(a, n, True, inputs=[x], **tol))

    def s_observe(self) -> Step | None:
        """Realize one array the ways a user reads it (repr, tolist, item, iteration...)."""
        x = self.pick()
        if x is None:
            return None
        size, shape = self.m(x).size, self.shape(x)
        forms = ["_ = repr({x})", "_ = {x}.tolist()", "_ = str({x})"]
        if size == 1:
            forms += ["_ = {x}.item()", "_ = float({x})"]
            if kind(self.dt(x)) == "b":
                forms.append("_ = bool({x})")
            if kind(self.dt(x)) in "iu":
                forms.append("_ = int({x})")
        if shape:
            forms += ["_ = list({x})", "_ = len({x})"]
        line = self.rng.choice(forms).format(x=x.name)
        return Step([], [line], inputs=[x], check=self.chance(0.3))

    def s_loop(self) -> Step | None:
        """A loop of in-place updates (long ones pass the 1000-op pending limit)."""
        x = self.pick(lambda v: kind(self.dt(v)) in "iuf" and v.group.exact)
        if x is None:
            return None
        xd = self.dt(x)
        k = self.rng.choice([3, 10, 50, 1005]) if self.m(x).size <= 64 else 3
        c = self.rng.random()
        if kind(xd) == "f":
            body_lt, body_np = (f"{x.name} *= 0.5", f"{x.mirror} *= np.{xd}(0.5)") if c < 0.5 \
                else (f"{x.name} += 1", f"{x.mirror} += np.{xd}(1)")
        else:
            body_lt, body_np = (f"{x.name} += 1", f"{x.mirror} += np.{xd}(1)") if c < 0.5 \
                else (f"{x.name} ^= 3", f"{x.mirror} ^= np.{xd}(3)")
        if self.chance(0.3):
            # through a view, with a pending reader per iteration
            v = x.name + "[...]" if not self.shape(x) else x.name + "[::-1]"
            body_lt = body_lt.replace(x.name, v, 1)
        tags = {"f16_intermediate"} if xd == "float16" and k > 3 else set()
        return Step([f"for _ in range({k}): {body_np}"], [f"for _ in range({k}): {body_lt}"],
                    inputs=[x], tags=tags,
                    apply=self.write_into(x, [], kind(xd) != "f" or c < 0.5, tags))

    def s_del(self) -> Step | None:
        """Drop a Python reference (views and NumPy arrays of it stay alive)."""
        if len(self.vars) < 3:
            return None
        x = self.pick(lazy=None)
        if x is None:
            return None

        def apply() -> None:
            self.vars.remove(x)
        return Step([f"del {x.mirror}"], [f"del {x.name}"], apply=apply)

    def s_copy(self) -> Step | None:
        """Copies: clone, copy, asarray(copy=True), asarray of an ndarray, +x."""
        x = self.pick(lazy=None)
        if x is None:
            return None
        a, n = self.new_names()
        if x.lazy:
            form = self.rng.choice(["{x}.clone()", "{x}.copy()", "lt.asarray({x}, copy=True)",
                                    "lt.tensor({x})", "+{x}", "lt.asarray({x})"])
        else:
            form = self.rng.choice(["lt.asarray({x})", "lt.tensor({x})",
                                    "lt.asarray({x}, copy=True)"])
        if form == "lt.asarray({x})" and x.lazy:
            return Step([f"{n} = {x.mirror}"], [f"{a} = {form.format(x=x.name)}"], inputs=[x],
                        apply=self.alias_var(x, a, n))
        if x.lazy and self.dt(x) == "bool" and form == "+{x}":
            return None
        return Step([f"{n} = np.array({x.mirror}, copy=True, order=\"C\")"],
                    [f"{a} = {form.format(x=x.name)}"], inputs=[x],
                    apply=self.adder(a, n, True, inputs=[x], **self.out_tol(self.dt(x), [x])))

    def s_overlap(self) -> Step | None:
        """Reads and writes of the same storage in one statement: x[k1] = x[k2], x += x[::-1],
        x[...] = x.T (each reads the whole right side first, as NumPy)."""
        r = self.rng
        x = self.pick(lambda v: self.m(v).ndim >= 1, lazy=None)
        if x is None:
            return None
        shape = self.shape(x)
        xd = self.dt(x)
        if r.random() < 0.5:
            items = self.basic_key(shape)
            np_key = self.key_text(items, True)
            try:
                region = eval(f"{x.mirror}[{np_key}]", self.ns).shape
            except Exception:
                return None
            for _ in range(8):
                items2 = self.basic_key(shape)
                k2 = self.key_text(items2, True)
                try:
                    src = eval(f"{x.mirror}[{k2}]", self.ns)
                    if np.broadcast_shapes(src.shape, region) == region:
                        break
                except Exception:
                    continue
            else:
                return None
            lt_k2 = self.key_text(items2, False) if x.lazy else k2
            lt_k1 = self.key_text(items, False) if x.lazy else np_key
            return Step([f"{x.mirror}[{np_key}] = {x.mirror}[{k2}].copy()"],
                        [f"{x.name}[{lt_k1}] = {x.name}[{lt_k2}]"], inputs=[x])
        if not x.lazy:
            return None
        # an in-place operator whose right side views the target
        views = [("{x}[::-1]", True)]
        if len(shape) >= 2 and shape[-1] == shape[-2]:
            views.append(("{x}.mT", True))
        if len(set(shape)) == 1 and len(shape) >= 2:
            views.append(("{x}.T", True))
        views.append(("{x}[..., :1]", shape[-1] >= 1))
        form, ok = r.choice(views)
        if not ok:
            return None
        sym, op = r.choice([("+", "np.add"), ("-", "np.subtract"), ("*", "np.multiply")])
        if xd == "bool" and sym == "-":
            return None
        if kind(xd) == "f" and not x.group.exact:
            return None
        y_np = form.format(x=x.mirror)
        y_lt = form.format(x=x.name)
        return Step([f"{x.mirror}[...] = {op}({x.mirror}, {y_np})"],
                    [f"{x.name} {sym}= {y_lt}"], inputs=[x])

    def alias_var(self, x: Var, a: str, n: str) -> Callable[[], None]:
        def apply() -> None:
            self.vars.append(Var(a, n, True, x.group, x.view, set(x.tags)))
        return apply


# ---------------------------------------------------------------------------------------------
# Running programs

def run_program(seed: int, n_steps: int | None = None) -> Failure | None:
    """Generate and run program ``seed``; the Failure, or None when lazyten agreed."""
    rng = random.Random(seed * 7919 + 1)
    mean = int(os.environ.get("LAZYTEN_FUZZ_STEPS", "15"))
    steps = n_steps if n_steps is not None else rng.randint(mean * 2 // 3, mean * 4 // 3)
    gen = Gen(seed, steps)
    try:
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            gen.run()
    except Failure as f:
        return f
    return None


def run_text(program: str) -> BaseException | None:
    """Run a printed program; the exception it raises (None when it passes)."""
    ns: dict[str, Any] = {}
    try:
        with np.errstate(all="ignore"), warnings.catch_warnings():
            exec(compile(program, "<fuzz-program>", "exec"), ns)
    except BaseException as exc:  # noqa: BLE001 - any failure is the answer
        return exc
    return None


def signature(exc: BaseException | None) -> str | None:
    if exc is None:
        return None
    msg = str(exc).split("\n")[0].split(" at [")[0]
    return f"{type(exc).__name__}: {msg[:70]}"


def minimize(failure: Failure) -> str:
    """Drop steps of a failing program while it still fails the same way (ddmin over steps:
    a step's NumPy and lazyten lines go together; the header stays). Returns the body."""
    groups = [g for g in failure.steps if g]
    target = signature(run_text(HEADER + "\n".join(sum(groups, [])) + "\n"))
    if target is None:
        return "\n".join(sum(groups, []))

    def fails(gs: list[list[str]]) -> bool:
        return signature(run_text(HEADER + "\n".join(sum(gs, [])) + "\n")) == target

    n = 2
    while len(groups) >= 2:
        chunk = max(len(groups) // n, 1)
        for i in range(0, len(groups), chunk):
            cand = groups[:i] + groups[i + chunk:]
            if cand and fails(cand):
                groups = cand
                n = max(n - 1, 2)
                break
        else:
            if chunk == 1:
                break
            n = min(len(groups), n * 2)
    return "\n".join(sum(groups, []))


def main(argv: list[str]) -> int:
    seed = int(argv[1]) if len(argv) > 1 else 0
    f = run_program(seed)
    if f is None:
        print(f"seed {seed}: ok")
        return 0
    if "--minimize" in argv:
        print(minimize(f))
        print("#", f.message.split("\n")[0])
    else:
        print(f.report())
    return 1


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    raise SystemExit(main(sys.argv))
