"""Find the user's source line: the first stack frame outside lazyten."""
from __future__ import annotations

import os
import sys

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


def user_location() -> str:
    """``file:line`` of the innermost frame that is not lazyten's own code.

    Called for every recorded op, so it caches per file name (whose hash Python caches), and
    starts above its caller, which is always lazyten's own code.
    """
    frame = sys._getframe(2)
    known = _SHORT_NAME
    while frame is not None:
        filename = frame.f_code.co_filename
        short = known.get(filename)
        if short is None:
            short = known[filename] = ("" if is_library_file(filename)
                                       else os.path.basename(filename))
        if short:
            return f"{short}:{frame.f_lineno}"
        frame = frame.f_back
    return ""
