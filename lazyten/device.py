"""Devices an array can live on, and the default device for creation functions."""
from __future__ import annotations

import contextlib
import operator
import threading
from typing import Any, Iterator

from .backend import get_backend
from .errors import DeviceError


class Device:
    """``Device("cpu")`` or ``Device("cuda", 0)``; interned, so ``is`` and ``==`` agree.

    Compares equal to its string spelling too (``x.device == "cuda:0"``).
    """

    __slots__ = ("kind", "index")
    _interned: dict[tuple[str, int], "Device"] = {}

    def __new__(cls, kind: Any = "cpu", index: int | None = None) -> "Device":
        if isinstance(kind, Device):
            return kind
        if not isinstance(kind, str):
            raise DeviceError(f"a device is 'cpu', 'cuda', 'cuda:N' or lt.Device, got {kind!r}")
        name = kind
        if ":" in kind:
            kind, _, idx = kind.partition(":")
            if not idx.isdecimal():
                raise DeviceError(f"unknown device {name!r}: the index after ':' must be a "
                                  "non-negative integer, as in 'cuda:0'")
            index = int(idx)
        if kind not in ("cpu", "cuda"):
            raise DeviceError(f"unknown device {name!r}: expected 'cpu', 'cuda', 'cuda:N' "
                              "or 'auto'")
        if index is not None:
            if isinstance(index, bool) or not hasattr(type(index), "__index__") or \
                    operator.index(index) < 0:
                raise DeviceError(f"device {name!r}: the index must be a non-negative integer, "
                                  f"got {index!r}")
            index = operator.index(index)
        key = (kind, 0 if index is None else index)
        device = cls._interned.get(key)
        if device is None:
            device = object.__new__(cls)
            device.kind, device.index = key
            cls._interned[key] = device
        return device

    def __repr__(self) -> str:
        return f"Device('{self}')"

    def __str__(self) -> str:
        return "cpu" if self.kind == "cpu" else f"cuda:{self.index}"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, str):
            try:
                other = Device(other)
            except DeviceError:
                return False
        return self is other

    # interned, so identity hashes: object's C-level hash, where a Python method (wrapped in the
    # error boundary like every public method) cost each realization three calls through it
    __hash__ = object.__hash__

    def __reduce__(self) -> tuple:
        return (Device, (self.kind, self.index))


CPU = Device("cpu")


class _Default(threading.local):
    device: Device = CPU


_DEFAULT = _Default()


def default_device() -> Device:
    return _DEFAULT.device


def set_default_device(device: Device | str) -> None:
    """Where creation functions put arrays when ``device=`` is not given.

    >>> lt.set_default_device("cpu")
    >>> lt.ones(2).device
    Device('cpu')
    """
    _DEFAULT.device = resolve(device)


def device_scope(device: Device | str) -> contextlib.AbstractContextManager[Device]:
    """``with lt.device_scope("cuda"): ...`` sets the default device inside the block (a bad
    device fails here, at the call).

    >>> with lt.device_scope("cpu"):
    ...     x = lt.zeros(2)
    >>> x.device
    Device('cpu')
    """
    return _scope(resolve(device))


@contextlib.contextmanager
def _scope(device: Device) -> Iterator[Device]:
    previous = _DEFAULT.device
    _DEFAULT.device = device
    try:
        yield device
    finally:
        _DEFAULT.device = previous


def resolve(device: Any) -> Device:
    """A concrete device: None gives the default, 'auto' gives CUDA when it can run here."""
    if device is None:
        return _DEFAULT.device
    if device == "auto":
        return Device("cuda") if get_backend().device_error(Device("cuda")) is None else CPU
    dev = Device(device)
    if dev is not CPU:
        reason = get_backend().device_error(dev)
        if reason is not None:
            raise DeviceError(f"cannot use device {dev}: {reason}")
    return dev
