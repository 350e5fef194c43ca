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


_IS_LIBRARY_CODE: dict = {}


def _library_code(code: object) -> bool:
    known = _IS_LIBRARY_CODE.get(code)
    if known is None:
        known = _IS_LIBRARY_CODE[code] = is_library_file(code.co_filename)  # type: ignore
    return known


def user_location() -> str:
    """``file:line`` of the innermost frame that is not lazyten's own code."""
    frame = sys._getframe(1)
    while frame is not None and _library_code(frame.f_code):
        frame = frame.f_back
    if frame is None:
        return ""
    return f"{os.path.basename(frame.f_code.co_filename)}:{frame.f_lineno}"
