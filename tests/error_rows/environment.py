"""The environment each row runs in: inputs, some pending, whose values are checked
afterwards; where the user's frames and lazyten's boundary line are."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Callable

import numpy as np

import lazyten as lt


ROOT = Path(lt.__file__).resolve().parent.parent
LIBRARY_DIRS = tuple(str(ROOT / d) + os.sep for d in ("lazyten", "passes", "runtime"))
# a lazyten error may keep one line of the error boundary: the re-raise line of the wrapper in
# boundary.py, which every entry point (functions, methods, operators, compiled calls) goes
# through
BOUNDARY_LINE = "raise user_error("
# the user's code: the rows (this package) and the test module that runs them
USER_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep

AXIS_ERR = (IndexError, ValueError)  # NumPy's AxisError is both; either is accepted
MANY = 2 ** 40                        # (MANY, MANY) elements overflow int64
I64_PAST = 2 ** 63                    # one past int64's maximum


class Opaque:
    """An arbitrary object with a stable repr (test ids and messages)."""

    def __repr__(self) -> str:
        return "<opaque>"


OPAQUE = Opaque()


# ---------------------------------------------------------------------------------------------
# The environment each row runs in: inputs, some pending, whose values are checked afterwards

def _inputs() -> dict[str, Callable[["Env"], Any]]:
    return {
        "x": lambda e: lt.arange(12, dtype=lt.float32).reshape(3, 4),  # a view of an arange
        "v": lambda e: lt.arange(4, dtype=lt.float32),
        "i": lambda e: lt.arange(12).reshape(3, 4),
        "iv": lambda e: lt.arange(4),
        "u8": lambda e: lt.arange(4, dtype=lt.uint8),
        "b": lambda e: lt.arange(12).reshape(3, 4) % 3 == 0,  # pending
        "p": lambda e: e.x * 2 - e.x,                           # pending, equals x
        "sq": lambda e: lt.eye(3) + lt.arange(3, dtype=lt.float32),  # pending, square
        "c3": lambda e: lt.ones((2, 3)),
        "col": lambda e: lt.ones((3, 1)),
        "s": lambda e: lt.asarray(2.0),                          # 0-d
        "si": lambda e: lt.asarray(1),                           # 0-d integer
        "idx": lambda e: lt.asarray([0, 2]),
        "tidx": lambda e: lt.asarray([[0], [1], [3]]),
        "e0": lambda e: lt.zeros((0, 3)),
    }


_X = np.arange(12, dtype=np.float32).reshape(3, 4)
EXPECTED = {"x": _X, "v": np.arange(4, dtype=np.float32), "i": np.arange(12).reshape(3, 4),
            "iv": np.arange(4), "u8": np.arange(4, dtype=np.uint8),
            "b": np.arange(12).reshape(3, 4) % 3 == 0, "p": _X,
            "sq": np.eye(3, dtype=np.float32) + np.arange(3, dtype=np.float32),
            "c3": np.ones((2, 3), np.float32), "col": np.ones((3, 1), np.float32),
            "s": np.asarray(2.0, np.float32), "si": np.asarray(1),
            "idx": np.array([0, 2]), "tidx": np.array([[0], [1], [3]]),
            "e0": np.zeros((0, 3), np.float32)}


class Env:
    """The inputs of one row, made when the row first uses them (some are pending); ``x`` and
    the pending ``p`` always exist, so that every row checks at least them afterwards."""

    MAKERS = _inputs()

    def __init__(self) -> None:
        self._made: dict[str, Any] = {}
        self.x, self.p  # noqa: B018

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_") or name not in self.MAKERS:
            raise AttributeError(name)
        value = self.MAKERS[name](self)
        self._made[name] = value
        object.__setattr__(self, name, value)
        return value

    def verify(self) -> str | None:
        """None when every input used, and a new computation over them, has its right value."""
        try:
            fresh = self.x + self.p * 2
            made = dict(self._made)
            lt.realize(*made.values(), fresh)
            for name, array in made.items():
                got, want = array.numpy(), EXPECTED[name]
                if got.shape != want.shape or got.dtype != want.dtype or \
                        not np.array_equal(got, want):
                    return f"input {name} changed to {got!r}"
            if not np.array_equal(fresh.numpy(), _X * 3):
                return "a new computation over the inputs gave wrong values"
        except BaseException as exc:  # noqa: BLE001 - any failure here is the finding
            return f"after the bad call, realizing the inputs raised {brief(exc)}"
        return None


class E:
    """A reference to an array of the row's Env."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"e.{self.name}"


class L:
    """A bad value built from the row's Env (``[e.x, e.v]``)."""

    def __init__(self, fn: Callable[[Env], Any], text: str) -> None:
        self.fn, self.text = fn, text

    def __repr__(self) -> str:
        return self.text


def brief(exc: BaseException) -> str:
    msg = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {msg[:160]}"
