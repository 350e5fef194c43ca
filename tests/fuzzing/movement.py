"""Reshape, permute, expand/squeeze, broadcast, concat and flip steps (views among them)."""
from __future__ import annotations

from typing import Any, Callable

import numpy as np

from .rules import promote
from .state import Step, Var


class MovementSteps:
    """Steps and helpers mixed into the generator (tests/fuzzing/generator.py)."""

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
