"""A seeded generator of random straight-line lazyten programs, run side by side with NumPy.

Every program is generated as Python source text, one step at a time, and executed as it is
generated: each step is a few NumPy lines (the *mirror*, computing what lazyten's documented
rules say the result is) followed by the lazyten lines under test. Variables come in pairs:

- ``aK`` (a lazyten array) mirrored by ``nK`` (a NumPy array);
- ``rK`` (an ndarray the program got from lazyten: ``.numpy()``, ``np.asarray``, or one it made
  for ``lt.from_numpy``) mirrored by ``mK``.

Mirrors alias exactly as the program's arrays do: a lazyten view is mirrored by the same NumPy
view of the mirror, ``.numpy()`` by the mirror itself. Results of NumPy-side computations are
cast explicitly to the dtype lazyten's rules give (README: default float32/int64, float with int
gives the float dtype, weak Python scalars, ``int / int`` and math of ints give float32, ...), so
NumPy's own promotion never decides a result.

Complex arrays (complex64/complex128, parts among +-0, +-inf, NaN, tiny, huge and ordinary
values) are compared part by part, NaN equal to NaN, each part within rtol of its own size or
of the modulus; the operations complex numbers do not have must raise a DTypeError at the
program's line (``_refused``).

Since the program runs while it is generated, the generator looks at the mirrors' values to stay
clear of undefined behaviour (NaN or out-of-range float -> int casts, negative shift counts,
integers to negative powers) and of discontinuous functions of inexact floats (``floor`` of an
``exp`` result would magnify one ulp into 1.0).

A failing program is printed as a script that reproduces it: the header (imports and the
``_check`` helpers) plus every step up to the failure. ``python tests/fuzz_programs.py SEED``
runs one program; ``... SEED --minimize`` shrinks a failing one step by step.
"""
