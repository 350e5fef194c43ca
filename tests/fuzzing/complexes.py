"""Complex arrays made from real ones, the operations that must refuse complex operands (with
a DTypeError naming the dtype, at the program's line), and the cases where NumPy's complex
arithmetic is its own (fused products, powers by repeated multiplication): not generated."""
from __future__ import annotations

from typing import Any

import numpy as np

from .rules import fmax, kind, promote, real_of, weak
from .state import Step


class ComplexSteps:
    """Steps and helpers mixed into the generator (tests/fuzzing/generator.py)."""

    def s_complex(self, dt: str | None = None, shape: tuple | None = None) -> Step | None:
        """``x + 1j * y`` from real arrays (``dt``/``shape``: of a fresh result, as s_create)."""
        r = self.rng
        if shape is None:
            x = self.pick(lambda v: kind(self.dt(v)) in "biuf")
            if x is None:
                return None
        else:
            x = self.ensure(shape, "f" if dt == "complex128" else "biuf")
            if x is None:
                return None
        y = self.operand(x, "biuf")
        if y is None or not y.lazy:
            return None     # 1j * ndarray is NumPy's own
        if dt == "complex128" and "float64" not in (self.dt(x), self.dt(y)):
            return None
        t = weak(1j, self.dt(y))              # 1j * y
        cd = promote(self.dt(x), t)
        form = r.choice(["{x} + 1j * {y}", "{x} + {y} * 1j", "lt.add({x}, lt.multiply({y}, 1j))",
                         "1j * {y} + {x}"])
        a, n = self.new_names()
        np_expr = (f"{x.mirror}.astype(np.{cd}) + (np.asarray(1j, dtype=np.{t}) * "
                   f"{y.mirror}.astype(np.{t})).astype(np.{cd})")
        tol = self.out_tol(cd, [x, y])
        return Step([f'{n} = np.asarray({np_expr}, order="C")'],
                    [f"{a} = " + form.format(x=x.name, y=y.name)], inputs=[x, y],
                    apply=self.adder(a, n, True, inputs=[x, y], **tol))

    def part_products_overflow(self, a: Any, b: Any, cd: str) -> bool:
        """A product of finite parts of complex operands overflows: NumPy fuses a * c - b * d
        into one FMA ((1e30 + inf j)**2 in complex64 is -inf + inf j there, NaN + inf j
        unfused; C99 leaves it open)."""
        def big(v: Any) -> float:
            v = np.asarray(v).astype(np.complex128)
            return max(fmax(v.real), fmax(v.imag))
        return big(a) * big(b) > float(np.finfo(real_of(cd)).max) / 4

    def complex_pow_ok(self, lhs: Any, rhs: Any, cd: str) -> bool:
        """NumPy's complex power of an integer exponent (|n| < 100) multiplies repeatedly: a
        product that overflows on the way gives NaN where exp(b log a) gives inf or 0, and a
        zero base gives NaN or 0 by its own rule. C99 specifies no special cases of cpow, so
        lazyten's exp(b log a) is compared where every result is a normal finite number."""
        try:
            np.broadcast_shapes(np.shape(lhs), np.shape(rhs))
        except ValueError:
            return True  # a shape error: both libraries raise, which the step then checks
        with np.errstate(all="ignore"):
            a = np.asarray(lhs).astype(np.complex128)
            b = np.asarray(rhs).astype(np.complex128)
            if not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))) or np.any(a == 0):
                return False
            w = np.abs(np.exp(b * np.log(a)))
        fi = np.finfo(real_of(cd))
        return bool(np.all(w < float(fi.max) / 16) and
                    np.all(w > float(fi.smallest_normal) * 16))

    # (lazyten spelling with {x} the complex array and {y} another operand, needs {y})
    REFUSED = [
        ("{x} // {y}", True), ("lt.remainder({x}, {y})", True), ("lt.maximum({x}, {y})", True),
        ("lt.minimum({y}, {x})", True), ("{x} < {y}", True), ("{y} >= {x}", True),
        ("lt.less_equal({x}, {y})", True), ("{x} & {y}", True), ("{x} ^ {y}", True),
        ("{x} << 1", False), ("lt.atan2({x}, {y})", True), ("lt.hypot({y}, {x})", True),
        ("lt.copysign({x}, {y})", True), ("lt.logaddexp({x}, {y})", True),
        ("lt.nextafter({x}, {y})", True), ("~{x}", False), ("lt.floor({x})", False),
        ("lt.ceil({x})", False), ("lt.trunc({x})", False), ("lt.signbit({x})", False),
        ("lt.max({x})", False), ("{x}.min()", False), ("lt.argmax({x})", False),
        ("lt.argmin({x})", False), ("lt.clip({x}, 0, 1)", False), ("lt.sort({x})", False),
        ("lt.argsort({x})", False), ("{x}.astype(lt.float32)", False),
        ("lt.astype({x}, lt.int64)", False), ("lt.fft.rfft({x})", False),
        ("lt.fft.ihfft({x})", False),
    ]

    def s_refuse(self) -> Step | None:
        """An operation complex numbers do not have: recording it raises a DTypeError at the
        program's line, naming the dtype (never an onnxruntime error, later)."""
        r = self.rng
        z = self.pick(lambda v: kind(self.dt(v)) == "c")
        if z is None:
            return None
        if r.random() < 0.25:
            # a complex value stored into a number array (bool takes it, as astype)
            x = self.pick(lambda v: kind(self.dt(v)) in "iuf" and
                          self._broadcasts_to(self.shape(z), self.shape(v)))
            if x is None:
                return None
            stmt = r.choice(["{x} += {z}", "{x} *= {z}", "{x}[...] = {z}"]).format(
                x=x.name, z=z.name)
        else:
            form, binary = r.choice(self.REFUSED)
            y = z
            if binary and r.random() < 0.5:
                y = self.operand(z, "biufc")
                if y is None:
                    return None
            if form.startswith("lt.fft.") and self.m(z).ndim == 0 or self.m(z).size == 0 and \
                    "arg" in form:
                return None     # the fft of a 0-d array, a search of nothing: other errors
            stmt = "_ = " + form.format(x=z.name, y=y.name)
        return Step([], ["try:\n    " + stmt + "\nexcept TypeError as _e:\n    _refused("
                         f"{stmt!r}, _e)\nelse:\n    raise AssertionError({stmt!r} + "
                         "\": no DTypeError for complex operands\")"], inputs=[z])

    def _broadcasts_to(self, src: tuple, dst: tuple) -> bool:
        try:
            return np.broadcast_shapes(src, dst) == dst
        except ValueError:
            return False
