"""Errors surface at the user's line: public entry points drop lazyten's own frames.

Every public function, method, property, operator and compiled call runs inside one boundary
(``user_facing``). It records its caller's frame for the ops recorded under it
(``source.CALLER``), and re-raises

- a lazyten error with a traceback that holds only the user's frames (and the boundary's
  line), as JAX filters its tracebacks;
- a TypeError, ValueError, IndexError, OverflowError or ZeroDivisionError raised by lazyten's
  own code (or NumPy's under it) on a bad argument, as the lazyten error of the same family,
  named after the function the user called;
- anything that passed through the user's own code (a compiled function's body) unchanged.
"""
from __future__ import annotations

import functools
import importlib.util
import os
import sys
import sysconfig
import types
from typing import Any, Callable, Sequence, TypeVar

import numpy as np

from .errors import (ArgumentError, LazyIndexError, LazytenError, ScalarOverflowError,
                     ValueArgumentError)
from .source import CALLER, is_library_file

F = TypeVar("F", bound=Callable[..., Any])

_TRANSLATED = ((TypeError, ArgumentError), (IndexError, LazyIndexError),
               (OverflowError, ScalarOverflowError), (ZeroDivisionError, ValueArgumentError),
               (ValueError, ValueArgumentError))


def _package_dir(name: str) -> str | None:
    spec = importlib.util.find_spec(name)  # finds, does not import
    origin = spec.origin if spec is not None else None
    return os.path.join(os.path.dirname(origin), "") if origin else None


# code below the boundary that is not the user's: lazyten's own files, and what they call
_INTERNAL = tuple(d for d in [os.path.join(os.path.dirname(np.__file__), ""),
                              _package_dir("onnx"), _package_dir("onnxruntime"),
                              os.path.join(sysconfig.get_paths()["stdlib"], "")] if d)


def _internal(filename: str) -> bool:
    return is_library_file(filename) or filename.startswith(_INTERNAL)


def user_frames(tb: types.TracebackType | None) -> types.TracebackType | None:
    """The traceback without lazyten's own frames."""
    kept = []
    while tb is not None:
        if not is_library_file(tb.tb_frame.f_code.co_filename):
            kept.append(tb)
        tb = tb.tb_next
    out = None
    for entry in reversed(kept):
        out = types.TracebackType(out, entry.tb_frame, entry.tb_lasti, entry.tb_lineno)
    return out


def user_error(exc: BaseException, name: str) -> BaseException:
    """What to raise for ``exc``, which escaped the public entry point ``name`` (see the
    module's docstring); the boundary raises it in its own frame, the traceback's one line of
    lazyten."""
    if isinstance(exc, LazytenError):
        exc.__suppress_context__ = True  # as `raise exc from exc.__cause__`
        return exc.with_traceback(user_frames(exc.__traceback__))
    tb, inside = exc.__traceback__, True
    while tb is not None and inside:
        inside = _internal(tb.tb_frame.f_code.co_filename)
        tb = tb.tb_next
    if inside:
        for builtin, ours in _TRANSLATED:
            if isinstance(exc, builtin):
                error = ours(f"{name}: {exc}")
                error.__suppress_context__ = True
                error.internal = exc  # for lazyten's developers: where it was raised
                return error.with_traceback(user_frames(exc.__traceback__))
    return exc


def user_facing(fn: F, name: str | None = None, *, records_caller: bool = True) -> F:
    """Wrap a public function so that its errors point at user code. ``records_caller=False``
    for an entry point that records no op of its own (a compiled call: its body's ops take
    their own lines) skips the bookkeeping of the caller's frame, a cost on a hot path; an op
    it did record would still find the user's line, by walking the stack."""
    label = name or fn.__qualname__
    if records_caller:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            outer = CALLER.frame is None
            if outer:
                CALLER.frame = sys._getframe(1)
            try:
                return fn(*args, **kwargs)
            except Exception as exc:
                raise user_error(exc, label)
            finally:
                if outer:
                    CALLER.frame = None  # never keeps the caller's frame (and its locals) alive
    else:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            try:
                return fn(*args, **kwargs)
            except Exception as exc:
                raise user_error(exc, label)
    functools.update_wrapper(wrapper, fn)
    wrapper.__lazyten_boundary__ = True  # type: ignore[attr-defined]
    return wrapper  # type: ignore[return-value]


def reads_metadata(fn: F) -> F:
    """Mark a method that reads an array's metadata (its shape, dtype, device): it can neither
    fail nor record, so it runs without a boundary. Library code reads these on every recorded
    op, where a boundary would cost more than the read (1 us against 0.04)."""
    fn.__lazyten_boundary__ = True  # type: ignore[attr-defined]
    return fn


def wrap_namespace(namespace: dict[str, Any], names: Sequence[str] | None = None,
                   prefix: str = "") -> None:
    """Wrap the public functions of a namespace (``lazyten``, ``lazyten.linalg``, ...)."""
    for name in list(namespace) if names is None else names:
        value = namespace[name]
        if isinstance(value, types.FunctionType) and not name.startswith("_") and \
                not getattr(value, "__lazyten_boundary__", False):
            namespace[name] = user_facing(value, prefix + name)


def wrap_class(cls: type) -> None:
    """Wrap the public methods, properties and operators of a class users call into."""
    for name, value in list(vars(cls).items()):
        private = name.startswith("_") and not name.endswith("__")
        if private or name in ("__init__", "__del__"):
            continue
        label = f"{cls.__name__}.{name}"
        if isinstance(value, types.FunctionType) and \
                not getattr(value, "__lazyten_boundary__", False):
            setattr(cls, name, user_facing(value, label))
        elif isinstance(value, staticmethod) and isinstance(value.__func__, types.FunctionType):
            setattr(cls, name, staticmethod(user_facing(value.__func__, label)))
        elif isinstance(value, property) and value.fget is not None and \
                not getattr(value.fget, "__lazyten_boundary__", False):
            setattr(cls, name, property(user_facing(value.fget, label), value.fset,
                                        value.fdel, value.__doc__))
