"""Run fuzz programs (tests/fuzzing): one seed, a printed reproducer, or a minimized one.
``python tests/fuzz_programs.py SEED [--minimize]``."""
from __future__ import annotations

import os
import random
import sys
import warnings
from typing import Any

import numpy as np

from fuzzing.generator import Gen
from fuzzing.reproducer import HEADER
from fuzzing.state import Failure


def run_program(seed: int, n_steps: int | None = None) -> Failure | None:
    """Generate and run program ``seed``; the Failure, or None when lazyten agreed."""
    rng = random.Random(seed * 7919 + 1)
    mean = int(os.environ.get("LAZYTEN_FUZZ_STEPS", "15"))
    steps = n_steps if n_steps is not None else rng.randint(mean * 2 // 3, mean * 4 // 3)
    gen = Gen(seed, steps)
    try:
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            gen.run()
    except Failure as f:
        return f
    return None


def run_text(program: str) -> BaseException | None:
    """Run a printed program; the exception it raises (None when it passes)."""
    ns: dict[str, Any] = {}
    try:
        with np.errstate(all="ignore"), warnings.catch_warnings():
            exec(compile(program, "<fuzz-program>", "exec"), ns)
    except BaseException as exc:  # noqa: BLE001 - any failure is the answer
        return exc
    return None


def signature(exc: BaseException | None) -> str | None:
    if exc is None:
        return None
    msg = str(exc).split("\n")[0].split(" at [")[0]
    return f"{type(exc).__name__}: {msg[:70]}"


def minimize(failure: Failure) -> str:
    """Drop steps of a failing program while it still fails the same way (ddmin over steps:
    a step's NumPy and lazyten lines go together; the header stays). Returns the body."""
    groups = [g for g in failure.steps if g]
    target = signature(run_text(HEADER + "\n".join(sum(groups, [])) + "\n"))
    if target is None:
        return "\n".join(sum(groups, []))

    def fails(gs: list[list[str]]) -> bool:
        return signature(run_text(HEADER + "\n".join(sum(gs, [])) + "\n")) == target

    n = 2
    while len(groups) >= 2:
        chunk = max(len(groups) // n, 1)
        for i in range(0, len(groups), chunk):
            cand = groups[:i] + groups[i + chunk:]
            if cand and fails(cand):
                groups = cand
                n = max(n - 1, 2)
                break
        else:
            if chunk == 1:
                break
            n = min(len(groups), n * 2)
    return "\n".join(sum(groups, []))


def main(argv: list[str]) -> int:
    seed = int(argv[1]) if len(argv) > 1 else 0
    f = run_program(seed)
    if f is None:
        print(f"seed {seed}: ok")
        return 0
    if "--minimize" in argv:
        print(minimize(f))
        print("#", f.message.split("\n")[0])
    else:
        print(f.report())
    return 1


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    raise SystemExit(main(sys.argv))
