"""Elementwise, reduction, search, cumulative, matmul, where/clip and cast steps."""
from __future__ import annotations

from typing import Any

import numpy as np

from .rules import (absf, approx_rtol, base_tol, default_dtype, eps, fmax, inexact, kind,
                    promote, real_of, sum_dtype, weak)
from .state import Step, Var


class ComputeSteps:
    """Steps and helpers mixed into the generator (tests/fuzzing/generator.py)."""

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
        if kind(cd) == "c" and op not in self.C_BINARY:
            return None     # refused (s_refuse)
        if op == "div" and not inexact(cd):
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
        if k == "c" and op == "pow" and not self.complex_pow_ok(lhs, rhs, cd):
            return None
        if k == "c" and op in ("mul", "div") and self.part_products_overflow(lhs, rhs, cd):
            return None
        if op == "copysign" and np.isnan(np.asarray(rhs, dtype=np.float64)).any():
            return None   # the sign of a computed NaN is not specified (IEEE 754)
        if op == "nextafter" and cd == "float64":
            tags.add("nextafter64")
        if op in ("land", "lor", "lxor") and y is None and not isinstance(s, bool):
            tags.add("logical_scalar")
        approx = k == "f" and op in ("pow", "atan2", "hypot", "logaddexp") or \
            k == "c" and op in ("mul", "div", "pow")
        atol = 0.0
        if k in "fc" and inexact_in:
            # error propagation of the continuous ops
            ea = x.group.atol + base_tol(cd)[1]
            eb = (y.group.atol if y is not None else 0.0) + base_tol(cd)[1]
            if op == "mul":
                atol = ea * fmax(yv) + eb * fmax(xv) + ea * eb
            else:
                atol = ea + eb
        if k == "c" and inexact_in:
            # errors relative to the inputs' moduli survive a cancelling sum
            atol += x.group.rtol * fmax(xv) + (y.group.rtol * fmax(yv) if y is not None else 0)
        tol = self.out_tol(rd, ins, approx=approx, atol=atol)
        if k == "c" and op == "pow":
            # exp(y log x): the error of log x, times y
            with np.errstate(all="ignore"):
                logs = np.log(np.asarray(lhs).astype(np.complex128))
            tol["rtol"] = max(tol["rtol"], 8 * eps(cd) * (1 + fmax(rhs) * (fmax(logs) + 4)))
        return cd, rd, tags, tol

    def s_binary(self) -> Step | None:
        r = self.rng
        ops = list(self.BIN_WEIGHTS)
        op = r.choices(ops, [self.BIN_WEIGHTS[o] for o in ops])[0]
        x = self.pick()
        if x is None:
            return None
        kinds = "biu" if op in ("and", "or", "xor") else "iu" if op in ("lshift", "rshift") \
            else "biufc" if op in self.C_BINARY else "biuf"
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
        "neg": (["-{x}", "lt.negative({x})"], "np.negative", "iufc", "same", False),
        "pos": (["+{x}", "lt.positive({x})"], "np.positive", "biufc", "same", False),
        "abs": (["abs({x})", "lt.abs({x})"], "np.abs", "biufc", "real", False),
        "invert": (["~{x}", "lt.bitwise_invert({x})"], "np.invert", "biu", "same", False),
        "lnot": (["lt.logical_not({x})"], "np.logical_not", "biufc", "bool", False),
        "exp": (["lt.exp({x})"], "np.exp", "biufc", "float", True),
        "log": (["lt.log({x})"], "np.log", "biufc", "float", True),
        "sqrt": (["lt.sqrt({x})"], "np.sqrt", "biufc", "float", False),
        "sin": (["lt.sin({x})"], "np.sin", "biufc", "float", True),
        "cos": (["lt.cos({x})"], "np.cos", "biufc", "float", True),
        "tanh": (["lt.tanh({x})"], "np.tanh", "biufc", "float", True),
        "tan": (["lt.tan({x})"], "np.tan", "biufc", "float", True),
        "atan": (["lt.atan({x})"], "np.arctan", "biufc", "float", True),
        "asinh": (["lt.asinh({x})"], "np.arcsinh", "biufc", "float", True),
        "expm1": (["lt.expm1({x})"], "np.expm1", "biufc", "float", True),
        "log1p": (["lt.log1p({x})"], "np.log1p", "biufc", "float", True),
        "sinh": (["lt.sinh({x})"], "np.sinh", "biufc", "float", True),
        "cosh": (["lt.cosh({x})"], "np.cosh", "biufc", "float", True),
        "log2": (["lt.log2({x})"], "np.log2", "biufc", "float", True),
        "floor": (["lt.floor({x})"], "np.floor", "biuf", "same", False),
        "ceil": (["lt.ceil({x})"], "np.ceil", "biuf", "same", False),
        "round": (["lt.round({x})"], "np.round", "biufc", "same", False),
        "trunc": (["lt.trunc({x})"], "np.trunc", "biuf", "same", False),
        "sign": (["lt.sign({x})"], "np.sign", "iufc", "same", False),
        "square": (["lt.square({x})"], "np.square", "iufc", "same", False),
        "reciprocal": (["lt.reciprocal({x})"], "np.reciprocal", "biufc", "float", False),
        "isnan": (["lt.isnan({x})"], "np.isnan", "biufc", "bool", False),
        "isinf": (["lt.isinf({x})"], "np.isinf", "biufc", "bool", False),
        "isfinite": (["lt.isfinite({x})"], "np.isfinite", "biufc", "bool", False),
        "signbit": (["lt.signbit({x})"], "np.signbit", "biuf", "bool", False),
        "asin": (["lt.asin({x})"], "np.arcsin", "biufc", "float", True),
        "acos": (["lt.acos({x})"], "np.arccos", "biufc", "float", True),
        "acosh": (["lt.acosh({x})"], "np.arccosh", "biufc", "float", True),
        "atanh": (["lt.atanh({x})"], "np.arctanh", "biufc", "float", True),
        "log10": (["lt.log10({x})"], "np.log10", "biufc", "float", True),
        "conj": (["lt.conj({x})"], "np.conj", "fc", "same", False),
        "real": (["lt.real({x})", "{x}.real"], "np.real", "fc", "real", False),
        "imag": (["lt.imag({x})", "{x}.imag"], "np.imag", "fc", "real", False),
    }
    UN_WEIGHTS = {"neg": 5, "pos": 2, "abs": 4, "invert": 3, "lnot": 2, "exp": 3, "log": 3,
                  "sqrt": 3, "sin": 3, "cos": 2, "tanh": 2, "tan": 1, "atan": 1, "asinh": 1,
                  "expm1": 1, "log1p": 1, "sinh": 1, "cosh": 1, "log2": 1, "floor": 3,
                  "ceil": 2, "round": 2, "trunc": 2, "sign": 2, "square": 2, "reciprocal": 2,
                  "isnan": 2, "isinf": 1, "isfinite": 1, "signbit": 1, "asin": 1, "acos": 1,
                  "acosh": 1, "atanh": 1, "log10": 1, "conj": 2, "real": 2, "imag": 2}
    UN_CONTINUOUS = {"neg", "pos", "abs", "conj", "real", "imag"}
    # complex functions that take sin or cos of a part (argument reduction past 1e4 differs)
    C_PERIODIC = {"exp", "expm1", "sin", "cos", "tan", "sinh", "cosh", "tanh"}

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
        if res == "float" and not inexact(xd):
            cd = "float32"
        rd = "bool" if res == "bool" else real_of(cd) if res == "real" else cd
        if kind(xd) == "c" and op in ("sqrt", "abs", "sign", "square", "reciprocal"):
            approx = True
        if kind(xd) == "c" and op in self.C_PERIODIC and fmax(self.m(x)) > 1e4:
            return None
        if kind(xd) == "c" and op == "expm1" and np.isinf(self.m(x)).any():
            return None     # NumPy's exp(x) cos(y) - 1: expm1(inf + 0j) is inf + NaN j
        if kind(xd) == "c" and op == "square" and \
                self.part_products_overflow(self.m(x), self.m(x), xd):
            return None
        if kind(xd) == "c" and op == "sign":
            with np.errstate(all="ignore"):
                size = np.abs(self.m(x).astype(np.complex128))
            if np.any(np.isfinite(size) & (size > float(np.finfo(real_of(xd)).max))):
                return None     # |x| overflows: NumPy's complex64 sign(3e38 + 3e38j) is 1j
        tags = set()
        if op in ("expm1", "log1p", "sinh", "cosh"):
            tags.add("special_unary")
        xv = self.m(x)
        if op == "signbit" and kind(xd) == "f" and np.isnan(xv).any():
            return None   # the sign of a computed NaN is not specified (IEEE 754)
        if approx and inexact(cd) and op in ("sin", "cos", "tan") and \
                fmax(xv) > 1e4:
            return None   # argument reduction of huge angles: libm-dependent
        a, n = self.new_names()
        expr = r.choice(spellings).format(x=x.name)
        if op == "square":
            np_expr = f"np.multiply({x.mirror}, {x.mirror})"
        elif op == "reciprocal":
            np_expr = f"np.divide(np.asarray(1.0, dtype=np.{cd}), {x.mirror}.astype(np.{cd}))"
        elif op in ("floor", "ceil", "round", "trunc") and not inexact(xd):
            np_expr = f"np.copy({x.mirror})"
        elif op in ("abs", "pos") and xd == "bool":
            np_expr = f"np.copy({x.mirror})"
        elif op == "sign":
            # sign(-0.0) is +0.0 (docs/array-api.md); only the sign of zero differs
            np_expr = f"np.sign({x.mirror}) + np.zeros((), dtype=np.{xd})"
        else:
            np_expr = f"{npf}({x.mirror}.astype(np.{cd}))"
        atol = 0.0
        if approx and inexact(cd):
            atol = 4 * eps(cd) * max(1.0, fmax(xv))
            # NumPy's complex log1p is log(1 + x): off by eps (not eps * |x|) near 0
            atol = 4 * eps(cd) if op == "log1p" and kind(xd) == "c" else atol
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
        if kind(xd) == "c" and op in ("max", "min"):
            return None     # refused (s_refuse)
        if kind(xd) == "c" and op == "prod" and not axes and not np.all(np.isfinite(xv)):
            return None     # NumPy multiplies by 1 + 0j even over no axes: inf - inf j
            # becomes NaN; lazyten keeps each element
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
        if op in ("max", "min") and args.startswith(", dim=") and isinstance(axis, int):
            lt_expr += ".values"  # PyTorch's spelling along one dim: (values, indices)
        npaxis = f", axis={axis!r}" if axis is not None else ""
        npkw = ", keepdims=True" if keep else ""
        count = int(np.prod([shape[ax] for ax in axes], dtype=np.int64)) if axes else 1
        tol: dict
        if op in ("sum", "prod"):
            rd = sum_dtype(xd)
            np_expr = f"np.{op}({x.mirror}.astype(np.{rd}){npaxis}{npkw})"
        elif op == "mean":
            rd = xd if inexact(xd) else "float32"
            acc = "float32" if rd == "float16" else rd
            np_expr = f"np.mean({x.mirror}.astype(np.{acc}){npaxis}{npkw})"
        elif op in ("max", "min"):
            rd = xd
            np_expr = f"np.{op}({x.mirror}{npaxis}{npkw})"
        else:
            rd = "bool"
            np_expr = f"np.{op}({x.mirror}{npaxis}{npkw})"
        if inexact(rd) and op in ("sum", "mean", "prod"):
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
        x = self.pick(lambda v: (v.group.exact and self.dt(v) != "bool" or
                                 self.dt(v) == "bool") and kind(self.dt(v)) != "c")
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
        if inexact(rd):
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
                y0 = self.ensure(base_shape, "iufc" if r.random() < 0.9 else "biufc")
                if y0 is None:
                    return None
                ym, yl = f"{y0.mirror}.mT", f"{y0.name}.mT"
                if len(yshape) == 2 and r.random() < 0.5:
                    ym, yl = f"{y0.mirror}.T", f"{y0.name}.T"
            else:
                y0 = self.ensure(yshape, "iufc" if r.random() < 0.9 else "biufc")
                if y0 is None:
                    return None
                ym, yl = y0.mirror, y0.name
            if left:
                lhs_l, lhs_m, rhs_l, rhs_m = x.name, x.mirror, yl, ym
            else:
                lhs_l, lhs_m, rhs_l, rhs_m = yl, ym, x.name, x.mirror
            ins = [x, y0]
        for v in ins:
            if not v.group.exact and not inexact(self.dt(v)):
                return None
        cd = promote(self.dt(ins[0]), self.dt(ins[-1]))
        try:
            with np.errstate(all="ignore"):
                L = eval(lhs_m, self.ns)
                R = eval(rhs_m, self.ns)
                np.matmul(L, R)
        except Exception:
            return None
        if kind(cd) == "c" and not (np.all(np.isfinite(L)) and np.all(np.isfinite(R))):
            return None     # NumPy sums complex products term by term, lazyten sums the
            # real products of the parts: infinities cancel into NaN in different places
        tags: set = set()
        if L.size == 0 or R.size == 0:
            tags.add("matmul_empty")
        if (L.ndim == 1 and R.ndim >= 2 and not R.flags.c_contiguous) or \
                (R.ndim == 1 and L.ndim >= 2 and not L.flags.c_contiguous):
            tags.add("matmul_T_vec")
        form = r.choice(["{l} @ {r}", "lt.matmul({l}, {r})"])
        lt_expr = form.format(l=lhs_l, r=rhs_l)
        np_expr = f"np.matmul({lhs_m}.astype(np.{cd}), {rhs_m}.astype(np.{cd}))"
        if inexact(cd):
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
                y = self.operand(x, "biufc")
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
        if xd == "bool" or not x.group.exact or kind(xd) == "c":
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
        dt = self.rand_dtype("biufc")
        xd = self.dt(x)
        if not inexact(dt) and inexact(xd) and not x.group.exact:
            return None
        if kind(xd) == "c" and kind(dt) not in "bc":
            return None     # refused (s_refuse): the standard has no complex -> real cast
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
        if inexact(dt) and inexact(xd):
            tol["atol"] = max(tol["atol"], x.group.atol)
        return Step([f"{n} = {x.mirror}.astype(np.{dt}, order=\"C\")"],
                    [f"{a} = " + form.format(x=x.name, d=dt)], inputs=[x],
                    apply=self.adder(a, n, True, inputs=[x], **tol))
