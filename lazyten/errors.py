"""The lazyten error hierarchy.

Every error raised on purpose derives from ``LazytenError`` and from the builtin exception a
Python user expects (``IndexError`` for bad indices, ``ValueError`` for shapes, ``TypeError`` for
dtypes), so ``except IndexError`` keeps working.
"""
from __future__ import annotations


class LazytenError(Exception):
    """Base of every error lazyten raises on purpose."""


class ShapeError(LazytenError, ValueError):
    """Shapes that do not fit together (broadcasting, reshape, concat, matmul)."""


class AxisError(ShapeError, IndexError):
    """An axis out of range for the array's dimensions (an IndexError, as the Array API says,
    and a ValueError, as NumPy's AxisError is)."""


class DTypeError(LazytenError, TypeError):
    """A dtype an operation does not accept, or an unsupported dtype."""


class ScalarOverflowError(LazytenError, OverflowError):
    """A Python integer that does not fit the array's integer dtype (as NumPy 2 raises)."""


class LazyIndexError(LazytenError, IndexError):
    """An index out of range, of the wrong type, or too many indices."""


class ArgumentError(LazytenError, TypeError):
    """A bad argument to a lazyten function (wrong type, unknown keyword)."""


class ValueArgumentError(LazytenError, ValueError):
    """A bad value for an argument (ragged nested lists, bool() of many elements)."""


class TraceError(LazytenError, TypeError):
    """A traced value used where a concrete value is needed (inside ``@lt.compile``)."""


class VerifyError(LazytenError, AssertionError):
    """The IR broke an invariant; a lazyten bug, reported with the graph around the bad node."""


class ParseError(LazytenError, ValueError):
    """IR text that does not follow the dump format; names the line and what was expected."""


class PassError(LazytenError, RuntimeError):
    """A pass failed or produced an invalid graph."""


class BackendError(LazytenError, RuntimeError):
    """The execution backend failed on a graph lazyten accepted (a lazyten bug)."""


class OutOfMemoryError(BackendError, MemoryError):
    """Computing a value needed more memory than the device could give."""


class DeviceError(LazytenError, RuntimeError):
    """A device that cannot be used here, or arrays on different devices mixed in one operation."""


class SaveError(LazytenError, OSError):
    """A file that cannot be written (a missing folder, a directory, no permission)."""
