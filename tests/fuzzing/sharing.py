"""In-place updates, NumPy conversion both ways, realization, deletion, copies, loops and
overlapping writes."""
from __future__ import annotations

from typing import Callable

import numpy as np

from .rules import KIND_RANK, inexact, kind
from .state import Group, Step, Var


class SharingSteps:
    """Steps and helpers mixed into the generator (tests/fuzzing/generator.py)."""

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
            else "biufc" if op in self.C_BINARY else "biuf"
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
        if KIND_RANK[kind(rd)] > KIND_RANK[kind(xd)]:
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
        val = self.value_for_key(x, np_key, allow_tag=False)
        if val is None:
            return None
        lt_v, np_v, used, tags, exact = val
        if any(v.lazy and v.view and self.shape(v) == () for v in used):
            tags = tags | {"numpy_0d_view"}
        tags = tags | self.scalar_write_tags(items, shape, used)
        return Step([f"{x.mirror}[{np_key}] = {np_v}"],
                    [f"{x.name}[{self.key_text(items, True)}] = {lt_v}"], tags=tags,
                    inputs=[x] + used, apply=self.write_into(x, used, exact, tags),
                    check=self.chance(0.3))

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
        dt = self.rand_dtype("biufc")
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

    def s_observe(self) -> Step | None:
        """Realize one array the ways a user reads it (repr, tolist, item, iteration...)."""
        x = self.pick()
        if x is None:
            return None
        size, shape = self.m(x).size, self.shape(x)
        forms = ["_ = repr({x})", "_ = {x}.tolist()", "_ = str({x})"]
        if size == 1:
            forms += ["_ = {x}.item()",
                      "_ = complex({x})" if kind(self.dt(x)) == "c" else "_ = float({x})"]
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
        x = self.pick(lambda v: kind(self.dt(v)) in "iufc" and v.group.exact)
        if x is None:
            return None
        xd = self.dt(x)
        k = self.rng.choice([3, 10, 50, 1005]) if self.m(x).size <= 64 else 3
        c = self.rng.random()
        one = "1j" if kind(xd) == "c" and self.chance(0.5) else "1"
        if inexact(xd):
            body_lt, body_np = (f"{x.name} *= 0.5", f"{x.mirror} *= np.{xd}(0.5)") if c < 0.5 \
                else (f"{x.name} += {one}", f"{x.mirror} += np.{xd}({one})")
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
                    apply=self.write_into(x, [], not inexact(xd) or c < 0.5, tags))

    def s_element_loop(self) -> Step | None:
        """A Python loop writing an array element by element (rows for N-D), each value read
        from the array as it stands and from another array: what the vectorize pass gathers
        into one scatter. Positions repeat when the loop is longer than the array."""
        wanted = ("float32", "float64", "int32", "int64", "complex64", "complex128")
        x = self.pick(lambda v: self.dt(v) in wanted and bool(self.shape(v)) and
                      self.shape(v)[0] > 0 and v.group.exact)
        if x is None:
            return None
        xd, shape = self.dt(x), self.shape(x)
        y = self.pick(lambda v: self.dt(v) == xd and self.shape(v) == shape, lazy=None) or x
        k = self.rng.choice([9, 20, shape[0]])
        d, step, shift = shape[0], self.rng.choice([1, 3, 5]), self.rng.randrange(shape[0])
        # (complex products that overflow on the way depend on FMA: not multiplied here)
        op = "^" if not inexact(xd) else self.rng.choice(["+", "-"] + ["*"] * (kind(xd) == "f"))
        scale = "" if not inexact(xd) else " * 0.5"

        def body(a: str, b: str) -> str:
            return (f"for i in range({k}): {a}[i % {d}] = {a}[(i * {step} + {shift}) % {d}]"
                    f"{scale} {op} {b}[(i + 1) % {d}]")
        return Step([body(x.mirror, y.mirror)], [body(x.name, y.name)], inputs=[x, y],
                    apply=self.write_into(x, [y], True, set()))

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
        if inexact(xd) and not x.group.exact:
            return None
        y_np = form.format(x=x.mirror)
        y_lt = form.format(x=x.name)
        # a complex product rounds each part's sum of two products: not bit for bit
        exact = not (kind(xd) == "c" and sym == "*")
        return Step([f"{x.mirror}[...] = {op}({x.mirror}, {y_np})"],
                    [f"{x.name} {sym}= {y_lt}"], inputs=[x],
                    apply=self.write_into(x, [], exact, set()))

    def alias_var(self, x: Var, a: str, n: str) -> Callable[[], None]:
        def apply() -> None:
            self.vars.append(Var(a, n, True, x.group, x.view, set(x.tags)))
        return apply
