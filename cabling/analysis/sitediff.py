"""What changed between two versions of a site: devices, cables and ports, each with its ``file:line:col``.

A version is a site file or folder, or a git revision of one (``HEAD~1:sites/branch.yaml``,
``HEAD~1:sites/branch/``, read with ``git show``): :func:`read_source` reads a file, :func:`read_sources`
any of them (a folder's site files), :func:`load_sources` loads them as one site, :func:`load_source` loads one (through
:mod:`cabling.readers.loader`, relative paths such as ``models:`` resolve beside the working-tree file,
marks name the revision). :func:`diff` is pure: two inventories in, a :class:`SiteDiff` out.
:func:`site_digest` is the content digest a plan records (``plan: {site_digest: ...}``).
"""
from __future__ import annotations

import hashlib
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import Collector, Mark
from ..model import Cable, Device, Inventory
from ..readers import schema, yamlsource

_REVISION = re.compile(r"(?P<rev>[^:]+):(?P<path>.+)\Z")


class SourceError(Exception):
    """A version that cannot be read: no such file, git missing, an unknown revision (one line)."""


@dataclass(frozen=True)
class Source:
    name: str  # as marks name it: the path, or REV:path
    path: Path  # the working-tree file (where relative paths of the site resolve)
    text: str
    revision: str | None = None

    @property
    def digest(self) -> str:
        return text_digest(self.text)


def text_digest(text: str) -> str:
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def site_digest(paths) -> str:
    """The content digest of site files: of the file's text for one file; for several, of their digests in order."""
    from ..readers.loader import site_files

    texts = [Path(f).read_bytes().decode("utf-8-sig", errors="replace") for f in site_files(paths)]
    if len(texts) == 1:
        return text_digest(texts[0])
    return text_digest("\n".join(text_digest(t) for t in texts))


def read_source(spec: str) -> Source:
    """The file ``spec``, or ``REV:path`` from git (SourceError with a one-line reason)."""
    p = Path(spec)
    if p.is_file():
        diag = Collector()
        text = yamlsource.read_text(p, diag)
        if text is None:
            raise SourceError("; ".join(str(d) for d in diag.diagnostics) or f"{spec}: cannot be read")
        return Source(spec, p, text)
    m = _REVISION.match(spec)
    if m is None or p.exists():
        raise SourceError(f"{spec}: no such file" + ("" if p.exists() else " (a git revision is written REV:path, "
                                                       "e.g. HEAD~1:sites/branch.yaml)"))
    rev, path = m.group("rev"), m.group("path")
    text = _git_show(rev, path)
    return Source(spec, Path(path), text, revision=rev)


def read_sources(spec: str) -> list[Source]:
    """The site files of ``spec``: a file, a folder (its site files, as the loader finds them), ``REV:file`` or
    ``REV:folder`` from git (SourceError with a one-line reason)."""
    from ..readers.sitefiles import SITE_SUFFIXES, is_site_text, site_files

    p = Path(spec)
    if p.is_dir():
        files = site_files([p])
        if not files:
            raise SourceError(f"{spec}: no site files in that folder")
        return [read_source(str(f)) for f in files]
    m = _REVISION.match(spec)
    if p.exists() or m is None or _git(["cat-file", "-t", f"{m.group('rev')}:{m.group('path')}"],
                                       m.group("rev"), m.group("path")).strip() != "tree":
        return [read_source(spec)]
    rev, path = m.group("rev"), m.group("path")
    names = _git(["ls-tree", "-r", "--name-only", rev, "--", path], rev, path).splitlines()
    out = []
    for name in sorted(names):
        if Path(name).suffix.lower() not in SITE_SUFFIXES:
            continue
        text = _git_show(rev, name)
        if is_site_text(text.encode("utf-8")):
            out.append(Source(f"{rev}:{name}", Path(name), text, revision=rev))
    if not out:
        raise SourceError(f"{spec}: no site files in that folder at {rev}")
    return out


def load_sources(sources: list[Source]) -> Inventory:
    """Several versions' files loaded as one site (raises :class:`InputError`)."""
    return load_texts([(s.path, s.text, s.name) for s in sources])


def _git(args: list[str], rev: str, path: str) -> str:
    """``git ARGS``'s output, or '' when git says no (SourceError when git is missing or hangs)."""
    try:
        run = subprocess.run(["git", *args], capture_output=True, timeout=60)
    except FileNotFoundError:
        raise SourceError(f"{rev}:{path}: git is not installed (it reads revisions REV:path)") from None
    except subprocess.TimeoutExpired:
        raise SourceError(f"{rev}:{path}: git {args[0]} took over a minute") from None
    return run.stdout.decode("utf-8", "replace") if run.returncode == 0 else ""


def _git_show(rev: str, path: str) -> str:
    tries = [f"{rev}:{path}"] + ([f"{rev}:./{path}"] if not path.startswith(("./", "/")) else [])
    last = ""
    for obj in tries:
        try:
            run = subprocess.run(["git", "show", obj], capture_output=True, timeout=60)
        except FileNotFoundError:
            raise SourceError(f"{rev}:{path}: git is not installed (it reads revisions REV:path)") from None
        except subprocess.TimeoutExpired:
            raise SourceError(f"{rev}:{path}: git show took over a minute") from None
        if run.returncode == 0:
            try:
                return run.stdout.decode("utf-8-sig")
            except UnicodeDecodeError:
                raise SourceError(f"{rev}:{path}: the file at that revision is not UTF-8 text") from None
        last = (run.stderr.decode("utf-8", "replace").strip().splitlines() or ["git show failed"])[0]
    raise SourceError(f"{rev}:{path}: {last.removeprefix('fatal: ')}")


def load_source(src: Source) -> Inventory:
    """Load one site file's text as if it were at ``src.path`` (raises :class:`InputError`)."""
    return load_text(src.path, src.text, src.name)


def load_text(path, text: str, name: str | None = None) -> Inventory:
    """Load ``text`` as the site file ``path`` (its ``models:`` resolve beside it); marks name ``name``."""
    return load_texts([(path, text, name)])


def load_texts(files) -> Inventory:
    """Load several site files' texts as one site, each ``(path, text, name)`` as if it were at ``path`` (its
    ``models:`` resolve beside it; marks name ``name``, default the path)."""
    from ..gcpause import gc_paused
    from ..readers.loader import _Loader, outside_paths_allowed

    with gc_paused():
        diag = Collector()
        loader = _Loader(diag, outside_paths_allowed())
        docs, names = [], []
        for path, text, name in files:
            name = name or str(path)
            names.append(name)
            data = yamlsource.load(text, name, diag, *schema.typed_keys())
            if data is None:
                if not diag.errors:
                    diag.fatal(Mark(name, 1, 1), "the file is empty; a site file needs at least 'site:'")
            elif not isinstance(data, dict):
                diag.fatal(getattr(data, "mark", Mark(name, 1, 1)),
                           "a site file must be a mapping with 'site:' at the top")
            else:
                loader.schema_check(data)
                docs.append((Path(path), data))
        loader.inventory.files = names
        loader.build(docs)
        diag.raise_if_errors()
        loader.inventory.warnings = [d for d in diag.diagnostics if d.severity == "warning"]
        return loader.inventory


# ------------------------------------------------------------------ the difference
@dataclass(frozen=True)
class Change:
    what: str  # 'device', 'cable' or 'port'
    op: str  # '+' added, '-' removed, '~' changed
    id: str
    mark: str | None  # file:line:col (in the new version; in the old one for what was removed)
    summary: str = ""  # for + and -: what it is
    fields: tuple[tuple[str, object, object], ...] = ()  # for ~: (field, old, new)

    def to_json(self) -> dict:
        out = {"what": self.what, "op": {"+": "added", "-": "removed", "~": "changed"}[self.op], "id": self.id}
        file, line, col = _split_mark(self.mark)
        out.update(file=file, line=line, column=col)
        if self.summary:
            out["summary"] = self.summary
        if self.fields:
            out["fields"] = [{"field": f, "old": o, "new": n} for f, o, n in self.fields]
        return out

    def __str__(self) -> str:
        where = f"{self.mark}: " if self.mark else ""
        text = f"{where}{self.op} {self.what} {self.id}"
        if self.summary:
            text += f"  {self.summary}"
        if self.fields:
            text += "  " + "; ".join(f"{f}: {_show(o)} -> {_show(n)}" for f, o, n in self.fields)
        return text


@dataclass
class SiteDiff:
    old: str
    new: str
    changes: list[Change] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.changes)

    def of(self, what: str) -> list[Change]:
        return [c for c in self.changes if c.what == what]

    def counts(self) -> dict[str, dict[str, int]]:
        out = {}
        for what in ("device", "cable", "port"):
            mine = self.of(what)
            out[what] = {name: sum(1 for c in mine if c.op == op) for op, name in (("+", "added"), ("-", "removed"),
                                                                                     ("~", "changed"))}
        return out

    def to_json(self) -> dict:
        return {"old": self.old, "new": self.new, "counts": self.counts(),
                "changes": [c.to_json() for c in self.changes]}

    def text(self) -> str:
        lines = [f"--- {self.old}", f"+++ {self.new}"]
        if not self.changes:
            return "\n".join(lines + ["no changes to devices, cables or ports"])
        counts = self.counts()
        for what, title in (("device", "Devices"), ("cable", "Cables"), ("port", "Ports")):
            mine = self.of(what)
            if not mine:
                continue
            c = counts[what]
            head = (f"{c['changed']} changed (the cable on them)" if what == "port"
                    else f"{c['added']} added, {c['removed']} removed, {c['changed']} changed")
            lines += ["", f"{title}: {head}"]
            lines += [str(x) for x in mine]
        return "\n".join(lines)


def diff(old: Inventory, new: Inventory, old_name: str = "old", new_name: str = "new") -> SiteDiff:
    """Devices, cables and ports added, removed or changed from ``old`` to ``new`` (pure)."""
    several = len(old.sites) > 1 or len(new.sites) > 1  # one site each: compared by id, even if renamed
    out = SiteDiff(old_name, new_name)
    od, nd = _by_key(old.devices(), several), _by_key(new.devices(), several)
    oc, nc = _by_key(old.cables(), several), _by_key(new.cables(), several)
    for key in _ordered(od, nd):
        a, b = od.get(key), nd.get(key)
        if a is None:
            out.changes.append(Change("device", "+", key, _m(b), _device_summary(b)))
        elif b is None:
            out.changes.append(Change("device", "-", key, _m(a), _device_summary(a)))
        else:
            fa, fb = _device_fields(a), _device_fields(b)
            changed = tuple((k, fa[k], fb[k]) for k in fa if not _same(k, fa[k], fb[k]))
            if changed:
                out.changes.append(Change("device", "~", key, _m(b), fields=changed))
    for key in _ordered(oc, nc):
        a, b = oc.get(key), nc.get(key)
        if a is None:
            out.changes.append(Change("cable", "+", key, _m(b), _cable_summary(new, b)))
        elif b is None:
            out.changes.append(Change("cable", "-", key, _m(a), _cable_summary(old, a)))
        else:
            fa, fb = _cable_fields(old, a), _cable_fields(new, b)
            changed = tuple((k, fa[k], fb[k]) for k in fa if not _same(k, fa[k], fb[k]))
            if changed:
                out.changes.append(Change("cable", "~", key, _m(b), fields=changed))
    for key in _ordered(od, nd):  # ports of devices in both versions whose cable changed
        a, b = od.get(key), nd.get(key)
        if a is None or b is None:
            continue
        old_ports = {(p.name, p.kind): p for p in a.ports}
        for p in b.ports:
            q = old_ports.get((p.name, p.kind))
            was = q.cable.id if q is not None and q.cable is not None else None
            now = p.cable.id if p.cable is not None else None
            if q is not None and was != now:
                out.changes.append(Change("port", "~", new.ref(p), _m(b), fields=(("cable", was, now),)))
    return out


def _by_key(items, several: bool) -> dict:
    return {(f"{x.site.id}/{x.id}" if several else x.id): x for x in items}


def _ordered(a: dict, b: dict) -> list[str]:
    keys = list(b) + [k for k in a if k not in b]
    return sorted(keys, key=_natural)


def _natural(text: str):
    return [(0, int(t), "") if t.isdigit() else (1, 0, t) for t in re.split(r"(\d+)", text)]


def _m(x) -> str | None:
    return str(x.mark) if x is not None and x.mark is not None else None


def _split_mark(mark: str | None):
    if not mark:
        return None, None, None
    file, line, col = mark.rsplit(":", 2)
    return file, int(line), int(col)


def _device_fields(d: Device) -> dict:
    return {"model": d.model.slug, "role": d.role, "rack": d.rack.id if d.rack else None, "u": d.u,
            "face": d.face, "room": d.room.id if d.room else None, "space": d.space.id if d.space else None,
            "at": _point(d.at), "poe_budget_w": d.poe_budget_w, "poe_class": d.poe_class, "serial": d.serial,
            "asset_tag": d.asset_tag, "description": d.description}


def _cable_fields(inv: Inventory, c: Cable) -> dict:
    return {"a": ", ".join(inv.ref(p) for p in c.a), "b": ", ".join(inv.ref(p) for p in c.b), "type": c.type,
            "length": c.length, "status": c.status, "color": c.color, "label": c.label, "pairs": c.pairs,
            "description": c.description, "test": dict(c.test) if c.test else None,
            "fibre_polarity": c.fibre_polarity}


def _device_summary(d: Device) -> str:
    where = (f"rack {d.rack.id} u {_show(d.u)}" if d.rack else f"room {d.room.id}" if d.room else "")
    if d.at and not d.rack:
        where += f" at {_show(_point(d.at))}"
    return ", ".join(x for x in (d.role, d.model.slug, where) if x)


def _cable_summary(inv: Inventory, c: Cable) -> str:
    f = _cable_fields(inv, c)
    length = f"{_show(c.length)} m" if c.length is not None else None
    label = f"label {c.label}" if c.label else None
    test = f"test {c.test.get('result')}" if c.test else None
    parts = [f"{f['a']} - {f['b']}"] + [str(x) for x in (c.type, length, label, c.status, test) if x]
    return ", ".join(parts)


def _point(p):
    return [float(v) for v in p] if p is not None else None


def _same(field: str, a, b) -> bool:
    """Equal; places to the millimetre (a bulk entry's ``along`` cut in two spaces its devices the same)."""
    if field == "at" and a is not None and b is not None:
        return all(abs(x - y) < 1e-3 for x, y in zip(a, b))
    return a == b


def _show(x) -> str:
    if x is None:
        return "-"
    if isinstance(x, float):
        return f"{x:g}"
    if isinstance(x, list):
        return "[" + ", ".join(_show(v) for v in x) + "]"
    if isinstance(x, dict):
        return "{" + ", ".join(f"{k}: {_show(v)}" for k, v in x.items()) + "}"
    return str(x)
