"""The child interpreter's side: runs cases, writes their outcomes, prints the table."""
from __future__ import annotations

import json
import os
import sys
import time
import traceback
import warnings

import numpy as np

from .registry import CASES, DEFAULT_FLOAT32, F32, XFAIL


def run_cases(names: list[str]) -> dict[str, dict]:
    import lazyten as lt
    if any(CASES[n][0] == "sklearn" for n in names):
        import sklearn
        sklearn.set_config(array_api_dispatch=True)
    out = {}
    for name in names:
        t0 = time.perf_counter()
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                np.seterr(all="ignore")
                DEFAULT_FLOAT32["on"] = name in F32
                CASES[name][1]()
            res = {"status": "MATCH"}
        except AssertionError as e:
            res = {"status": "WRONG RESULT", "message": str(e).strip()[:600],
                   "traceback": traceback.format_exc()[-4000:]}
        except Exception as e:  # noqa: BLE001 - every failure is a finding
            res = {"status": "ERROR", "lazyten": isinstance(e, lt.LazytenError),
                   "message": f"{type(e).__module__}.{type(e).__name__}: "
                              f"{str(e).strip().splitlines()[0][:300] if str(e).strip() else ''}",
                   "traceback": traceback.format_exc()[-4000:]}
        res["seconds"] = round(time.perf_counter() - t0, 3)
        out[name] = res
    return out


def main(argv: list[str]) -> None:
    if argv[:1] == ["--worker"]:    # --worker NAMES.json OUT.json
        with open(argv[1]) as f:
            names = json.load(f)
        with open(argv[2], "w") as f:
            json.dump(run_cases(names), f)
        return
    if "SCIPY_ARRAY_API" not in os.environ:   # re-exec: SciPy must see it at first import
        os.execve(sys.executable, [sys.executable, *sys.argv],
                  {**os.environ, "SCIPY_ARRAY_API": "1"})
    names = [n for n in CASES if not argv or any(a in n for a in argv)]
    t0 = time.perf_counter()
    res = run_cases(names)
    for n in names:
        r = res[n]
        flag = "" if (r["status"] == "MATCH") != (n in XFAIL) else "  <-- unexpected"
        print(f"{r['status']:12} {r['seconds']:6.2f}s  {n}  {r.get('message', '')}{flag}")
    counts: dict[str, int] = {}
    for r in res.values():
        counts[r["status"]] = counts.get(r["status"], 0) + 1
    print(counts, f"{time.perf_counter() - t0:.1f}s")
