"""Basic and advanced index reads and writes."""
from __future__ import annotations

from typing import Callable

import numpy as np

from .rules import kind
from .state import Step, Var


class IndexingSteps:
    """Steps and helpers mixed into the generator (tests/fuzzing/generator.py)."""

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

    def scalar_write_tags(self, items: list[str], shape: tuple, used: list) -> set:
        """``ndarray[i, j] = a`` with ``a`` a 0-d lazy integer array: NumPy converts it as a
        Python int (``__index__``), the mirror with ``astype`` (KNOWN "numpy_int_scalar")."""
        ints = [i for i in items if i not in ("None", "...")]
        if len(ints) == len(shape) and all(i.lstrip("-").isdigit() for i in ints) and any(
                v.lazy and self.shape(v) == () and self.dt(v)[0] in "biu" for v in used):
            return {"numpy_int_scalar"}
        return set()

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

    def value_for_key(self, x: Var, np_key: str, allow_tag: bool = True) -> tuple | None:
        """A value to assign to ``x[np_key]`` (see ``value_for``), or None where NumPy cannot
        index the mirror so."""
        try:
            region = eval(f"{x.mirror}[{np_key}]", self.ns).shape
        except Exception:
            return None
        return self.value_for(self.dt(x), region, allow_tag=allow_tag)

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
        val = self.value_for_key(x, np_key)
        if val is None:
            return None
        lt_v, np_v, used, tags, exact = val
        if not x.lazy and "setitem_extra_dims" in tags:
            return None
        if not x.lazy and any(v.lazy and v.view and self.shape(v) == () for v in used):
            tags = tags | {"numpy_0d_view"}   # ndarray[...] = 0-d lazy view: __array__
        if not x.lazy:
            tags = tags | self.scalar_write_tags(items, self.shape(x), used)
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
        val = self.value_for_key(x, np_key, allow_tag=False)
        if val is None:
            return None
        lt_v, np_v, vused, vtags, exact = val
        if not x.lazy and (any(v.lazy for v in used + vused) or lt_v.startswith("lt.")):
            return None
        return Step([f"{x.mirror}[{np_key}] = {np_v}"],
                    [f"{x.name}[{', '.join(lt_items)}] = {lt_v}"], tags=tags | vtags,
                    inputs=[x] + used + vused,
                    apply=self.write_into(x, used + vused, exact, tags | vtags))

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
