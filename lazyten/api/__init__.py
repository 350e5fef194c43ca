"""The array namespace, one module per topic of the Array API standard: ``creation``,
``elementwise`` (with ``float_functions``), ``reduction``, ``manipulation``, ``indexing``,
``search``, ``sort``, ``dtype_functions``, the ``linalg`` and ``fft`` extensions and ``info``,
with the argument validators they share in ``arguments``. The package ``lazyten`` re-exports
their public names.

This package imports none of its modules itself: ``lazyten.array`` imports it to reach them at
call time, and they import ``lazyten.array``.
"""
