"""The structure the README's architecture section describes, enforced.

Layers, lowest first; a module imports only its own layer and the layers below (imports inside
functions count), and nothing below the facade imports onnx, onnxruntime, passes or runtime:

- base: errors, version, source, pytree, boundary, collector
- ir: dtypes, dims, ir, the op table (ops/), dump, explain, parse, verify, interp, memory, reuse,
  dot, backend, device, config
- lazy: lazy (storages, realization), specialize, trace, views
- frontend: array, its methods and the namespace (api/)
- facade: the package itself, compile, signature, lowered, cli, demo

``passes`` import base and ir only; ``runtime`` imports base, ir and passes. No two modules
import each other at module level (directly or round a cycle), no module is named after when it
was written, and none passes 700 lines (nor does any test or benchmark module).
"""
from __future__ import annotations

import ast
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
FOLDERS = {"lazyten": "lazyten", "passes": "lazyten.passes", "runtime": "lazyten.runtime"}
LAYERS = {
    "base": {"errors", "version", "source", "pytree", "boundary", "collector"},
    "ir": {"dtypes", "dims", "ir", "ops", "dump", "explain", "parse", "verify", "interp", "memory", "reuse", "dot",
           "backend", "device", "config"},
    "lazy": {"lazy", "specialize", "trace", "views"},
    "frontend": {"array", "methods", "api"},
    "facade": {"__init__", "compile", "signature", "lowered", "cli", "demo"},
}
ORDER = list(LAYERS)
OUTSIDE_CORE = ("onnx", "onnxruntime", "lazyten.passes", "lazyten.runtime")


def modules() -> dict[str, pathlib.Path]:
    """Every module as its import name."""
    out = {}
    for folder, package in FOLDERS.items():
        for path in (ROOT / folder).rglob("*.py"):
            parts = list(path.relative_to(ROOT / folder).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            out[".".join([package] + parts)] = path
    return out


def _package_of(name: str, path: pathlib.Path) -> str:
    return name if path.name == "__init__.py" else name.rsplit(".", 1)[0]


def imports(name: str, path: pathlib.Path, top_level_only: bool = False) -> set[str]:
    """The modules ``name`` imports: for ``from m import x``, ``m.x`` when that is a module
    (``from . import dtypes``), else ``m``."""
    tree = ast.parse(path.read_text())
    nodes = tree.body if top_level_only else ast.walk(tree)
    out: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = _package_of(name, path).split(".")
                package = package[:len(package) - node.level + 1]
                base = ".".join(package + ([base] if base else []))
            for a in node.names:
                out.add(f"{base}.{a.name}" if f"{base}.{a.name}" in ALL else base)
    return out


ALL = modules()


def layer_of(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "lazyten":
        return None
    if len(parts) > 1 and parts[1] in ("passes", "runtime"):
        return parts[1]
    top = parts[1] if len(parts) > 1 else "__init__"
    return next((layer for layer, names in LAYERS.items() if top in names), None)


def _hits(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def test_every_module_has_a_layer():
    assert not [m for m in ALL if layer_of(m) is None]


@pytest.mark.parametrize("module", sorted(m for m in ALL if layer_of(m) in LAYERS))
def test_core_and_frontend_import_only_their_layer_and_below(module):
    mine = ORDER.index(layer_of(module))
    bad = []
    for target in imports(module, ALL[module]):
        layer = layer_of(target)
        if layer in ("passes", "runtime") or _hits(target, ("onnx", "onnxruntime")):
            if mine < ORDER.index("facade"):
                bad.append(target)
        elif layer in LAYERS and ORDER.index(layer) > mine:
            bad.append(target)
    assert not bad, f"{module} ({layer_of(module)}) imports {sorted(bad)}"


@pytest.mark.parametrize("module", sorted(m for m in ALL if layer_of(m) == "passes"))
def test_passes_import_only_base_and_ir(module):
    bad = [t for t in imports(module, ALL[module])
           if layer_of(t) not in (None, "base", "ir", "passes") or _hits(t, OUTSIDE_CORE[:2])]
    assert not bad, f"{module} imports {sorted(bad)}"


@pytest.mark.parametrize("module", sorted(m for m in ALL if layer_of(m) == "runtime"))
def test_runtime_imports_base_ir_and_passes(module):
    bad = [t for t in imports(module, ALL[module])
           if layer_of(t) not in (None, "base", "ir", "passes", "runtime")]
    assert not bad, f"{module} imports {sorted(bad)}"


def test_no_import_cycles_at_module_level():
    graph = {m: {t for t in imports(m, p, top_level_only=True) if t in ALL and t != m}
             for m, p in ALL.items()}
    for m in graph:  # a package's own __init__ is imported before its modules
        graph[m] = {t for t in graph[m] if not m.startswith(t + ".")}
    state: dict[str, int] = {}
    cycles = []

    def visit(m: str, path: list[str]) -> None:
        state[m] = 1
        for t in sorted(graph[m]):
            if state.get(t) == 1:
                cycles.append(path[path.index(t):] + [t])
            elif t not in state:
                visit(t, path + [t])
        state[m] = 2

    for m in sorted(graph):
        if m not in state:
            visit(m, [m])
    assert not cycles, cycles


def test_modules_are_named_for_what_they_hold_and_stay_small():
    """The library, and the tests and benchmarks too."""
    paths = list(ALL.values()) + [p for d in ("tests", "benchmarks")
                                  for p in (ROOT / d).rglob("*.py")]
    names = [p.stem for p in paths]
    assert not [n for n in names if n.endswith("_more") or n.startswith("fns_")]
    big = {str(p.relative_to(ROOT)): n for p in paths
           if (n := len(p.read_text().splitlines())) > 700}
    assert not big, big


def test_only_lazyten_is_installed_at_the_top_of_site_packages():
    import importlib.metadata
    dist = importlib.metadata.distribution("lazyten")
    assert dist.read_text("top_level.txt").split() == ["lazyten"]


def test_every_package_folder_is_listed_for_the_wheel():
    """A subpackage missing from pyproject's list works in an editable install and is absent
    from a wheel (``pip install .`` then fails at ``import lazyten``)."""
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
                 ["packages"])
    found = {".".join([FOLDERS[folder]] + list(init.parent.relative_to(ROOT / folder).parts))
             for folder in FOLDERS for init in (ROOT / folder).rglob("__init__.py")}
    assert found == listed, (found - listed, listed - found)
