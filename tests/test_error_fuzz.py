"""Fuzzing the error promise (README, "Errors"): every public callable, called with bad
arguments, raises a lazyten error at the call.

For each row of a table of callables x argument mutations this checks that the exception

1. is an ``lt.LazytenError``,
2. is also the builtin a Python user expects (``IndexError`` for indices, ``ValueError`` for
   shapes and values, ``TypeError`` for dtypes and argument types),
3. has a traceback that holds the user's frames (the tests) plus at most one lazyten boundary
   frame (the wrapper in ``boundary.py``, through which every entry point goes): no frame of
   lazyten's internals, of NumPy, onnx or the standard library,
4. names the value, shape or dtype involved,

and that the error came at the call, not later (except in ``Later`` rows: what only a pending
value decides fails where that value is computed): after it, the inputs of the bad call and
other pending arrays still realize to their right values.

The rows live in ``tests/error_rows/`` by kind. The table is generated: each callable is
described once (``SPECS``) by a valid call whose
slots carry a kind (array operand, axis, dtype, shape, count, ...); every slot is then replaced
by each bad value of its kind (array operands, which share one conversion, take a rotating share
of the bad objects), and every call is also made with an unknown keyword and, alternately, with
no arguments or one too many. Hand-written rows add shape mismatches, indexing, operators,
conversions, ``lt.compile`` misuse and the command line. "Fuzz" rows accept either a result
(which then must realize) or a clean error: 0-d inputs to the axis functions, and bool and
uint64 arrays through every elementwise function. ``test_the_valid_call_of_each_row_works``
keeps the valid calls valid, and ``test_every_public_callable_is_in_the_table`` makes a new
public function fail until it has rows.

A row that fails for a known reason is marked ``xfail(strict=True)`` from ``KNOWN`` (reason ->
row ids) or ``KNOWN_CLI`` below (both empty today), so that the suite says when it gets fixed.
"""
from __future__ import annotations

import operator
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable

import numpy as np
import pytest

import lazyten as lt

from error_rows.call_rows import (conversion_cases, in_place_call, indexing_cases,
                                  operator_cases, shape_cases)
from error_rows.checks import Case, arrays_in, run_case
from error_rows.cli_rows import CLI_CASES, CLI_MODULE, cli_problems, write_onnx_files
from error_rows.compile_rows import compile_cases
from error_rows.environment import EXPECTED, Env
from error_rows.fuzz_rows import fuzz_cases
from error_rows.specs import SPECS, SPEC_BY_NAME, Spec, generated_cases


def all_cases() -> list[Case]:
    cases = (generated_cases() + operator_cases() + conversion_cases() + indexing_cases() +
             shape_cases() + compile_cases() + fuzz_cases())
    ids = [c.id for c in cases]
    assert len(set(ids)) == len(ids), [i for i in ids if ids.count(i) > 1][:5]
    return cases


@pytest.fixture
def cli_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "mymodel.py").write_text(CLI_MODULE)
    (tmp_path / "broken.py").write_text("def f(:\n    pass\n")
    (tmp_path / "raises.py").write_text("raise RuntimeError('boom at import')\n")
    write_onnx_files(tmp_path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in ("mymodel", "broken", "raises"):
        sys.modules.pop(name, None)
    return tmp_path


# ---------------------------------------------------------------------------------------------
# Rows that fail today: reason -> ids (delete an id once its row passes; strict xfail says so)

KNOWN: dict[str, str] = {}
KNOWN_CLI: dict[str, str] = {}

KNOWN_REASON = {case_id: reason for reason, ids in KNOWN.items() for case_id in ids.split()}


def known_reason(case_id: str) -> str | None:
    return KNOWN_REASON.get(case_id)


def _param(case: Case) -> Any:
    reason = known_reason(case.id)
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
    return pytest.param(case, id=case.id, marks=marks)


CASES = all_cases()


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_bad_call_raises_a_clean_lazyten_error_at_the_call(case: Case) -> None:
    problems = run_case(case)
    if problems:  # pytrace=False: no traceback to format (each would parse this whole file)
        pytest.fail(f"{case.text}:\n  " + "\n  ".join(problems), pytrace=False)


@pytest.mark.parametrize("spec", SPECS, ids=[s.name for s in SPECS])
def test_the_valid_call_of_each_row_works(spec: Spec) -> None:
    """The table's valid calls succeed, so each mutation is the only thing wrong in its row."""
    env = Env()
    result = spec.call(env)
    arrays = arrays_in(result)
    if arrays:
        lt.realize(*arrays)
    assert env.verify() is None


# Shifts keep NumPy's semantics rather than raise: a count that is negative, or the bit width
# or more, shifts every bit out (0, and -1 for negative values shifted right)
_I, _IV = EXPECTED["i"], EXPECTED["iv"]
NEGATIVE_SHIFTS = [
    ("op>>-negative", lambda e: e.i >> -1, lambda: _I >> -1),
    ("op<<-negative", lambda e: e.i << -1, lambda: _I << -1),
    ("iop>>=-negative", in_place_call(operator.irshift, lambda e: e.i, -1), lambda: _I >> -1),
    ("bitwise_left_shift-negative", lambda e: lt.bitwise_left_shift(e.iv, -2),
     lambda: _IV << -2),
    ("bitwise_right_shift-negative-numpy",
     lambda e: lt.bitwise_right_shift(e.iv, np.array([-1, 0, 0, 0])),
     lambda: _IV >> np.array([-1, 0, 0, 0])),
    ("op<<-negative-data", lambda e: e.iv << lt.asarray([0, -3, 0, 0]),
     lambda: _IV << np.array([0, -3, 0, 0])),
    ("op>>-negative-values", lambda e: (e.iv - 2) >> lt.asarray([-1, 64, 1, 70]),
     lambda: (_IV - 2) >> np.array([-1, 64, 1, 70])),
]


@pytest.mark.parametrize("call, numpy", [pytest.param(c, n, id=name)
                                         for name, c, n in NEGATIVE_SHIFTS])
def test_shifts_by_negative_or_too_wide_counts_give_numpys_result(call: Callable,
                                                                  numpy: Callable) -> None:
    env = Env()
    got, want = call(env).numpy(), numpy()
    assert got.dtype == want.dtype and np.array_equal(got, want), (got, want)
    assert env.verify() is None


# every public callable has rows: a new function gets them by being added to SPECS
COVERED_ELSEWHERE = {"compile", "export", "save", "Compiled", "device_scope", "Device", "device",
                     "clear_caches", "cat", "sum", "zeros_like", "ones_like", "empty_like"}
NOT_CALLABLES_TO_FUZZ = {"Any", "ArgSpec", "Array", "DType", "AxisError", "BackendError",
                         "DTypeError", "DeviceError", "LazytenError", "OutOfMemoryError",
                         "ShapeError", "TraceError"}


def test_every_public_callable_is_in_the_table() -> None:
    names = {n.split(".", 1)[-1] if n.startswith(("linalg.", "fft.")) else n for n in
             SPEC_BY_NAME}
    missing = []
    for prefix, module in (("", lt), ("linalg.", lt.linalg), ("fft.", lt.fft)):
        public = getattr(module, "__all__", None) or [n for n in dir(module)
                                                      if not n.startswith("_")]
        for name in public:
            if callable(getattr(module, name)) and name not in NOT_CALLABLES_TO_FUZZ and \
                    name not in COVERED_ELSEWHERE and prefix + name not in SPEC_BY_NAME and \
                    not (prefix == "" and name in names):
                missing.append(prefix + name)
    assert not missing, f"public callables without rows in SPECS: {missing}"


@pytest.mark.parametrize("argv, words", [
    pytest.param(argv, words, id=name,
                 marks=[pytest.mark.xfail(strict=True, reason=KNOWN_CLI[name])]
                 if name in KNOWN_CLI else [])
    for name, argv, words in CLI_CASES])
def test_cli_misuse_prints_one_line_and_exits_2(cli_dir: Path, capsys: pytest.CaptureFixture,
                                                argv: list[str], words: list[str]) -> None:
    problems = cli_problems(argv, words, capsys)
    if problems:
        pytest.fail(f"lazyten {' '.join(argv)}:\n  " + "\n  ".join(problems), pytrace=False)


def test_the_installed_command_reports_a_bad_model_in_one_line(tmp_path: Path) -> None:
    """The console script itself (the rows above call ``main`` in this process)."""
    command = Path(sys.executable).with_name("lazyten")
    if not command.exists():
        pytest.skip(f"no installed lazyten command next to {sys.executable}")
    (tmp_path / "garbage.onnx").write_bytes(b"hello world, this is no model")
    proc = subprocess.run([str(command), "inspect", "garbage.onnx"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1, \
        proc.stderr
    assert "garbage.onnx" in proc.stderr
