"""Rows, and what a row checks: the exception's family, its traceback, its message, and
that every other array still gives its value."""
from __future__ import annotations

import linecache
import os
from pathlib import Path
from typing import Any, Callable


import lazyten as lt
from lazyten.errors import LazytenError

from .environment import BOUNDARY_LINE, LIBRARY_DIRS, ROOT, USER_DIR, Env, brief


class Later:
    """``expect`` of a row whose error comes when its result is realized (pending values are
    checked where they run), or at the call: ``Later(IndexError)``."""

    def __init__(self, expect: Any) -> None:
        self.expect = expect


class Case:
    """``call(env)`` must raise ``expect`` (a builtin, or a tuple: any of them) whose message
    holds every entry of ``words`` (a string, or a tuple: any of them); a ``Later`` expect may
    come from realizing the result instead. ``expect=None`` is a fuzz row: a result (which must
    then realize) or a clean lazyten error. ``protocol``: Python's own TypeError of the operator
    protocol (``NotImplemented`` from both sides) is fine too."""

    def __init__(self, id: str, call: Callable[[Env], Any], expect: Any, words: list = (),
                 text: str = "", protocol: bool = False) -> None:
        self.id, self.call, self.expect, self.words = id, call, expect, list(words)
        self.text, self.protocol = text or id, protocol


def _frames(exc: BaseException) -> list[tuple[str, int, str]]:
    out, tb = [], exc.__traceback__
    while tb is not None:
        code = tb.tb_frame.f_code
        out.append((os.path.abspath(code.co_filename), tb.tb_lineno, code.co_name))
        tb = tb.tb_next
    return out


def _where(frame: tuple[str, int, str]) -> str:
    path, line, name = frame
    shown = os.path.relpath(path, ROOT) if path.startswith(str(ROOT)) else \
        "/".join(Path(path).parts[-2:])
    return f"{shown}:{line} ({name})"


def traceback_problems(exc: BaseException) -> list[str]:
    """Frames that are neither the user's (the tests) nor one lazyten boundary frame."""
    foreign, boundary = [], []
    for frame in _frames(exc):
        path, _, name = frame
        if path.startswith(USER_DIR):
            continue
        if path.startswith(LIBRARY_DIRS) and \
                BOUNDARY_LINE in linecache.getline(path, frame[1]):
            boundary.append(frame)
        else:
            foreign.append(frame)
    problems = []
    if foreign:
        problems.append("traceback holds frames that are not the user's: " +
                        ", ".join(_where(f) for f in foreign[-3:]))
    if len(boundary) > 1:
        problems.append(f"{len(boundary)} boundary frames: " +
                        ", ".join(_where(f) for f in boundary))
    return problems


def innermost_library_frame(exc: BaseException) -> str:
    lib = [f for f in _frames(exc) if f[0].startswith(LIBRARY_DIRS)]
    return _where(lib[-1]) if lib else "-"


def _names(expect: Any) -> str:
    kinds = expect if isinstance(expect, tuple) else (expect,)
    return " or ".join(k.__name__ for k in kinds)


def exception_problems(case: Case, exc: BaseException) -> list[str]:
    problems = []
    if case.protocol and type(exc) is TypeError and not traceback_problems(exc):
        return []  # the operator protocol: both sides returned NotImplemented
    if not isinstance(exc, LazytenError):
        problems.append(f"not a LazytenError: {brief(exc)} (from "
                        f"{innermost_library_frame(exc)})")
    expect = case.expect.expect if isinstance(case.expect, Later) else case.expect
    if expect is not None and not isinstance(exc, expect):
        problems.append(f"{brief(exc)} is not a {_names(expect)}")
    problems += traceback_problems(exc)
    message = str(exc)
    for word in case.words:
        alternatives = word if isinstance(word, tuple) else (word,)
        if not any(a in message for a in alternatives):
            problems.append(f"message {message[:120]!r} does not name "
                            f"{' or '.join(map(repr, alternatives))}")
    return problems


def arrays_in(result: Any) -> list:
    if isinstance(result, lt.Array):
        return [result]
    if isinstance(result, (tuple, list)):
        return [a for r in result for a in arrays_in(r)]
    return []


def run_case(case: Case, env: Env | None = None) -> list[str]:
    """Every way the row breaks the error promise (empty: it keeps it)."""
    env = env or Env()
    problems: list[str] = []
    result = None
    try:
        result = case.call(env)
    except BaseException as exc:  # noqa: BLE001
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            raise
        problems += exception_problems(case, exc)
        del exc
    else:
        # the inputs first, while the result is alive and still pending: a bad op recorded now
        # must not make them fail later
        deferred = env.verify()
        if deferred:
            problems.append(deferred)
        later = None
        arrays = [a for a in arrays_in(result) if not a._type.is_symbolic]
        if isinstance(case.expect, Later):
            try:
                lt.realize(*arrays)
            except BaseException as exc:  # noqa: BLE001
                problems += exception_problems(case, exc)
            else:
                problems.append("no error at the call, nor when its result was realized")
            del result
            deferred = env.verify()  # the failed realization leaves the inputs readable
            return problems + ([deferred] if deferred else [])
        if arrays and all(a.size <= 10 ** 6 for a in arrays):
            try:
                lt.realize(*arrays)
            except BaseException as exc:  # noqa: BLE001
                later = exc
        elif arrays:
            later = f"(not realized: {max(a.size for a in arrays)} elements)"
        if case.expect is not None:
            shape = "" if not arrays else f", shape {arrays[0].shape}"
            problems.append(f"no error at the call (returned {type(result).__name__}{shape})" +
                            (f"; realizing the result then raised {brief(later)} from "
                             f"{innermost_library_frame(later)}"
                             if isinstance(later, BaseException) else
                             f"; {later}" if later else ""))
        elif isinstance(later, BaseException):
            problems.append(f"the call succeeded but realizing its result raised "
                            f"{brief(later)} (from {innermost_library_frame(later)})")
        del result
        return problems
    deferred = env.verify()
    if deferred:
        problems.append(deferred)
    return problems
