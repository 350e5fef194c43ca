"""lazyten's version: read by the package metadata (pyproject.toml), the namespace and the
ONNX exporter, which stamps it into every model."""

__version__ = "0.1.0"
