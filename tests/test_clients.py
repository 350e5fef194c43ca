"""Client libraries on lazyten arrays: scikit-learn and SciPy code gives NumPy's results.

Each case runs the same client code twice, once on NumPy arrays and once on lazyten arrays
(`lt.asarray` of the same data), and compares: where NumPy gives an array, lazyten must give a
lazyten array (so the client really dispatched to lazyten's namespace) with the same dtype, the
same shape and the same values (rtol 1e-4 for float32, 1e-10 for float64, with an absolute
tolerance of rtol times the largest magnitude; integers and booleans exactly). Cases that
fail because of something lazyten does wrong or lacks are marked xfail(strict=True) with the
smallest plain-lazyten reproduction, so they turn into XPASS failures once fixed.

Why the cases run in a child interpreter: SciPy reads SCIPY_ARRAY_API once, when it is first
imported, into module constants (`scipy._lib._array_api_override.SCIPY_ARRAY_API`, copied by
`from ... import` into scipy.special, scipy.stats, ...), and scikit-learn's
`set_config(array_api_dispatch=True)` raises unless `os.environ["SCIPY_ARRAY_API"] == "1"`.
Setting the variable in this module would only work if nothing in the pytest process had
imported SciPy before (test order, plugins), and importing SciPy here with it set would change
SciPy for every later test in the session. So the parent never imports scikit-learn or SciPy:
a module fixture starts one child, `python tests/test_clients.py --worker NAMES.json OUT.json`,
with SCIPY_ARRAY_API=1 in its environment; the child imports SciPy/scikit-learn fresh, runs the
selected cases and writes each outcome (and traceback) to OUT.json, and each test reports its
own case. Whether scikit-learn / SciPy are installed is found with importlib.util.find_spec
(no import, unlike pytest.importorskip); their cases skip when they are missing.
`python tests/test_clients.py [SUBSTRING ...]` prints the outcome table.

Cases marked f32=True are computed by the client in the namespace's default float dtype
(`xp.asarray(1.0)`, `xp.zeros(n)`, `_find_matching_floating_dtype` of integer input ...).
lazyten documents float32 as its default (PyTorch's choice), NumPy has float64, so there
lazyten legitimately gives float32 where NumPy gives float64, or float32-accurate float64
values: those cases accept that and compare to float32 precision.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from typing import Any

import pytest

from clients.registry import HAVE, XFAIL, load_cases
from clients.worker import main

CASES = load_cases()


def _param(name: str) -> Any:
    marks = [pytest.mark.xfail(strict=True, reason=XFAIL[name])] if name in XFAIL else []
    return pytest.param(name, marks=marks, id=name)


@pytest.fixture(scope="module")
def outcomes(request: pytest.FixtureRequest) -> dict[str, dict]:
    """Runs every selected case (after -k / node-id selection) in one child interpreter."""
    selected = [item.callspec.params["name"] for item in request.session.items
                if item.module is sys.modules[__name__] and hasattr(item, "callspec")
                and HAVE[CASES[item.callspec.params["name"]][0]]]
    with tempfile.TemporaryDirectory() as tmp:
        names, out = os.path.join(tmp, "names.json"), os.path.join(tmp, "outcomes.json")
        with open(names, "w") as f:
            json.dump(selected, f)
        env = {**os.environ, "SCIPY_ARRAY_API": "1"}
        proc = subprocess.run([sys.executable, __file__, "--worker", names, out],
                              env=env, capture_output=True, text=True, timeout=900)
        if proc.returncode != 0:
            pytest.fail(f"client worker failed ({proc.returncode}):\n{proc.stderr[-4000:]}")
        with open(out) as f:
            return json.load(f)


@pytest.mark.parametrize("name", [_param(n) for n in CASES])
def test_client(name: str, request: pytest.FixtureRequest) -> None:
    lib = CASES[name][0]
    if not HAVE[lib]:
        pytest.skip(f"{lib} (or SciPy, which it needs) is not installed")
    res = request.getfixturevalue("outcomes")[name]
    if res["status"] != "MATCH":
        pytest.fail(f"{res['status']}: {res.get('message', '')}\n\n{res.get('traceback', '')}",
                    pytrace=False)


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    main(sys.argv[1:])
