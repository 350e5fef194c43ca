"""Every recorded node names the user's line that made it, whichever way the op was reached:
operators (forward, reflected, in place), namespace functions, the user's own helpers, and
lazyten functions that use operators internally; also with several threads tracing at once."""
from __future__ import annotations

import gc
import inspect
import os
import threading
import weakref

import lazyten as lt
from helpers import check_model

HERE = os.path.basename(__file__)


def _line(fn, text: str) -> str:
    """``file:line`` of the line of ``fn`` that contains ``text``."""
    lines, first = inspect.getsourcelines(fn)
    for k, line in enumerate(lines):
        if text in line:
            return f"{HERE}:{first + k}"
    raise AssertionError(f"{text!r} not in {fn.__name__}")


def _scale(v):
    return v * 3.0  # helper line


def _program(x):
    y = x * 2.0  # forward
    y += 1  # in place
    z = 1.0 - y  # reflected
    w = _scale(z)  # calls the helper
    n = lt.nextafter(w, y)  # operators inside lazyten
    return lt.exp(n) < y  # namespace function and comparison


def _locations(fn) -> dict[str, set[str]]:
    traced = lt.compile(fn).lower(lt.spec((4,))).traced
    out: dict[str, set[str]] = {}
    for n in traced.nodes:
        out.setdefault(n.op, set()).add(n.loc)
    return out


def test_nodes_name_the_users_line_for_every_way_of_recording():
    locs = _locations(_program)
    assert locs["mul"] >= {_line(_program, "# forward"), _line(_scale, "# helper line")}
    assert _line(_program, "# in place") in locs["add"]
    assert locs["sub"] >= {_line(_program, "# reflected")}
    assert locs["exp"] == {_line(_program, "# namespace function")}
    assert locs["lt"] >= {_line(_program, "# namespace function")}
    inside = _line(_program, "# operators inside lazyten")
    assert inside in locs["bitwise_or"] and inside in locs["bitwise_and"]
    every = set().union(*locs.values())
    assert all(loc.startswith(f"{HERE}:") for loc in every), every


def test_eager_nodes_name_the_users_line():
    x = lt.ones((3,))
    y = x * 2.0  # eager line
    assert y._node().loc == _line(test_eager_nodes_name_the_users_line, "# eager line")


def _first(x):
    return x * 5.0  # first thread


def _second(x):
    return x - 7.0  # second thread


def test_threads_tracing_at_once_keep_their_own_lines():
    expected = {_first: _line(_first, "# first thread"), _second: _line(_second, "# second thread")}
    seen: dict = {fn: set() for fn in expected}
    barrier = threading.Barrier(2)

    def work(fn):
        barrier.wait()
        for _ in range(50):
            traced = lt.compile(fn).lower(lt.spec((2,))).traced
            seen[fn].update(n.loc for n in traced.nodes if n.op in ("mul", "sub"))

    threads = [threading.Thread(target=work, args=(fn,)) for fn in expected]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert seen == {fn: {line} for fn, line in expected.items()}


def test_operators_do_not_keep_the_callers_frame_alive():
    class Local:
        pass

    def work():
        local = Local()
        lt.ones(3) * 2.0  # an operator call records this frame while it runs
        return weakref.ref(local)

    gc.disable()  # freed by reference counting alone, as eager NumPy code would free it
    try:
        assert work()() is None
    finally:
        gc.enable()


def test_exported_nodes_name_their_ir_position_and_the_users_line():
    model = check_model(lt.export(_scale, lt.spec((3,))))
    (mul,) = [n for n in model.graph.node if n.op_type == "Mul"]
    assert mul.doc_string.endswith(f"= mul at {_line(_scale, '# helper line')}"), mul.doc_string
    assert mul.doc_string.startswith("lazyten %") and mul.name.startswith("n")


def _more_forms(x):
    a = x ** 3.0  # power (x ** 2 records x * x)
    b = -a  # unary minus
    i = lt.astype(b, lt.int64) << 1  # shift
    v = x[1:3]  # view made here
    t = x.T  # transposed view made here
    return v * 2.0, i, t + 1.0  # uses


def test_power_shift_unary_and_views_name_their_own_lines():
    locs = _locations(_more_forms)
    assert locs["pow"] == {_line(_more_forms, "# power")}
    assert locs["neg"] == {_line(_more_forms, "# unary minus")}
    assert locs["shift_left"] == {_line(_more_forms, "# shift")}
    assert locs["getitem"] == {_line(_more_forms, "# view made here")}
    assert locs["permute"] == {_line(_more_forms, "# transposed view made here")}


def test_views_read_later_in_eager_code_keep_the_line_that_made_them():
    x = lt.arange(6.0).reshape(2, 3)
    v = x[1]  # the view
    w = v * 2.0  # read here
    w_node = w._node()
    assert w_node.loc == _line(test_views_read_later_in_eager_code_keep_the_line_that_made_them,
                               "# read here")
    assert w_node.inputs[0].loc == _line(
        test_views_read_later_in_eager_code_keep_the_line_that_made_them, "# the view")


def test_writes_through_a_view_name_the_line_that_writes():
    x = lt.arange(6.0)
    v = x[1:4]  # the view
    t = x.reshape(2, 3).T  # a view of a view
    v += 1.0  # written here
    t[0] = 5.0  # and here
    fn = test_writes_through_a_view_name_the_line_that_writes
    node = x._node()
    assert node.op == "reshape" and node.loc == _line(fn, "# and here")
    setitems = [n for n in _ancestors(node) if n.op == "setitem"]
    assert {n.loc for n in setitems} == {_line(fn, "# written here"), _line(fn, "# and here")}
    reads = {n.loc for n in _ancestors(node) if n.op == "getitem"}
    assert reads == {_line(fn, "# the view")}


def _ancestors(node):
    seen, todo = set(), [node]
    while todo:
        n = todo.pop()
        if n not in seen:
            seen.add(n)
            todo.extend(n.inputs)
    return seen


def test_functional_and_flat_updates_name_the_users_line():
    """``x.at[i].set(v)`` and ``x.flat[i] = v`` record at the user's line, not inside lazyten."""
    x = lt.arange(6.0)
    lt.realize(x)
    y = x.at[1].set(5.0)  # functional update
    x.flat[::2] = 0.0  # flat write
    fn = test_functional_and_flat_updates_name_the_users_line
    assert {n.loc for n in _ancestors(y._node()) if n.op != "data"} == \
        {_line(fn, "# functional update")}
    written = {n.loc for n in _ancestors(x._node()) if n.op != "data"}
    assert written == {_line(fn, "# flat write")}
