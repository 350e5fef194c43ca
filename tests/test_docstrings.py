"""Every public function explains itself to a newcomer: ``help(lt.sum)`` shows what it does, its
dtype rule and a ``>>>`` example, and its signature says what each argument is.

The examples are run here as doctests, one case per function, so they stay true: an example
whose printed result changes fails. They run on the session's backend, so the suite run with
``LAZYTEN_BACKEND=numpy`` checks them on the NumPy reference too (hence examples pick inputs
whose results print exactly on both). The signatures' hints must resolve
(``typing.get_type_hints``; they are strings under ``from __future__ import annotations``) and
an array argument is an ``ArrayLike``, not ``Any``.
"""
from __future__ import annotations

import doctest
import inspect
import types
import typing

import numpy as np
import pytest

import lazyten as lt


def _public_functions() -> dict[str, types.FunctionType]:
    """The namespace's functions and its extensions' (``linalg.det``), by the name users type."""
    out = {}
    for prefix, module, names in (
            ("", lt, [n for n in dir(lt) if not n.startswith("_")]),
            ("linalg.", lt.linalg, lt.linalg.__all__), ("fft.", lt.fft, lt.fft.__all__)):
        for name in names:
            value = getattr(module, name)
            if isinstance(value, types.FunctionType):
                out[prefix + name] = value
    return out


FUNCTIONS = _public_functions()

# functions without a `>>>` example, and why
NO_EXAMPLE: dict[str, str] = {}
# functions whose first parameter is annotated `Any`, and why
ANY_FIRST_PARAMETER = {
    "from_dlpack": "takes any object with a __dlpack__ method (NumPy, PyTorch, JAX, ...)",
}
_FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def _has_example(fn: types.FunctionType) -> bool:
    return ">>>" in (fn.__doc__ or "")


@pytest.mark.parametrize("name", sorted(n for n, f in FUNCTIONS.items() if _has_example(f)))
def test_docstring_examples_run(name: str) -> None:
    test = doctest.DocTestParser().get_doctest(FUNCTIONS[name].__doc__ or "",
                                               {"lt": lt, "np": np}, f"lt.{name}", None, 0)
    runner = doctest.DocTestRunner(optionflags=_FLAGS)
    report: list[str] = []
    result = runner.run(test, out=report.append)
    assert result.attempted and not result.failed, "".join(report)


def test_every_public_function_has_an_example() -> None:
    missing = sorted(n for n, f in FUNCTIONS.items() if not _has_example(f))
    assert missing == sorted(NO_EXAMPLE), \
        "a public function without a `>>>` example (or an exception no longer needed): " \
        f"{sorted(set(missing) ^ set(NO_EXAMPLE))}"


def test_type_hints_resolve() -> None:
    unresolved = {}
    for name, fn in FUNCTIONS.items():
        try:
            typing.get_type_hints(fn)
        except Exception as exc:  # a NameError for a name the module does not define, say
            unresolved[name] = repr(exc)
    assert not unresolved, unresolved


def test_first_parameter_is_typed_precisely() -> None:
    bare_any = []
    for name, fn in FUNCTIONS.items():
        params = list(inspect.signature(fn).parameters)
        if params and typing.get_type_hints(fn).get(params[0]) is typing.Any:
            bare_any.append(name)
    assert sorted(bare_any) == sorted(ANY_FIRST_PARAMETER), \
        f"first parameter annotated Any (or an exception no longer needed): " \
        f"{sorted(set(bare_any) ^ set(ANY_FIRST_PARAMETER))}"


def test_array_arguments_are_array_like() -> None:
    """The alias users see in ``help(lt.add)``; a sample of the namespace."""
    from lazyten.array import ArrayLike
    for fn in (lt.add, lt.sum, lt.where, lt.reshape, lt.linalg.vector_norm):
        first = next(iter(inspect.signature(fn).parameters))
        assert typing.get_type_hints(fn)[first] == ArrayLike, fn.__name__
