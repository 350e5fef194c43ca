"""The user's source line of each recorded op.

Every public entry point (a namespace function, an Array method or operator, a compiled
function's call) runs inside the error boundary, which records in ``CALLER`` the frame that
called it, when no outer entry point already did: the user's frame. ``user_location`` reads the
line that frame is executing; ops recorded by lazyten's own code under that call (a function
built from others) take the user's line too. Views remember the line that made them. Code that
runs the user's functions again (tracing a compiled function) clears ``CALLER`` around them,
so their bodies' ops get their own lines.
"""
from __future__ import annotations

import os
import sys
import threading
from types import CodeType, FrameType
from typing import Any, Callable

_HERE = os.path.dirname(os.path.abspath(__file__))
_ROOT = os.path.dirname(_HERE)
# lazyten/, and the folders that install as lazyten.passes / lazyten.runtime in a source checkout
LIBRARY_DIRS = tuple(os.path.join(d, "") for d in
                     (_HERE, os.path.join(_ROOT, "passes"), os.path.join(_ROOT, "runtime")))

# the tutorial shipped as `lazyten demo` is user code: its lines are what dumps should show
DEMO_FILE = os.path.join(_HERE, "demo.py")


def is_library_file(filename: str) -> bool:
    return filename.startswith(LIBRARY_DIRS) and filename != DEMO_FILE


class _Caller(threading.local):
    frame: FrameType | None = None  # the user's frame of the running entry point, if any


CALLER = _Caller()

def call_user(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run the user's ``fn`` from inside an entry point (a compiled function's body): the ops
    it records name its own lines, not the entry point's caller."""
    saved = CALLER.frame
    CALLER.frame = None
    try:
        return fn(*args, **kwargs)
    finally:
        CALLER.frame = saved


def user_location() -> str:
    """``file:line`` of the user's code that is recording an op: the entry point's caller, or
    (for lazyten's own calls outside any entry point) the innermost frame outside lazyten."""
    frame = CALLER.frame
    if frame is None:
        frame = sys._getframe(1)
        while frame is not None and is_library_file(frame.f_code.co_filename):
            frame = frame.f_back
        if frame is None:
            return ""
    # keyed on the instruction the frame is at: one lookup, where the line number and the file's
    # base name would each cost more (a loop records many ops at the same few instructions)
    key = (frame.f_code, frame.f_lasti)
    loc = _LOCATIONS.get(key)
    if loc is None:
        if len(_LOCATIONS) >= 1 << 16:
            _LOCATIONS.clear()
        loc = _LOCATIONS[key] = _location(frame.f_code.co_filename, frame.f_lineno)
    return loc


# (code object, instruction offset) -> its location string
_LOCATIONS: dict[tuple[CodeType, int], str] = {}
# (file's base name, line) -> one string per source line, shared by every node recorded there:
# fewer objects to allocate and keep
_LINES: dict[tuple[str, int], str] = {}


def _location(filename: str, line: int) -> str:
    key = (os.path.basename(filename), line)
    loc = _LINES.get(key)
    if loc is None:
        if len(_LINES) >= 1 << 16:
            _LINES.clear()
        loc = _LINES[key] = f"{key[0]}:{line}"
    return loc
