"""Program state (storages, variables, steps) and the failures the fuzzer reports."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable


# Known lazyten bugs (being fixed elsewhere). A failure traced to a step carrying one of these
# tags (or to a value computed from one) is reported as a known failure, not a new one.
KNOWN: dict[str, str] = {
    "numpy_int_scalar": "ndarray[i, j] = (a 0-d lazyten integer array): NumPy converts a "
                        "foreign object with __index__ to a Python int for one element (as it "
                        "does PyTorch tensors) and raises OverflowError outside the target "
                        "dtype's range, where the mirror's astype wraps; NumPy's own behavior, "
                        "not lazyten's to change",
}

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
