"""FFT, take/take_along_axis, vecdot/einsum/tensordot and var/std steps (real and complex)."""
from __future__ import annotations

import math

import numpy as np

from .rules import approx_rtol, complex_of, eps, fmax, inexact, kind, promote, real_of
from .state import Step


class TransformSteps:
    """Steps and helpers mixed into the generator (tests/fuzzing/generator.py)."""

    FFTS = {
        # name: (input: real or complex, result: complex or real, n-dimensional)
        "fft": ("any", "c", False), "ifft": ("any", "c", False), "fftn": ("any", "c", True),
        "ifftn": ("any", "c", True), "rfft": ("real", "c", False),
        "ihfft": ("real", "c", False), "rfftn": ("real", "c", True),
        "irfft": ("any", "r", False), "hfft": ("any", "r", False), "irfftn": ("any", "r", True),
    }

    def s_fft(self) -> Step | None:
        r = self.rng
        fn = r.choice(list(self.FFTS))
        src, res, nd = self.FFTS[fn]
        ok = ("float32", "float64") + (("complex64", "complex128") if src == "any" else ())
        x = self.pick(lambda v: self.dt(v) in ok and self.m(v).ndim >= 1)
        if x is None:
            return None
        xv, xd, shape = self.m(x), self.dt(x), self.shape(x)
        if not np.all(np.isfinite(xv)):
            return None     # NaN and infinities spread by the algorithm (no one answer)
        rd = complex_of(real_of(xd)) if res == "c" else real_of(xd)
        args = []
        if nd:
            axes = tuple(r.sample(range(len(shape)), r.randint(1, len(shape))))
            sizes = [r.randint(1, 5) for _ in axes] if r.random() < 0.4 else None
            if fn == "irfftn" and sizes is None:
                sizes = [shape[ax] if i < len(axes) - 1 else max(2 * (shape[ax] - 1), 1)
                         for i, ax in enumerate(axes)]
            if sizes is not None:
                args.append(f"s={tuple(sizes)!r}")
            spelled = tuple(ax - len(shape) if r.random() < 0.3 else ax for ax in axes)
            args.append(f"axes={spelled!r}")
            lengths = sizes or [shape[ax] for ax in axes]
            lengths = [max(n, shape[ax]) for n, ax in zip(lengths, axes)]
        else:
            axis = r.randrange(-len(shape), len(shape))
            n = r.randint(1, 6) if r.random() < 0.4 or (fn in ("irfft", "hfft") and
                                                       shape[axis] < 2) else None
            if n is not None:
                args.append(f"n={n}")
            if axis != -1 or r.random() < 0.3:
                args.append(f"axis={axis}")
            lengths = [max(n or 0, 2 * shape[axis], 1)]
        if r.random() < 0.6:
            args.append(f"norm={r.choice(['backward', 'ortho', 'forward'])!r}")
        count = int(np.prod(lengths))
        if fmax(xv) * count > float(np.finfo(real_of(xd)).max) / 8:
            return None     # overflow of a partial sum depends on the order
        wide = "complex128" if kind(xd) == "c" else "float64"
        a, n_ = self.new_names()
        kw = ", ".join(args)
        kw = ", " + kw if kw else ""
        np_line = (f"{n_} = np.asarray(np.fft.{fn}({x.mirror}.astype(np.{wide}){kw}))"
                   f'.astype(np.{rd}, order="C")')
        atol = 8 * eps(rd) * count * max(fmax(xv), 1e-30) + \
            count * (x.group.atol + x.group.rtol * fmax(xv))
        return Step([np_line], [f"{a} = lt.fft.{fn}({x.name}{kw})"], inputs=[x],
                    apply=self.adder(a, n_, True, inputs=[x], exact=False,
                                     rtol=max(approx_rtol(rd), x.group.rtol), atol=atol))

    def s_take(self) -> Step | None:
        r = self.rng
        x = self.pick(lambda v: self.m(v).ndim >= 1)
        if x is None:
            return None
        shape = self.shape(x)
        axis = r.randrange(-len(shape), len(shape))
        d = shape[axis]
        a, n = self.new_names()
        if r.random() < 0.5:
            k = r.randint(0, 4) if d else 0
            idx = [r.randrange(-d, d) if r.random() < 0.2 else r.randrange(d) for _ in range(k)]
            dt = r.choice(["int64", "int32"])
            ax = "" if len(shape) == 1 and r.random() < 0.5 else f", axis={axis}"
            return Step([f"{n} = np.take({x.mirror}, np.asarray({idx!r}, dtype=np.int64), "
                         f"axis={axis}).copy()"],
                        [f"{a} = lt.take({x.name}, lt.asarray({idx!r}, dtype=lt.{dt}){ax})"],
                        inputs=[x], apply=self.adder(a, n, True, inputs=[x],
                                                     **self.out_tol(self.dt(x), [x])))
        if d == 0:
            return None
        ishape = list(shape)
        ishape[axis] = r.randint(0, 3)
        for i in range(len(ishape)):
            if i != axis % len(shape) and r.random() < 0.2:
                ishape[i] = 1
        vals = [r.randrange(d) for _ in range(int(np.prod(ishape, dtype=np.int64)))]
        src = f"np.asarray({vals!r}, dtype=np.int64).reshape({tuple(ishape)!r})"
        return Step([f"{n} = np.take_along_axis({x.mirror}, {src}, axis={axis}).copy()"],
                    [f"{a} = lt.take_along_axis({x.name}, lt.asarray({src}), axis={axis})"],
                    inputs=[x], apply=self.adder(a, n, True, inputs=[x],
                                                 **self.out_tol(self.dt(x), [x])))

    def s_contract(self) -> Step | None:
        """vecdot (conjugating x1), einsum and tensordot."""
        r = self.rng
        x = self.pick(lambda v: self.m(v).ndim >= 1 and kind(self.dt(v)) in "iufc")
        if x is None:
            return None
        shape = self.shape(x)
        c = r.random()
        if c < 0.4:
            y = self.operand(x, "iufc")
            if y is None or not self.shape(y) or self.shape(y)[-1] != shape[-1]:
                return None
            lt_expr = f"lt.vecdot({x.name}, {y.name})"
            np_tmpl = "np.vecdot({x}, {y})"
            k = shape[-1]
        elif c < 0.8:
            letters = "abcd"[:len(shape)]
            form = r.choice(["same", "out", "mat", "trans"])
            if form == "mat" and len(shape) == 2:
                y = self.ensure((shape[1], r.randint(0, 3)), "iufc")
                spec, k = "ij,jk->ik", shape[1]
            elif form == "out" and len(shape) == 1:
                y = self.ensure((r.randint(0, 3),), "iufc")
                spec, k = "i,j->ij", 1
            elif form == "trans":
                y, spec, k = None, f"{letters}->{letters[::-1]}", 1
            else:
                y = self.ensure(shape, "iufc")
                spec, k = f"{letters},{letters}->{letters[:-1]}", shape[-1]
            if y is None and form != "trans":
                return None
            if y is None:
                lt_expr, np_tmpl = f"lt.einsum({spec!r}, {x.name})", f"np.einsum({spec!r}, {{x}})"
            else:
                lt_expr = f"lt.einsum({spec!r}, {x.name}, {y.name})"
                np_tmpl = f"np.einsum({spec!r}, {{x}}, {{y}})"
        else:
            y = self.ensure((shape[-1], r.randint(1, 3)), "iufc")
            if y is None:
                return None
            lt_expr = f"lt.tensordot({x.name}, {y.name}, axes=1)"
            np_tmpl = "np.tensordot({x}, {y}, axes=1)"
            k = shape[-1]
        ins = [x] + ([y] if y is not None else [])
        if any(not v.group.exact and not inexact(self.dt(v)) for v in ins):
            return None
        cd = self.dt(x) if y is None else promote(self.dt(x), self.dt(y))
        xv = self.m(x)
        yv = self.m(y) if y is not None else np.ones(())
        bound = fmax(xv) * max(fmax(yv), 1.0) * max(k, 1)
        if not inexact(cd) and bound >= 2.0 ** (8 * np.dtype(cd).itemsize - 2):
            return None     # integer overflow: wraps in NumPy, order-dependent here
        if inexact(cd) and bound > float(np.finfo(real_of(cd)).max) / 4:
            return None
        if inexact(cd) and not (np.all(np.isfinite(xv)) and np.all(np.isfinite(yv))):
            return None     # inf * 0 in a sum: which NaN appears depends on the order
        wide = "complex128" if kind(cd) == "c" else "float64" if kind(cd) == "f" else cd
        np_expr = np_tmpl.format(x=f"{x.mirror}.astype(np.{wide})",
                                 y=f"{y.mirror}.astype(np.{wide})" if y is not None else "")
        a, n = self.new_names()
        tol: dict = {"exact": True, "rtol": 0.0, "atol": 0.0}
        if inexact(cd):
            atol = 4 * eps(cd) * max(bound, 1.0) + sum(
                (v.group.atol + v.group.rtol * fmax(self.m(v))) for v in ins) * max(bound, 1.0)
            tol = {"exact": False, "rtol": max([approx_rtol(cd)] + [v.group.rtol for v in ins]),
                   "atol": atol}
        return Step([f'{n} = np.asarray({np_expr}).astype(np.{cd}, order="C")'],
                    [f"{a} = {lt_expr}"], inputs=ins,
                    apply=self.adder(a, n, True, inputs=ins, **tol))

    def s_moments(self) -> Step | None:
        """var and std (real results for complex arrays, as NumPy's)."""
        r = self.rng
        x = self.pick(lambda v: inexact(self.dt(v)) and v.group.exact)
        if x is None:
            return None
        xv, xd, shape = self.m(x), self.dt(x), self.shape(x)
        axis = self.rand_axes(len(shape))
        axes = self.norm_axes(axis, len(shape))
        count = int(np.prod([shape[ax] for ax in axes], dtype=np.int64)) if axes else 1
        corr = r.choice([0, 0, 1, 1.0])
        if count - corr <= 0:
            return None     # no degrees of freedom: NumPy's inf or NaN, with a warning
        rd = real_of(xd)
        big = fmax(xv)
        if big * big * count > float(np.finfo(rd).max) / 8:
            return None
        op = r.choice(["var", "std"])
        keep = r.random() < 0.3
        args = ("" if axis is None else f", axis={axis!r}") + \
            (f", correction={corr!r}" if corr or r.random() < 0.3 else "") + \
            (", keepdims=True" if keep else "")
        npargs = ("" if axis is None else f", axis={axis!r}") + f", ddof={corr!r}" + \
            (", keepdims=True" if keep else "")
        wide = "complex128" if kind(xd) == "c" else "float64"
        a, n = self.new_names()
        atol = 16 * eps(rd) * count * max(big * big, 1e-30)
        if op == "std":
            atol = math.sqrt(atol) + 4 * eps(rd) * big
        return Step([f'{n} = np.asarray(np.{op}({x.mirror}.astype(np.{wide}){npargs}))'
                     f'.astype(np.{rd}, order="C")'], [f"{a} = lt.{op}({x.name}{args})"],
                    inputs=[x], apply=self.adder(a, n, True, inputs=[x], exact=False,
                                                 rtol=approx_rtol(rd), atol=atol))
