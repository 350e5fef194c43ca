"""The import rule: the core imports neither passes nor runtime (nor onnx/onnxruntime);
passes import only the core; runtime imports core and passes. Function-local imports count.
The facade modules (lazyten/__init__.py, compile.py, cli.py) may import everything."""
from __future__ import annotations

import ast
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
FACADE = {"__init__.py", "compile.py", "cli.py", "demo.py"}
FORBIDDEN_IN_CORE = ("lazyten.passes", "lazyten.runtime", "onnx", "onnxruntime", "passes",
                     "runtime")


def imports_of(path: pathlib.Path) -> list[str]:
    tree = ast.parse(path.read_text())
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = {"lazyten": "lazyten", "passes": "lazyten.passes",
                           "runtime": "lazyten.runtime"}[path.parent.name]
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parts + ([base] if base else []))
                out += [f"{base}.{a.name}" for a in node.names] + [base]
            else:
                out.append(base)
    return out


def _hits(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def test_core_imports_neither_passes_nor_runtime():
    bad = []
    for path in (ROOT / "lazyten").glob("*.py"):
        if path.name in FACADE:
            continue
        bad += [f"{path.name}: {m}" for m in imports_of(path) if _hits(m, FORBIDDEN_IN_CORE)]
    assert not bad, bad


def test_passes_import_only_the_core():
    bad = []
    for path in (ROOT / "passes").glob("*.py"):
        bad += [f"{path.name}: {m}" for m in imports_of(path)
                if _hits(m, ("lazyten.runtime", "onnx", "onnxruntime", "runtime"))
                or _hits(m, tuple(f"lazyten.{f[:-3]}" for f in FACADE if f != "__init__.py"))]
    assert not bad, bad


def test_runtime_does_not_import_the_facade():
    bad = []
    for path in (ROOT / "runtime").glob("*.py"):
        bad += [f"{path.name}: {m}" for m in imports_of(path)
                if _hits(m, ("lazyten.compile", "lazyten.cli", "lazyten.demo"))]
    assert not bad, bad


def test_only_lazyten_is_installed_at_the_top_of_site_packages():
    import importlib.metadata
    dist = importlib.metadata.distribution("lazyten")
    assert dist.read_text("top_level.txt").split() == ["lazyten"]
