"""The ownership proof that in-place reuse rests on (``lazyten.reuse``): reference counts
measure exactly the references a caller accounts for, and any other reference (from an array,
a pending node, a list) is seen."""
from __future__ import annotations

import numpy as np
import pytest

import lazyten as lt
from helpers import assert_matches
from lazyten.reuse import EXACT_REFCOUNTS, held_only_by

pytestmark = pytest.mark.skipif(not EXACT_REFCOUNTS, reason="reuse is off where counts are "
                                "not exact")


def test_counts_see_every_other_reference():
    x = lt.arange(4.0)
    lt.realize(x)  # computed, and not shared with NumPy
    node = x._storage.node
    assert held_only_by(node, 2)  # the storage and the local name
    kept = [node]
    assert not held_only_by(node, 2) and held_only_by(node, 3)
    kept.clear()
    reader = x + 1  # pending work that reads the buffer
    assert not held_only_by(node, 2)
    del reader
    assert held_only_by(node, 2)
    other = lt.positive(x)  # another array holding the same data
    assert not held_only_by(node, 2)
    del other
    assert held_only_by(node, 2)


def test_a_buffer_some_pending_work_reads_is_not_overwritten():
    y = lt.arange(4.0) + 0
    lt.realize(y)
    old = y._storage.node.payload
    watcher = y * 1  # reads y's current value
    y += 1
    lt.realize(y)
    assert y._storage.node.payload is not old
    assert_matches(watcher, np.arange(4.0, dtype=np.float32))
    z = lt.arange(4.0) + 0
    lt.realize(z)
    mine = z._storage.node.payload
    z += 1
    lt.realize(z)
    assert z._storage.node.payload is mine  # nothing else read it: written in place
