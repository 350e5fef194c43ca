"""Bad input raises a lazyten error at the line that did it, before anything runs, naming the
shapes and dtypes involved; no input crashes the process."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import traceback

import numpy as np
import pytest

import lazyten as lt
from helpers import installed
from lazyten.errors import LazytenError


class NoRunBackend:
    """Fails the test if anything is compiled: errors must come at recording time."""

    name = "no-run"

    def compile(self, graph, device=None, **options):
        raise AssertionError("a graph was compiled before the error was raised")

    def to_numpy(self, payload):
        return np.asarray(payload)


@pytest.fixture
def no_run():
    with installed(NoRunBackend()):
        yield


A = lambda: lt.ones((3, 4))  # noqa: E731
B = lambda: lt.ones((2,))  # noqa: E731

CASES = [
    ("broadcast", lambda: A() + B(), ValueError, ["(3, 4)", "(2,)"]),
    ("broadcast_cmp", lambda: A() < B(), ValueError, ["(3, 4)", "(2,)"]),
    ("broadcast_where", lambda: lt.where(lt.ones((3,), dtype=lt.bool), A(), B()), ValueError,
     ["(2,)"]),
    ("broadcast_maximum", lambda: lt.maximum(A(), B()), ValueError, ["(3, 4)", "(2,)"]),
    ("reshape", lambda: A().reshape(5, 2), ValueError, ["(3, 4)", "(5, 2)"]),
    ("reshape_infer", lambda: A().reshape(5, -1), ValueError, ["(3, 4)"]),
    ("matmul", lambda: A() @ A(), ValueError, ["(3, 4)"]),
    ("concat", lambda: lt.concat([A(), B()]), ValueError, ["(3, 4)", "(2,)"]),
    ("concat_axis", lambda: lt.concat([A(), lt.ones((3, 5))], axis=0), ValueError,
     ["(3, 4)", "(3, 5)"]),
    ("stack", lambda: lt.stack([A(), lt.ones((4, 3))]), ValueError, ["(3, 4)", "(4, 3)"]),
    ("permute", lambda: lt.permute_dims(A(), (0, 0)), ValueError, ["(3, 4)"]),
    ("sum_axis", lambda: A().sum(axis=2), ValueError, ["2"]),
    ("max_empty", lambda: lt.zeros((0, 3)).max(axis=0), ValueError, ["(0, 3)"]),
    ("index_range", lambda: A()[3], IndexError, ["3", "size 3"]),
    ("index_neg_range", lambda: A()[0, -5], IndexError, ["-5", "size 4"]),
    ("index_float", lambda: A()[1.0], IndexError, ["float"]),
    ("index_str", lambda: A()["a"], IndexError, ["str"]),
    ("too_many", lambda: A()[0, 0, 0], IndexError, ["2-dimensional", "3"]),
    ("two_ellipsis", lambda: A()[..., ...], IndexError, ["ellipsis"]),
    ("array_index_range", lambda: A()[np.array([0, 5])], IndexError, ["5"]),
    ("mask_shape", lambda: A()[np.array([True, False])], IndexError, ["3"]),
    ("float_array_index", lambda: A()[np.array([0.5])], IndexError, ["float"]),
    ("setitem_broadcast", lambda: A().__setitem__(slice(None, 2), lt.ones((3,))), ValueError,
     ["(3,)", "(2, 4)"]),
    ("setitem_range", lambda: A().__setitem__((0, 9), 1.0), IndexError, ["9", "size 4"]),
    ("setitem_adv_broadcast", lambda: A().__setitem__([0, 1], lt.ones((3, 4))), ValueError,
     ["(3, 4)", "(2, 4)"]),
    ("inplace_shape", lambda: B().__iadd__(A()), ValueError, ["(3, 4)", "(2,)"]),
    ("inplace_dtype", lambda: lt.arange(3).__iadd__(1.5), TypeError, ["i64", "float32"]),
    ("bool_many", lambda: bool(A()), ValueError, ["(3, 4)"]),
    ("item_many", lambda: A().item(), ValueError, ["(3, 4)"]),
    ("float_many", lambda: float(A()), ValueError, ["(3, 4)"]),
    ("int_many", lambda: int(B()), ValueError, ["(2,)"]),
    ("bool_empty", lambda: bool(lt.zeros((0,))), ValueError, ["empty"]),
    ("ragged", lambda: lt.tensor([[1, 2], [3]]), ValueError, ["ragged"]),
    ("unsupported_dtype_astype", lambda: A().astype("datetime64"), TypeError, ["datetime64"]),
    ("unsupported_numpy_dtype", lambda: lt.asarray(np.array(["2024-01-01"], "datetime64[D]")),
     TypeError, ["datetime64"]),
    ("complex_to_real_astype", lambda: lt.asarray([1j]).astype(lt.float32), TypeError,
     ["complex", "float32"]),
    ("unsupported_object", lambda: lt.tensor(["a", "b"]), TypeError, ["<U1"]),
    ("bitwise_float", lambda: A() & A(), TypeError, ["f32"]),
    ("invert_float", lambda: ~A(), TypeError, ["f32"]),
    ("bool_sub", lambda: lt.ones(2, dtype=lt.bool) - lt.ones(2, dtype=lt.bool), TypeError,
     ["bool"]),
    ("bool_neg", lambda: -lt.ones(2, dtype=lt.bool), TypeError, ["bool"]),
    ("int_neg_pow", lambda: lt.arange(3) ** -1, ValueError, ["i64", "-1"]),
    ("scalar_overflow", lambda: lt.ones(2, dtype=lt.uint8) + 300, OverflowError, ["300", "uint8"]),
    ("len_0d", lambda: len(lt.asarray(1.0)), TypeError, ["0-d"]),
    ("negative_shape", lambda: lt.zeros((2, -1)), ValueError, ["-1"]),
]


@pytest.mark.parametrize("make,base,words", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_error_is_lazyten_error_with_builtin_base_and_names_shapes(no_run, make, base, words):
    with pytest.raises(LazytenError) as info:
        make()
    assert isinstance(info.value, base), f"{type(info.value).__mro__} is not a {base}"
    message = str(info.value)
    for word in words:
        assert word in message, f"{word!r} missing from {message!r}"


def test_error_raised_at_the_users_line():
    x = lt.ones((3, 4))
    try:
        x + lt.ones((2,))  # the line that is wrong
    except ValueError as exc:
        frames = traceback.extract_tb(exc.__traceback__)
        assert frames[0].name == "test_error_raised_at_the_users_line"
        assert frames[0].line == "x + lt.ones((2,))  # the line that is wrong"
    else:
        pytest.fail("no error")


@pytest.mark.parametrize("write", [lambda x: x.at[9].set(1.0),
                                   lambda x: x.flat.__setitem__(9, 1.0),
                                   lambda x: x.flat[9]])
def test_index_errors_of_at_and_flat_are_raised_at_the_users_line(write):
    """``x.at[9].set(v)``, ``x.flat[9] = v``: the traceback holds the user's frames and the
    boundary's one line, no lazyten frame that does the work."""
    with pytest.raises(IndexError, match="9 is out of bounds") as info:
        write(lt.arange(4.0))
    inside = [f for f in traceback.extract_tb(info.value.__traceback__)
              if "lazyten" in f.filename and not f.filename.endswith("boundary.py")]
    assert inside == []


def test_error_leaves_the_array_usable():
    x = lt.arange(6).reshape(2, 3)
    with pytest.raises(ValueError):
        x[0] = lt.arange(4)
    with pytest.raises(IndexError):
        x[5] = 1
    np.testing.assert_array_equal(x.numpy(), np.arange(6).reshape(2, 3))


def test_no_onnxruntime_text_reaches_the_user():
    """A program lazyten accepted never fails inside onnxruntime (checked over risky ops)."""
    programs = [lambda: lt.arange(5, dtype=lt.int16) // lt.zeros(5, dtype=lt.int16),
                lambda: lt.arange(5, dtype=lt.uint16) % lt.zeros(5, dtype=lt.uint16),
                lambda: lt.maximum(lt.ones(3, dtype=lt.int16), lt.zeros(3, dtype=lt.int16)),
                lambda: lt.where(lt.ones(2, dtype=lt.bool), lt.ones(2, dtype=lt.bool),
                                 lt.zeros(2, dtype=lt.bool)),
                lambda: lt.ones((2, 2), dtype=lt.uint64).sum(axis=0),
                lambda: lt.ones(3, dtype=lt.int8).max(),
                lambda: lt.ones(3, dtype=lt.uint16).min(),
                lambda: lt.ones((2, 2), dtype=lt.int8) @ lt.ones((2, 2), dtype=lt.int8),
                lambda: lt.ones((2, 2), dtype=lt.float16) ** 2]
    for make in programs:
        make().numpy()


CRASHERS = """
import numpy as np, lazyten as lt
for dt in (lt.int8, lt.int16, lt.int32, lt.int64, lt.uint8, lt.uint32, lt.uint64):
    x = lt.arange(-3, 4, dtype=dt) if dt.kind == "i" else lt.arange(0, 7, dtype=dt)
    m = lt.full((7,), -1 if dt.kind == "i" else 0, dtype=dt)
    lo = lt.full((7,), np.iinfo(dt.np).min, dtype=dt)
    lt.realize(x // 0, x % 0, x // lt.zeros_like(x), x % lt.zeros_like(x), lo // m, lo % m)
print("survived")
"""


def test_division_edge_cases_never_crash_the_process():
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    proc = subprocess.run([sys.executable, "-c", textwrap.dedent(CRASHERS)], capture_output=True,
                          text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "survived" in proc.stdout


def test_negative_sizes_and_extension_errors_point_at_user_code():
    import traceback
    x = lt.ones((3, 4))
    for call, match in [(lambda: lt.tile(x, (2, -1)), "non-negative.*\\(2, -1\\)"),
                        (lambda: lt.broadcast_to(lt.ones(3), (-1, 3)), "negative dimensions"),
                        (lambda: lt.linalg.det(x), "square.*\\(3, 4\\)")]:
        with pytest.raises(ValueError, match=match) as info:
            call()
        frames = [f.filename for f in traceback.extract_tb(info.value.__traceback__)]
        assert not [f for f in frames if f.endswith(("ops.py", "ops_more.py", "linalg.py",
                                                     "fns_manipulation.py"))], frames
