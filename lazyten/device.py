"""Devices an array can live on."""
from __future__ import annotations

from .errors import DeviceError


class Device:
    """``Device("cpu")`` or ``Device("cuda", 0)``; compare with ``==`` or with the string."""

    __slots__ = ("kind", "index")

    def __init__(self, kind: str, index: int = 0) -> None:
        if isinstance(kind, Device):
            kind, index = kind.kind, kind.index
        if ":" in kind:
            kind, _, idx = kind.partition(":")
            index = int(idx)
        if kind not in ("cpu", "cuda"):
            raise DeviceError(f"unknown device {kind!r}: expected 'cpu' or 'cuda'")
        self.kind = kind
        self.index = index

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
        return isinstance(other, Device) and (self.kind, self.index) == (other.kind, other.index)

    def __hash__(self) -> int:
        return hash((self.kind, self.index))


CPU = Device("cpu")
