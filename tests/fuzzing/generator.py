"""The generator: its state, step choice, and running and checking each step."""
from __future__ import annotations

import math
import os
import random
import re
import traceback
from typing import Any, Callable

import numpy as np

from .compute import ComputeSteps
from .indexing import IndexingSteps
from .movement import MovementSteps
from .reproducer import HEADER
from .complexes import ComplexSteps
from .rules import DTYPES, DTYPE_WEIGHTS, approx_rtol, base_tol, inexact, kind, real_of
from .sharing import SharingSteps
from .state import FOUND, Failure, Group, KNOWN, Step, Var
from .transforms import TransformSteps
from .values import ValueSteps


class Gen(ValueSteps, ComputeSteps, MovementSteps, IndexingSteps, SharingSteps, ComplexSteps,
          TransformSteps):
    """One random program, generated and run step by step."""

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
        if k == "c":
            # each part among +-0, +-inf, NaN, tiny and huge (at the edge rate) or ordinary;
            # now and then a real or an imaginary number
            part = real_of(dt)
            re, im = self.rand_value(part, edge), self.rand_value(part, edge)
            c = r.random()
            return complex(re, 0.0 if c < 0.1 else im) if c < 0.2 else \
                complex(0.0 if c < 0.3 else re, im)
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
        if isinstance(v, complex):
            if all(math.isfinite(p) and math.copysign(1.0, p) > 0 for p in (v.real, v.imag)):
                return repr(v)
            return f"complex({self.fmt(v.real)}, {self.fmt(v.imag)})"
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
        if not inexact(dt):
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
            (self.s_loop, 1), (self.s_element_loop, 2), (self.s_complex, 3),
            (self.s_refuse, 2), (self.s_fft, 2), (self.s_take, 2), (self.s_contract, 2),
            (self.s_moments, 2),
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
        if not inexact(dt):
            return {"exact": True, "rtol": 0.0, "atol": 0.0}
        rtol = max([v.group.rtol for v in inputs] + [approx_rtol(dt) if approx else 0.0])
        at = max([v.group.atol for v in inputs] + [atol])
        return {"exact": exact, "rtol": rtol, "atol": at}
