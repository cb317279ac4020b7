"""The package's layers: every module of cabling/ is in one, imports go only down, and nothing imports in a cycle.

Layers, lowest first (a module may import its own layer and the layers below it):

* **core**: the shared vocabulary at the top level (the model, the graph, closed lists, references,
  diagnostics, standards figures, fibre polarity, atomic writes, the collector pause);
* **readers**: site files, device types and the built-in library into a validated model;
* **writers**: site files written (bulk notation, in-place edits, normal layout), and the importers
  (NetBox, cable journals, DXF rooms) that read other formats into site files;
* **analysis**: pure questions of a loaded model (trace, capacity, impact, faults, routes, telephony);
* **planning**: plans, the planner, work orders, the as-built merge;
* **renderers**: what a person reads (terminal text, charts, floor plans, work-order sheets, exports);
* **cli**: the commands.

Domain packages (``geometry``, ``telephony``, ``journal``, ``netbox``, ``planning``) sit in one layer
with named modules in another (the printable floor plan is a renderer, the telephony model is core).
Each module's layer is given by the longest prefix below. The checks read the source (ast); they
import nothing.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "cabling"

LAYERS = ["core", "readers", "writers", "analysis", "planning", "renderers", "cli"]

#: module prefix -> layer; the longest prefix that matches a module decides.
PLACES = {
    # core: named one by one, so a new top-level module has to be placed deliberately
    **{f"cabling.{m}": "core" for m in ("choices", "diagnostics", "fileio", "gcpause", "graph", "model", "polarity",
                                        "refs", "standards")},
    "cabling": "core",  # the package's __init__ (its version)
    "cabling.catalogue": "core",
    "cabling.telephony.model": "core",
    "cabling.telephony.numbers": "core",
    "cabling.readers": "readers",
    "cabling.library": "readers",
    "cabling.telephony.load": "readers",
    "cabling.journal.order": "readers",
    "cabling.writers": "writers",
    "cabling.journal": "writers",
    "cabling.netbox": "writers",
    "cabling.geometry.dxf": "writers",
    "cabling.analysis": "analysis",
    "cabling.faults": "analysis",
    "cabling.geometry": "analysis",
    "cabling.telephony": "analysis",
    "cabling.planning": "planning",
    "cabling.renderers": "renderers",
    **{f"cabling.geometry.{m}": "renderers" for m in ("figure", "layout", "plan", "planmap", "tracemap")},
    "cabling.journal.writer": "renderers",
    "cabling.netbox.export": "renderers",
    "cabling.planning.sheets": "renderers",
    "cabling.cli": "cli",
    "cabling.__main__": "cli",
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py")) if "__pycache__" not in p.parts}


MODULES = _modules()


def _is_type_checking(node: ast.If) -> bool:
    t = node.test
    return (isinstance(t, ast.Name) and t.id == "TYPE_CHECKING") or (
        isinstance(t, ast.Attribute) and t.attr == "TYPE_CHECKING")


def _imports(name: str, path: Path):
    """(line, imported cabling module, at import time?) for every import of ``name``'s source."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    eager = set()

    def top(body):
        for node in body:
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                eager.add(id(node))
            elif isinstance(node, ast.If) and not _is_type_checking(node):
                top(node.body)
                top(node.orelse)
            elif isinstance(node, ast.Try):
                top(node.body)
                for h in node.handlers:
                    top(h.body)
                top(node.orelse)
                top(node.finalbody)

    top(tree.body)
    for node in ast.walk(tree):
        targets = []
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[:len(package.split(".")) - (node.level - 1)]
                base_name = ".".join(base + ([node.module] if node.module else []))
            else:
                base_name = node.module or ""
            for a in node.names:
                sub = f"{base_name}.{a.name}"
                targets.append(sub if sub in MODULES else base_name)
        elif isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        for t in targets:
            while t and t not in MODULES and "." in t:
                t = t.rpartition(".")[0]
            if t in MODULES and t != name:
                yield node.lineno, t, id(node) in eager


def _layer(name: str) -> str | None:
    best = None
    for prefix in PLACES:
        if (name == prefix or name.startswith(prefix + ".")) and (best is None or len(prefix) > len(best)):
            best = prefix
    if best == "cabling" and name != "cabling":
        return None  # a top-level module or package not placed
    return PLACES[best] if best else None


def test_every_module_is_in_a_layer():
    unplaced = [str(p.relative_to(ROOT)) for n, p in MODULES.items() if _layer(n) is None]
    assert unplaced == [], ("not in a layer (put each in a subpackage of its layer, or name it in PLACES): "
                            + ", ".join(unplaced))


def test_no_upward_imports():
    """A reader never imports an analysis, an analysis never a renderer, nothing but the CLI the CLI..."""
    upward = []
    for name, path in MODULES.items():
        mine = _layer(name)
        if mine is None:
            continue
        for line, target, _ in _imports(name, path):
            theirs = _layer(target)
            if theirs is not None and LAYERS.index(theirs) > LAYERS.index(mine):
                upward.append(f"{path.relative_to(ROOT)}:{line}: {name} ({mine}) imports {target} ({theirs})")
    assert upward == [], "\n".join(upward)


def test_no_import_cycles():
    """No two modules import each other at import time, directly or round a longer ring."""
    graph = {name: sorted({t for _, t, eager in _imports(name, path) if eager}) for name, path in MODULES.items()}
    state: dict[str, int] = {}
    cycles = []

    def visit(node, stack):
        state[node] = 1
        stack.append(node)
        for nxt in graph[node]:
            if state.get(nxt) == 1:
                cycles.append(" -> ".join(stack[stack.index(nxt):] + [nxt]))
            elif nxt not in state:
                visit(nxt, stack)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [])
    assert cycles == [], "\n".join(cycles)


def test_the_library_never_imports_streamlit():
    found = [f"{path.relative_to(ROOT)}:{node.lineno}" for name, path in MODULES.items()
             for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
             if isinstance(node, (ast.Import, ast.ImportFrom))
             and any((a.name if isinstance(node, ast.Import) else (node.module or "")).split(".")[0] == "streamlit"
                     for a in node.names)]
    assert found == []


@pytest.mark.parametrize("layer", LAYERS)
def test_the_checks_see_every_layer(layer):
    """The checks above are not vacuous: each layer holds modules, and their imports are found."""
    members = [n for n in MODULES if _layer(n) == layer]
    assert members
    if layer != "core":
        assert any(list(_imports(n, MODULES[n])) for n in members)
