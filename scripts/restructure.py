#!/usr/bin/env python3
"""One-off codemod: group cabling's flat top-level modules into layer subpackages.

Run from the repository root, on a clean working tree (after merging the branches in flight)::

    python scripts/restructure.py            # move, rewrite, check; prints what it did
    python scripts/restructure.py --dry-run  # say what it would move and rewrite, change nothing

Then run the tests and commit (``git add -A && git commit``). The script is meant to be deleted
after use (or kept out of the package); it is not imported by anything.

What it does, in order:

1. **Checks** the tree: every flat module of ``cabling/`` is either core (:data:`CORE`, stays) or
   in :data:`MOVES`; a module that is neither stops the run (classify it first). Already moved:
   it says so and does nothing (exit 0). Half moved (some targets exist, some sources) or a dirty
   working tree: it stops with the list (exit 2).
2. **Moves** two dataclasses (:data:`NAME_MOVES`: ``DeviceType`` and ``PortTemplate``) from
   ``devicetypes`` into ``model``, so the model imports no reader; ``devicetypes`` imports them
   back (old imports keep working).
3. **Rewrites** every Python file git knows (``cabling/``, ``tests/``, ``benchmarks/``,
   ``scripts/``, ``app.py``): each ``from ... import`` statement (relative or absolute, at any
   depth, ``from cabling import loader`` and ``from .. import render`` included) is resolved on
   the old layout and written for the new one, relative where it was relative; then every
   dotted mention ``cabling.OLD`` (``import cabling.loader``, ``cabling.trace.trace(...)``,
   monkeypatch and mock targets, ``python -m cabling.x``, docstrings) and path ``cabling/OLD.py``
   in every tracked text file (README, RESULTS.md, docs, pyproject, ...) becomes the new one.
   ``Path(__file__)`` in a moved module gets one ``.parent`` more, so paths beside the package
   (``catalogue/``, ``schemas/``) still resolve.
4. **git mv**s each module, writes the new packages' ``__init__.py``, adds them to pyproject's
   package list and the README's project layout.
5. **Verifies**: every Python file compiles, and every module of ``cabling`` imports in a fresh
   interpreter.
"""
from __future__ import annotations

import argparse
import ast
import os
import re
import subprocess
import sys
from pathlib import Path

#: Top-level modules that stay: the vocabulary every layer shares.
CORE = {"__init__", "__main__", "choices", "diagnostics", "fileio", "gcpause", "graph", "model", "polarity",
        "refs", "standards"}

#: old dotted module -> new dotted module.
MOVES = {
    # readers: site files, device types and the built-in library into a validated model
    "cabling.yamlsource": "cabling.readers.yamlsource",
    "cabling.schema": "cabling.readers.schema",
    "cabling.devicetypes": "cabling.readers.devicetypes",
    "cabling.modelsearch": "cabling.readers.modelsearch",
    "cabling.loader": "cabling.readers.loader",
    "cabling.connectable": "cabling.readers.connectable",
    "cabling.planar": "cabling.readers.planar",
    "cabling.cache": "cabling.readers.cache",
    "cabling.cacheparts": "cabling.readers.cacheparts",
    "cabling.sitefiles": "cabling.readers.sitefiles",
    "cabling.portref": "cabling.readers.portref",
    # writers: site files written (importers' bulk notation, in-place edits, the normal layout, synthetic sites)
    "cabling.flowyaml": "cabling.writers.flowyaml",
    "cabling.bulkfold": "cabling.writers.bulkfold",
    "cabling.yamledit": "cabling.writers.yamledit",
    "cabling.yamlformat": "cabling.writers.yamlformat",
    "cabling.synthetic": "cabling.writers.synthetic",
    # analysis: pure questions asked of a loaded model
    "cabling.trace": "cabling.analysis.trace",
    "cabling.loops": "cabling.analysis.loops",
    "cabling.outletstate": "cabling.analysis.outletstate",
    "cabling.poe": "cabling.analysis.poe",
    "cabling.capacity": "cabling.analysis.capacity",
    "cabling.impact": "cabling.analysis.impact",
    "cabling.ports": "cabling.analysis.ports",
    "cabling.lookup": "cabling.analysis.lookup",
    "cabling.locate": "cabling.analysis.locate",
    "cabling.labels": "cabling.analysis.labels",
    "cabling.sitediff": "cabling.analysis.sitediff",
    # planning: the as-built merge is the last step of a plan
    "cabling.asbuilt": "cabling.planning.asbuilt",
    # renderers: what a person reads
    "cabling.render": "cabling.renderers.text",
    "cabling.charts": "cabling.renderers.charts",
    # the command line: completing what a user types
    "cabling.complete": "cabling.cli.complete",
}

#: module -> {name: module it moves to}: top-level classes moved with their code.
NAME_MOVES = {"cabling.devicetypes": {"PortTemplate": "cabling.model", "DeviceType": "cabling.model"}}

#: The new packages and what each holds.
NEW_PACKAGES = {
    "cabling.readers": "Readers: site files (strict YAML with positions, the schemas), device types and the built-in\n"
                       "library, loaded into a validated :class:`~cabling.model.Inventory` (and the cache of loaded sites).",
    "cabling.writers": "Writers of site files: the bulk notation and flow mappings the importers write, in-place\n"
                       "edits, the normal layout (``cabling fmt``) and synthetic sites.",
    "cabling.analysis": "Analyses: pure functions over a loaded model that return dataclasses (trace, loops, outlet\n"
                        "states, PoE, capacity, impact, ports, lookup and search, labels, site differences).",
    "cabling.renderers": "Renderers: what a person reads, from the analyses (terminal text, capacity charts).",
}

README_LAYOUT = (
    "| `cabling/` | the library, in layers that import only downwards (`tests/test_architecture.py`): "
    "core modules at the top level (`model`, `graph`, `choices`, `refs` (names, ranges, references), "
    "`diagnostics`, `standards`, `polarity`, `fileio`, `gcpause`); `readers/` (`yamlsource` (strict YAML "
    "with positions), `schema`, `devicetypes`, `modelsearch` (what `cabling models` lists), `loader`, "
    "`connectable`, `planar` (the loader's pure-Python placement checks), `cache` (loaded sites and answers "
    "by content, in `$XDG_CACHE_HOME/cabling`)), `library/` (NetBox's devicetype-library, built in); "
    "`writers/` (`bulkfold` and `flowyaml` (how importers write the bulk notation), `yamledit`, `yamlformat` "
    "(`cabling fmt`: the normal layout of a site file), `synthetic` (generated campuses)), `journal/` (cable "
    "journals: columns, shorthand, reader, build, writer), `netbox/`; `analysis/` (`trace`, `loops`, "
    "`outletstate` (active, free, dark, planned, faulty), `poe` (PoE budgets per switch), `capacity` (free "
    "ports, dark jacks, utilisation), `impact` (what breaks if a part fails), `ports`, `lookup`, `locate` "
    "(search text to ports), `labels`, `sitediff`), `faults/` (one module per rule family), `telephony/` "
    "(blocks, pair cables, jumpers, carrier lines and extensions: loading, numbers, pairs and colours on a "
    "trace, find, directory, checks, jumper tasks), `geometry/` (pathway network, routes, geometric checks, "
    "floor layout, printable plan, the viewer's plotly figure, a trace on the plans, DXF rooms); "
    "`planning/` (plan files, the planner: `allocate`, `free`, `lengths`, `result`, `voice`; work orders "
    "and sheets, `asbuilt`); `renderers/` (`text`: terminal tables and traces, `charts`: capacity charts); "
    "`cli/` (one module per command) |")

#: Tracked files never rewritten (binary or vendored data, and this script).
SKIP = re.compile(r"(^|/)(scripts/restructure\.py|cabling/library/.*|.*\.(png|jpg|pdf|xlsx|xz|gz|zip|dxf|sql))$")


def fail(message: str) -> None:
    print(f"restructure: {message}", file=sys.stderr)
    sys.exit(2)


def git(*args: str, check: bool = True) -> str:
    r = subprocess.run(["git", *args], capture_output=True, text=True)
    if check and r.returncode:
        fail(f"git {' '.join(args)}: {r.stderr.strip()}")
    return r.stdout


def path_of(module: str) -> Path:
    return Path(*module.split(".")).with_suffix(".py")


# ------------------------------------------------------------------ state
def check_state(root: Path, force: bool) -> bool:
    """True when there is work to do; False when the tree is already restructured."""
    if not (root / "cabling" / "__init__.py").is_file() or not (root / "pyproject.toml").is_file():
        fail("run me from the repository root (cabling/ and pyproject.toml not found here)")
    todo = [m for m, n in MOVES.items() if path_of(m).exists() and not path_of(n).exists()]
    done = [m for m, n in MOVES.items() if not path_of(m).exists() and path_of(n).exists()]
    both = [m for m, n in MOVES.items() if path_of(m).exists() and path_of(n).exists()]
    none = [m for m, n in MOVES.items() if not path_of(m).exists() and not path_of(n).exists()]
    if both:
        fail("both old and new files exist for: " + ", ".join(f"{path_of(m)} and {path_of(MOVES[m])}" for m in both))
    if none:
        fail("neither old nor new file exists for: " + ", ".join(str(path_of(m)) for m in none)
             + " (renamed or deleted on a branch? update MOVES)")
    if not todo:
        print("restructure: already restructured (every module is in its subpackage); nothing to do")
        return False
    if done:
        fail("half restructured: moved " + ", ".join(done) + "; not moved " + ", ".join(todo)
             + " (reset to the commit before the first run and run again)")
    flat = sorted(p.stem for p in (root / "cabling").glob("*.py"))
    unknown = [m for m in flat if m not in CORE and f"cabling.{m}" not in MOVES]
    if unknown:
        fail("modules neither core nor moved: " + ", ".join(f"cabling/{m}.py" for m in unknown)
             + " (add each to CORE or MOVES in scripts/restructure.py)")
    for pkg in NEW_PACKAGES:
        if path_of(pkg).exists() or (root / Path(*pkg.split("."))).exists():
            fail(f"{Path(*pkg.split('.'))} exists already")
    if git("status", "--porcelain", "--untracked-files=no").strip() and not force:
        fail("the working tree has uncommitted changes; commit or stash them first (or --force)")
    return True


# ------------------------------------------------------------------ the old layout
def old_modules(root: Path) -> set[str]:
    mods = set()
    for p in (root / "cabling").rglob("*.py"):
        if "__pycache__" in p.parts:
            continue
        parts = list(p.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        mods.add(".".join(parts))
    return mods


def module_of(rel: Path) -> tuple[str, str] | None:
    """(module, package) of a file under cabling/, on the old layout; None outside it."""
    if rel.parts[0] != "cabling" or rel.suffix != ".py":
        return None
    parts = list(rel.with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
        return ".".join(parts), ".".join(parts)
    return ".".join(parts), ".".join(parts[:-1])


def new_name(module: str) -> str:
    return MOVES.get(module, module)


def new_package_of(module: str, package: str) -> str:
    """The package a file's relative imports resolve against after the move."""
    if module == package:  # an __init__: packages do not move
        return package
    return new_name(module).rsplit(".", 1)[0]


# ------------------------------------------------------------------ import statements
def resolve(node: ast.ImportFrom, package: str | None) -> str | None:
    if not node.level:
        return node.module
    if package is None:
        return None
    base = package.split(".")
    if node.level - 1 > len(base) - 1:
        return None
    base = base[:len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def relative(target: str, package: str) -> str:
    """``target`` written relative to ``package`` (``..readers``, ``.``)."""
    t, p = target.split("."), package.split(".")
    common = 0
    while common < min(len(t), len(p)) and t[common] == p[common]:
        common += 1
    if common == 0:
        return target
    return "." * (len(p) - common + 1) + ".".join(t[common:])


def rewrite_import(node: ast.ImportFrom, package: str | None, new_package: str | None, mods: set[str],
                   moved_file: bool) -> list[tuple[str, list[str]]] | None:
    """The statements (module text, names) replacing ``node``, or None to leave it as it is."""
    target = resolve(node, package)
    if target is None or not (target == "cabling" or target.startswith("cabling.")):
        return None
    groups: dict[str, list[str]] = {}
    changed = bool(node.level) and moved_file
    for a in node.names:
        if a.name == "*":
            fail(f"star import from {target}: rewrite it by hand first")
        if f"{target}.{a.name}" in mods:  # from PACKAGE import module
            old = f"{target}.{a.name}"
            dest, leaf = new_name(old).rsplit(".", 1)
            alias = a.asname or (a.name if leaf != a.name else None)
            text = leaf if alias is None or alias == leaf else f"{leaf} as {alias}"
            changed |= new_name(old) != old
        else:  # from MODULE import names, from PACKAGE import attribute (__version__, main)
            dest = new_name(NAME_MOVES.get(target, {}).get(a.name, target))
            text = a.name if a.asname is None else f"{a.name} as {a.asname}"
            changed |= dest != target
        groups.setdefault(dest, []).append(text)
    if not changed:
        return None
    out = []
    for dest, names in groups.items():
        mod = relative(dest, new_package) if node.level and new_package else dest
        out.append((mod, names))
    return out


def format_import(mod: str, names: list[str], indent: str, width: int = 120) -> str:
    one = f"from {mod} import {', '.join(names)}"
    if len(indent) + len(one) <= width:
        return one
    lead = f"from {mod} import ("
    lines, line = [], lead
    for i, n in enumerate(names):
        piece = n + ("," if i < len(names) - 1 else ")")
        if len(indent) + len(line) + len(piece) + 1 > width and line != lead:
            lines.append(line.rstrip())
            line = " " * len(lead)
        line += piece + " "
    lines.append(line.rstrip())
    return ("\n" + indent).join(lines)


def rewrite_imports(text: str, rel: Path, mods: set[str]) -> str:
    mp = module_of(rel)
    module, package = mp if mp else (None, None)
    moved_file = module in MOVES
    new_package = new_package_of(module, package) if module else None
    tree = ast.parse(text, str(rel))
    lines = text.splitlines(keepends=True)
    offsets = [0]
    for ln in lines:
        offsets.append(offsets[-1] + len(ln.encode("utf-8")))
    data = text.encode("utf-8")
    edits = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.ImportFrom):
            continue
        new = rewrite_import(node, package, new_package, mods, moved_file)
        if new is None:
            continue
        start = offsets[node.lineno - 1] + node.col_offset
        end = offsets[node.end_lineno - 1] + node.end_col_offset
        indent = re.match(r"[ \t]*", lines[node.lineno - 1]).group(0)
        after = lines[node.end_lineno - 1].encode("utf-8")[node.end_col_offset:].decode("utf-8")
        comment = re.match(r"[ \t]*(#.*)?", after).group(1)  # "# noqa: F401" holds for each statement
        parts = [format_import(m, n, indent) for m, n in new]
        if comment:
            parts = [x + "  " + comment for x in parts[:-1]] + parts[-1:]
        repl = ("\n" + indent).join(parts)
        edits.append((start, end, repl.encode("utf-8")))
    for start, end, repl in sorted(edits, reverse=True):
        data = data[:start] + repl + data[end:]
    text = data.decode("utf-8")
    return sort_import_runs(text) if edits else text


def _sort_key(node: ast.ImportFrom) -> tuple:
    # isort's order: absolute before relative, "from .." before "from .", then by module
    return (1, -node.level, node.module or "") if node.level else (0, 0, node.module or "")


def sort_import_runs(text: str) -> str:
    """Sort each run of adjacent top-level ``from cabling...``/relative imports as isort would.

    A moved module's imports change prefix (``.model`` -> ``..model``, ``cabling.loader`` ->
    ``cabling.readers.loader``), so a block that was in order no longer is.
    """
    tree = ast.parse(text)
    lines = text.splitlines(keepends=True)
    runs, run = [], []
    for node in tree.body:
        ours = isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").split(".")[0] == "cabling")
        if ours and run and node.lineno == run[-1].end_lineno + 1:
            run.append(node)
            continue
        if len(run) > 1:
            runs.append(run)
        run = [node] if ours else []
    if len(run) > 1:
        runs.append(run)
    for run in reversed(runs):
        first, last = run[0].lineno - 1, run[-1].end_lineno
        order = sorted(run, key=_sort_key)
        chunks = ["".join(lines[n.lineno - 1:n.end_lineno]) for n in order]
        lines[first:last] = chunks
    return "".join(lines)


# ------------------------------------------------------------------ dotted names and paths in any text
def text_patterns() -> list[tuple[re.Pattern, str]]:
    pats = []
    for mod, names in NAME_MOVES.items():
        for name, dest in names.items():
            pats.append((re.compile(rf"(?<![\w.]){re.escape(mod)}\.{name}\b"), f"{new_name(dest)}.{name}"))
    for old, new in sorted(MOVES.items(), key=lambda kv: -len(kv[0])):
        pats.append((re.compile(rf"(?<![\w.]){re.escape(old)}\b(?!\.py\b)"), new))
        pats.append((re.compile(rf"(?<![\w./]){re.escape(old.replace('.', '/'))}\.py\b"),
                     new.replace(".", "/") + ".py"))
    return pats


def rewrite_text(text: str, pats) -> str:
    for pat, repl in pats:
        text = pat.sub(repl, text)
    return text


FILE_PATH = re.compile(r"Path\(__file__\)(\.resolve\(\))?")


def fix_file_paths(text: str, rel: Path) -> str:
    """A module one folder deeper: ``Path(__file__)`` -> ``Path(__file__).parent`` (its old folder's child)."""
    count = len(FILE_PATH.findall(text))
    if text.count("__file__") != count:
        fail(f"{rel}: uses __file__ other than as Path(__file__); adjust it by hand before the move")
    return FILE_PATH.sub(lambda m: m.group(0) + ".parent", text)


# ------------------------------------------------------------------ classes moved with their code
def move_classes(texts: dict[Path, str]) -> None:
    for mod, names in NAME_MOVES.items():
        src_path = path_of(mod)
        src = texts[src_path]
        tree = ast.parse(src)
        lines = src.splitlines(keepends=True)
        by_dest: dict[str, list[str]] = {}
        cut = []
        for node in tree.body:
            if isinstance(node, ast.ClassDef) and node.name in names:
                first = min([node.lineno] + [d.lineno for d in node.decorator_list])
                cut.append((first, node.end_lineno))
                by_dest.setdefault(names[node.name], []).append("".join(lines[first - 1:node.end_lineno]))
        missing = set(names) - {n.name for n in tree.body if isinstance(n, ast.ClassDef)}
        if missing:
            fail(f"{src_path}: no class {', '.join(sorted(missing))} to move")
        for first, last in sorted(cut, reverse=True):
            del lines[first - 1:last]
        src = re.sub(r"\n{4,}", "\n\n\n", "".join(lines))
        src = add_import_after_imports(src, f"from .{names_module_rel(mod, next(iter(names.values())))} import "
                                            + ", ".join(sorted(names)))
        texts[src_path] = prune_dataclass_imports(src)
        for dest, blocks in by_dest.items():
            dpath = path_of(dest)
            dtext = texts[dpath]
            dtree = ast.parse(dtext)
            dlines = dtext.splitlines(keepends=True)
            # drop "from .devicetypes import DeviceType, PortTemplate" (the names now live here)
            for node in dtree.body:
                if isinstance(node, ast.ImportFrom) and resolve(node, dest.rsplit(".", 1)[0]) == mod:
                    left = [a for a in node.names if a.name not in names]
                    if left:
                        fail(f"{dpath}: imports {', '.join(a.name for a in left)} from {mod} as well")
                    for i in range(node.lineno - 1, node.end_lineno):
                        dlines[i] = ""
            dtext = "".join(dlines)
            needed = {"dataclass", "field"}
            have = {a.asname or a.name for n in ast.parse(dtext).body if isinstance(n, ast.ImportFrom)
                    and n.module == "dataclasses" for a in n.names}
            if not needed <= have:
                fail(f"{dpath}: needs 'from dataclasses import dataclass, field' for the moved classes")
            texts[dpath] = insert_after_imports(dtext, "\n\n" + "\n\n".join(b.rstrip() + "\n" for b in blocks))


def names_module_rel(mod: str, dest: str) -> str:
    # devicetypes (cabling) -> model (cabling): ".model" on the old layout; the import pass rewrites it.
    return dest.rsplit(".", 1)[1] if mod.rsplit(".", 1)[0] == dest.rsplit(".", 1)[0] else fail(
        f"{mod} -> {dest}: only moves between siblings are supported")


def last_import_end(tree: ast.Module) -> int:
    end = 0
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            end = node.end_lineno
        elif end and not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)):
            break
    if not end:
        fail("no import block to insert after")
    return end


def add_import_after_imports(text: str, statement: str) -> str:
    lines = text.splitlines(keepends=True)
    end = last_import_end(ast.parse(text))
    lines.insert(end, statement + "\n")
    return "".join(lines)


def insert_after_imports(text: str, block: str) -> str:
    lines = text.splitlines(keepends=True)
    end = last_import_end(ast.parse(text))
    rest = "".join(lines[end:]).lstrip("\n")
    return "".join(lines[:end]) + block + "\n\n" + rest


def prune_dataclass_imports(text: str) -> str:
    """Drop ``dataclass``/``field`` from ``from dataclasses import ...`` where no longer used."""
    tree = ast.parse(text)
    used = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module == "dataclasses":
            keep = [a for a in node.names if (a.asname or a.name) in used]
            if len(keep) == len(node.names):
                return text
            lines = text.splitlines(keepends=True)
            new = ("from dataclasses import " + ", ".join(a.name for a in keep) + "\n") if keep else ""
            lines[node.lineno - 1:node.end_lineno] = [new]
            return "".join(lines)
    return text


# ------------------------------------------------------------------ project files
def update_pyproject(text: str) -> str:
    m = re.search(r"^packages = \[(.*?)\]$", text, re.M)
    if not m:
        fail("pyproject.toml: no 'packages = [...]' line under [tool.setuptools]")
    pkgs = set(re.findall(r'"([^"]+)"', m.group(1))) | set(NEW_PACKAGES)
    line = "packages = [" + ", ".join(f'"{p}"' for p in sorted(pkgs)) + "]"
    return text[:m.start()] + line + text[m.end():]


def update_readme(text: str) -> str:
    m = re.search(r"^\| `cabling/` \|.*$", text, re.M)
    if not m:
        print("restructure: README.md has no '| `cabling/` |' layout row; update the project layout by hand")
        return text
    return text[:m.start()] + README_LAYOUT + text[m.end():]


def is_text(data: bytes) -> bool:
    if b"\0" in data:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


# ------------------------------------------------------------------ main
def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dry-run", action="store_true", help="say what would change, change nothing")
    ap.add_argument("--force", action="store_true", help="run on a working tree with uncommitted changes")
    args = ap.parse_args(argv)
    root = Path.cwd()
    if not check_state(root, args.force or args.dry_run):
        return 0
    mods = old_modules(root)
    files = [Path(f) for f in git("ls-files", "-z").split("\0") if f and not SKIP.search(f)]
    texts: dict[Path, str] = {}
    for f in files:
        if not f.is_file():
            continue
        data = f.read_bytes()
        if is_text(data):
            texts[f] = data.decode("utf-8")
    original = dict(texts)
    move_classes(texts)
    pats = text_patterns()
    for f, text in texts.items():
        if f.suffix == ".py":
            text = rewrite_imports(text, f, mods)
        text = rewrite_text(text, pats)
        mp = module_of(f)
        if mp and mp[0] in MOVES and "__file__" in text:
            text = fix_file_paths(text, f)
        texts[f] = text
    texts[Path("pyproject.toml")] = update_pyproject(texts[Path("pyproject.toml")])
    if Path("README.md") in texts:
        texts[Path("README.md")] = update_readme(texts[Path("README.md")])
    changed = [f for f in texts if texts[f] != original[f]]
    print(f"restructure: {len(MOVES)} modules to move, {len(changed)} files to rewrite")
    for old, new in MOVES.items():
        print(f"  {path_of(old)} -> {path_of(new)}")
    if args.dry_run:
        for f in sorted(changed):
            print(f"  rewrite {f}")
        return 0
    for f in changed:
        with open(f, "w", encoding="utf-8", newline="") as fh:
            fh.write(texts[f])
    for pkg, doc in NEW_PACKAGES.items():
        folder = Path(*pkg.split("."))
        folder.mkdir()
        (folder / "__init__.py").write_text(f'"""{doc}\n"""\n', encoding="utf-8")
        git("add", str(folder / "__init__.py"))
    for old, new in MOVES.items():
        git("mv", str(path_of(old)), str(path_of(new)))
    verify(root)
    print("restructure: done; now run the tests, then 'git add -A && git commit'")
    return 0


def verify(root: Path) -> None:
    bad = []
    for f in git("ls-files", "-z", "*.py").split("\0"):
        if f and Path(f).is_file():
            try:
                compile(Path(f).read_bytes(), f, "exec")
            except SyntaxError as exc:
                bad.append(f"{f}:{exc.lineno}: {exc.msg}")
    if bad:
        fail("syntax errors after the rewrite:\n  " + "\n  ".join(bad))
    code = ("import importlib, pkgutil, cabling\n"
            "for m in pkgutil.walk_packages(cabling.__path__, 'cabling.'):\n"
            "    if not m.name.endswith('__main__'):\n"
            "        importlib.import_module(m.name)\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=root,
                       env={**os.environ, "PYTHONPATH": str(root)})
    if r.returncode:
        fail("a module does not import after the move:\n" + r.stderr[-3000:])
    print("restructure: every file compiles and every module of cabling imports")


if __name__ == "__main__":
    sys.exit(main())
