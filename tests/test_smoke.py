import numpy as np

import lazyten as lt
from helpers import assert_matches


def test_tutorial_program_matches_numpy():
    x = lt.arange(12).reshape(3, 4)
    ref = np.arange(12).reshape(3, 4)
    y = x * 2 + 1
    assert_matches(y, ref * 2 + 1)
    x[1:, ::2] = 100
    ref[1:, ::2] = 100
    assert_matches(x, ref)
    assert_matches(x.sum(axis=0), ref.sum(axis=0))
