"""Fuzz rows: a result (which must realize) or a clean lazyten error."""
from __future__ import annotations


import lazyten as lt

from .checks import Case
from .compile_rows import returns
from .environment import E
from .slots import Slot
from .specs import BINARY_FLOAT, BINARY_INT, SPECS, UNARY_FLOAT, caller, show


FUZZ_DTYPES = [lt.bool, lt.uint64]


def fuzz_cases() -> list[Case]:
    cases = []
    for spec in SPECS:  # 0-d inputs to the functions that take an axis
        axis_keys = [k for k, a in list(enumerate(spec.args)) + list(spec.kwargs.items())
                     if isinstance(a, Slot) and a.kind == "axis"]
        first = spec.args[0] if spec.args else None
        if spec.method or not axis_keys or not (isinstance(first, Slot) and first.kind == "arr"):
            continue
        args, kwargs = [E("s")] + list(spec.args[1:]), dict(spec.kwargs)
        for k in axis_keys:
            if isinstance(k, int):
                args[k] = 0
            else:
                kwargs[k] = 0
        if spec.name == "take_along_axis":
            args[1] = E("si")
        if spec.name in ("concat", "cat", "stack"):
            continue
        cases.append(Case(f"fuzz-0d-{spec.name}", caller(spec, args, kwargs), None, [],
                          f"{spec.name}({show(args, kwargs)})"))
    for dt in FUZZ_DTYPES:
        make = (lambda e, dt=dt: lt.ones((2, 3), dtype=dt))
        for name in UNARY_FLOAT + ["bitwise_invert", "logical_not"]:
            fn = getattr(lt, name)
            cases.append(Case(f"fuzz-dtype-{name}-{dt.name}",
                              lambda e, fn=fn, make=make: fn(make(e)), None, [],
                              f"lt.{name}(lt.ones((2, 3), dtype=lt.{dt.name}))"))
        for name in BINARY_FLOAT + BINARY_INT:
            fn = getattr(lt, name)
            cases.append(Case(f"fuzz-dtype-{name}-{dt.name}",
                              lambda e, fn=fn, make=make: fn(make(e), make(e)), None, [],
                              f"lt.{name}(a, a) with a of dtype {dt.name}"))
    cases.append(Case("fuzz-arange-bool", lambda e: lt.arange(3, dtype=lt.bool), None, [],
                      "lt.arange(3, dtype=lt.bool)"))
    cases.append(Case("fuzz-return-None", returns(lambda x: None), None, [],
                      "a compiled function returning None"))
    return cases
