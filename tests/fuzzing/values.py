"""Created arrays, and the operands, scalars and values the steps use (clear of undefined
behaviour)."""
from __future__ import annotations

import math
from typing import Any

import numpy as np

from .rules import default_dtype, inexact, kind
from .state import Step, Var


class ValueSteps:
    """Steps and helpers mixed into the generator (tests/fuzzing/generator.py)."""

    # -- creation -------------------------------------------------------------------------

    def s_create(self, dt: str | None = None, shape: tuple | None = None) -> Step | None:
        r = self.rng
        dt = dt or self.rand_dtype("biufc")
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
        elif c < 0.9 and kind(dt) == "c":
            return self.s_complex(dt, shape)
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
        return dt in ("float32", "complex64")

    def ensure(self, shape: tuple, kinds: str = "biufc", exact: bool = False) -> Var | None:
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

    def operand(self, x: Var, kinds: str = "biufc", exact: bool = False) -> Var | None:
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
        if self.rng.random() < (0.4 if k == "c" else 0.06):
            # a Python complex scalar (weak: joins an array's precision, README)
            return self.rand_value("complex128", 0.15)
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
    # binary ops defined for complex operands (the others refuse them: s_refuse)
    C_BINARY = {"add", "sub", "mul", "div", "pow", "eq", "ne", "land", "lor", "lxor"}

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
                v = self.rand_value("float32" if k in "fc" else "int8", 0.0)
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
            if not inexact(target_dt) and inexact(self.dt(v)) and not v.group.exact:
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
        """Casting vals to target_dt is defined (no NaN, inf or out-of-range float -> int, no
        complex -> number: lazyten refuses that, s_refuse)."""
        if vals.dtype.kind == "c":
            return kind(target_dt) in "bc"
        if kind(target_dt) not in "iu" or vals.dtype.kind != "f":
            return True
        with np.errstate(all="ignore"):
            v = vals.astype(np.float64)
        if not np.all(np.isfinite(v)):
            return False
        info = np.iinfo(target_dt)
        return bool(np.all((np.trunc(v) >= info.min) & (np.trunc(v) <= info.max)))
