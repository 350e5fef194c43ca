"""Errors surface at the user's line: public entry points drop lazyten's own frames.

A lazyten error raised deep inside the library propagates out of the public function the user
called with a traceback that holds only the user's frames (and the one line of this wrapper),
as JAX filters its tracebacks.
"""
from __future__ import annotations

import functools
import types
from typing import Any, Callable, Sequence, TypeVar

from .errors import LazytenError
from .source import is_library_file

F = TypeVar("F", bound=Callable[..., Any])


def user_frames(tb: types.TracebackType | None) -> types.TracebackType | None:
    kept = []
    while tb is not None:
        if not is_library_file(tb.tb_frame.f_code.co_filename):
            kept.append(tb)
        tb = tb.tb_next
    out = None
    for entry in reversed(kept):
        out = types.TracebackType(out, entry.tb_frame, entry.tb_lasti, entry.tb_lineno)
    return out


def user_facing(fn: F) -> F:
    """Wrap a public function so that its lazyten errors point at user code."""
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except LazytenError as exc:
            raise exc.with_traceback(user_frames(exc.__traceback__)) from exc.__cause__
    wrapper.__lazyten_boundary__ = True  # type: ignore[attr-defined]
    return wrapper  # type: ignore[return-value]


def wrap_namespace(namespace: dict[str, Any], names: Sequence[str] | None = None) -> None:
    """Wrap the public functions of a namespace (``lazyten``, ``lazyten.linalg``, ...)."""
    for name in list(namespace) if names is None else names:
        value = namespace[name]
        if isinstance(value, types.FunctionType) and not name.startswith("_") and \
                not getattr(value, "__lazyten_boundary__", False):
            namespace[name] = user_facing(value)


def wrap_class(cls: type) -> None:
    """Wrap the public methods and operators of a class users call into."""
    for name, value in list(vars(cls).items()):
        private = name.startswith("_") and not name.endswith("__")
        if isinstance(value, types.FunctionType) and not private and \
                name not in ("__init__", "__del__") and \
                not getattr(value, "__lazyten_boundary__", False):
            setattr(cls, name, user_facing(value))
