"""Find the user's source line: the first stack frame outside lazyten."""
from __future__ import annotations

import os
import sys
from typing import Any

_HERE = os.path.dirname(os.path.abspath(__file__))
_ROOT = os.path.dirname(_HERE)
# lazyten/, and the folders that install as lazyten.passes / lazyten.runtime in a source checkout
LIBRARY_DIRS = tuple(os.path.join(d, "") for d in
                     (_HERE, os.path.join(_ROOT, "passes"), os.path.join(_ROOT, "runtime")))


# the tutorial shipped as `lazyten demo` is user code: its lines are what dumps should show
DEMO_FILE = os.path.join(_HERE, "demo.py")


def is_library_file(filename: str) -> bool:
    return filename.startswith(LIBRARY_DIRS) and filename != DEMO_FILE


_SHORT_NAME: dict[str, str] = {}  # file name -> its base name, or "" for lazyten's own files


# Array's operators record the frame they are called from here while they run, and clear it when
# they return (a plain global: reads in other threads fail the identity check below, and a
# cleared or overwritten value only means walking the stack). An operator reaches apply through
# binary() alone, so when the frame at exactly that depth is the recorded one, the frames in
# between are lazyten's and need not be walked (each frame walked costs a frame object).
OPERATOR_CALLER: list[Any] = [None]
_OPERATOR_DEPTH = 4  # user_location <- apply <- binary <- operator <- caller


def user_location() -> str:
    """``file:line`` of the innermost frame that is not lazyten's own code.

    Called for every recorded op, so it caches per file name (whose hash Python caches), and
    starts above its caller, which is always lazyten's own code.
    """
    known = _SHORT_NAME
    try:
        frame = sys._getframe(_OPERATOR_DEPTH)
    except ValueError:  # a shallower stack
        frame = None
    if frame is not None and frame is OPERATOR_CALLER[0]:
        short = known.get(frame.f_code.co_filename)
        if short:
            return _location(short, frame.f_lineno)
    frame = sys._getframe(2)
    while frame is not None:
        filename = frame.f_code.co_filename
        short = known.get(filename)
        if short is None:
            short = known[filename] = ("" if is_library_file(filename)
                                       else os.path.basename(filename))
        if short:
            return _location(short, frame.f_lineno)
        frame = frame.f_back
    return ""


_LOCATIONS: dict[tuple[str, int], str] = {}


def _location(short: str, line: int) -> str:
    """One string per source line, shared by every node recorded there (a loop records many):
    fewer objects to allocate and keep."""
    key = (short, line)
    loc = _LOCATIONS.get(key)
    if loc is None:
        if len(_LOCATIONS) >= 1 << 16:
            _LOCATIONS.clear()
        loc = _LOCATIONS[key] = f"{short}:{line}"
    return loc
