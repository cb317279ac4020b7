"""Load site files into a validated :class:`~cabling.model.Inventory`.

One run reports every error it can find, each with file, line and column::

    sites/hq.yaml:42:7: cable H-017: port PP-9:3 does not exist (did you mean PP-2A-9:3?)

Stages: read and parse each file (:mod:`cabling.readers.yamlsource`), validate it
against ``schemas/site.schema.json``, then build, each stage across all files: sites, the building
(:mod:`~cabling.readers.building`), devices with every port of their model (:mod:`~cabling.readers.devices`),
the telephony blocks, the placement checks (:mod:`~cabling.readers.placement`), circuits
(:mod:`~cabling.readers.circuits`), cables (:mod:`~cabling.readers.cables`) and the telephony links. The
bulk range notation is expanded as each is read. :class:`_Loader` holds what the stages share: the
collector, the inventory, the entries that failed (so what names them is "not checked").
"""
from __future__ import annotations

import os
from pathlib import Path

from .. import polarity, refs
from ..diagnostics import Collector, InputError, Mark, close_matches, did_you_mean
from ..gcpause import gc_paused
from ..model import Inventory, Site
from ..telephony import load as telephony_load
from ..telephony.model import Telephony
from . import building, cables, circuits, devices, placement, schema, yamlsource
from .devicetypes import Library, default_library

# finding a port by its reference lives in portref (a trace of a cached site needs it, not the loader)
from .portref import _devices, _port_of, resolve_ref  # noqa: F401

# what the CLI needs before (or instead of) a load lives in the small module sitefiles; kept importable from here
from .sitefiles import (ENV_ALLOW_OUTSIDE, OUTSIDE_HINT, SITE_SUFFIXES, allow_outside_paths,  # noqa: F401
                        is_site_file, outside_folder, outside_paths_allowed, site_files)

# the stages live in modules of their own; what was importable from here stays so
from .devices import MAX_PORTS  # noqa: F401


def load(paths, *, allow_outside_paths: bool | None = None) -> Inventory:
    """Load files and folders into one inventory, or raise :class:`InputError`.

    A path a site file names (``models:``, a background image) must stay inside the file's folder unless
    ``allow_outside_paths`` (default: :func:`outside_paths_allowed`)."""
    with gc_paused():
        return _load(paths, outside_paths_allowed(allow_outside_paths))


def _load(paths, allow_outside: bool) -> Inventory:
    diag = Collector()
    loader = _Loader(diag, allow_outside)
    docs = _read_sites(paths, diag, loader.schema_check)
    loader.inventory.files = [str(f) for f, _ in docs]
    loader.build(docs)
    diag.raise_if_errors()
    loader.inventory.warnings = [d for d in diag.diagnostics if d.severity == "warning"]
    return loader.inventory


def _read_sites(paths, diag: Collector, check) -> list[tuple[Path, dict]]:
    """Each site file of ``paths`` parsed, as (file, data); ``check(data)`` runs on each as it is read."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    files = site_files(paths)
    if not files:
        diag.fatal(None, "no site files found in " + ", ".join(map(str, paths)))
    docs = []
    for f in files:
        name = str(f)
        if not f.exists():
            diag.fatal(None, f"{name}: no such file or folder")
            continue
        text = yamlsource.read_text(f, diag)
        if text is None:
            continue
        data = yamlsource.load(text, name, diag, *schema.typed_keys())
        if data is None:
            if not diag.errors:
                diag.fatal(Mark(name, 1, 1), "the file is empty; a site file needs at least 'site:'")
            continue
        if not isinstance(data, dict):
            diag.fatal(getattr(data, "mark", Mark(name, 1, 1)), "a site file must be a mapping with 'site:' at the top")
            continue
        check(data)
        docs.append((f, data))
    return docs


def library_of(paths, *, allow_outside_paths: bool | None = None) -> Library:
    """The device models the site files ``paths`` can use, without loading the sites: their ``models:``
    files and folders, the generic catalogue and the built-in library (raises :class:`InputError`)."""
    allow = outside_paths_allowed(allow_outside_paths)
    diag = Collector()
    library = default_library()

    def check(data) -> None:
        for path, mark, message in schema.validate(data):
            if path and path[0] == "models":
                diag.error(mark, message)

    for f, data in _read_sites(paths, diag, check):
        if not diag.errors:
            _load_models(library, f, data, diag, allow)
    diag.raise_if_errors()
    return library


def _load_models(library: Library, f: Path, data, diag: Collector, allow_outside: bool) -> list[Mark]:
    """Make the files and folders a site file's ``models:`` names (relative to the file) available; a path
    that leaves the file's folder (and a model file reached through a link to outside) is refused unless
    ``allow_outside``. Returns where the refused paths are named."""
    refused = []
    models = data.get("models")
    for i, rel in enumerate(models if isinstance(models, list) else ()):  # else the schema said so
        if isinstance(rel, str):
            mark = yamlsource.mark_of(data["models"], i)
            if not allow_outside and outside_folder(f.parent, rel):
                diag.error(mark, f"models: {rel} is outside the site file's folder" + OUTSIDE_HINT)
                refused.append(mark)
                continue
            target = (f.parent / rel) if not os.path.isabs(rel) else Path(rel)
            if library.load_path(target, diag, mark, within=None if allow_outside else f.parent.resolve()):
                refused.append(mark)  # files of the folder linked to outside
    return refused


def _label(section: str, item) -> str:
    word = {"floors": "floor", "rooms": "room", "pathways": "pathway", "telecom_spaces": "telecom space", "racks": "rack",
            "devices": "device", "cables": "cable", "circuits": "circuit", "site": "site", "blocks": "block",
            "jumpers": "jumper", "lines": "line", "extensions": "extension"}.get(section, section)
    if section == "extensions" and isinstance(item, dict) and isinstance(item.get("number"), str):
        return f"extension {item['number']}"
    if isinstance(item, dict) and isinstance(item.get("id"), str):
        return f"{word} {item['id']}"
    return word


class _Loader:
    def __init__(self, diag: Collector, allow_outside: bool = False):
        self.diag = diag
        self.allow_outside = allow_outside
        self.refused_models: list[Mark] = []  # where a models: path outside the folder was refused
        self.inventory = Inventory(library=default_library(), telephony=Telephony())
        self.bad: set[int] = set()  # id() of entries with schema errors: skipped later
        self.ports_made = 0  # of all devices so far, against MAX_PORTS
        # (section, name) -> where an entry that defines the name but failed to load is: what names
        # it is "not checked", never "does not exist (did you mean another one?)"
        self.failed: dict[tuple[str, str], Mark] = {}
        # (cable type, id of template a, id of template b) of single-port ends found connectable
        self._connectable: set[tuple] = set()

    def fail(self, section: str, entry, mark) -> None:
        """Remember the names ``entry`` of ``section`` defines: it failed, its own error is reported.

        An id under a key written wrong (``idd:``, ``ID:``) names the entry too."""
        if not isinstance(entry, dict):
            return
        ident = entry.get("id")
        if not isinstance(ident, str):
            ident = next((v for k, v in entry.items() if isinstance(v, str) and k != "id" and close_matches(k, ["id"])),
                         None)
        if isinstance(ident, str):
            for name in refs.names_meant(ident):
                self.failed.setdefault((section, name), mark)

    def failed_note(self, section: str, name, owner: str, mark) -> bool:
        """Say ``not checked: device X has errors (line N)`` when ``name`` is a failed entry's."""
        where = self.failed.get((section, name)) if isinstance(name, str) else None
        if where is None:
            return False
        word = {"floors": "floor", "rooms": "room", "telecom_spaces": "telecom space", "racks": "rack",
                "devices": "device", "circuits": "circuit"}[section]
        line = f"line {where.line}" if where.file == (mark.file if mark else where.file) else str(where)
        # one group per failed name, however many entries name it
        self.diag.note(mark, f"{owner}: not checked: {word} {name} has errors ({line})",
                       group=("failed", section, name), label=f"not checked because {word} {name} has errors")
        return True

    # ------------------------------------------------------------ schema
    def schema_check(self, data) -> None:
        """Report schema violations; entries that break the schema are skipped by later stages.

        A value the YAML reader already refused (a tag it does not take) is not reported again."""
        reported = {(d.mark.file, d.mark.line, d.mark.column) for d in self.diag.diagnostics if d.mark is not None}
        for path, mark, message in schema.validate(data):
            group = label = None
            again = mark is not None and (mark.file, mark.line, mark.column) in reported
            nested = len(path) >= 3 and path[0] == telephony_load.SECTION and isinstance(path[2], int)
            if (len(path) >= 2 and isinstance(path[1], int)) or nested:
                section = path[1] if nested else path[0]
                entry = data[path[0]][path[1]][path[2]] if nested else data[path[0]][path[1]]
                self.bad.add(id(entry))
                self.fail({"blocks": "devices", "jumpers": "cables"}.get(section, section), entry,
                          getattr(entry, "mark", mark))
                where = _label(section, entry) + ": "
                group, label = (id(entry), message), where[:-2]
            elif path and path[0] == "site":
                where = "site: "
            else:
                where = ""
            if not again:
                self.diag.error(mark, where + message, group=group, label=label or "")

    def entries(self, data, section):
        items = data.get(section)
        if not isinstance(items, list):
            return
        for i, item in enumerate(items):
            if isinstance(item, dict) and id(item) not in self.bad:
                yield i, item

    # ------------------------------------------------------------ build
    def build(self, docs) -> None:
        inv = self.inventory
        # 1. sites: files that define them first, then files that add to them
        file_site: dict[int, Site] = {}
        for f, data in docs:
            s = data.get("site")
            if isinstance(s, dict) and isinstance(s.get("id"), str):
                if s["id"] in inv.sites:
                    other = inv.sites[s["id"]].mark
                    self.diag.error(data.marks["site"], f"site {s['id']} is defined twice (also at {other})")
                    continue
                method = s.get("fibre_polarity")  # one the schema refused is its error, not every trunk's
                site = Site(id=s["id"], name=s.get("name"), address=s.get("address"),
                            description=s.get("description"),
                            fibre_polarity=method if method in polarity.POLARITY_METHODS else None,
                            wiring=s.get("wiring"), mark=data.marks["site"])
                inv.sites[site.id] = site
                file_site[id(data)] = site
        for f, data in docs:
            s = data.get("site")
            if isinstance(s, str):
                site = inv.sites.get(s)
                if site is None:
                    self.diag.error(data.marks["site"], f"site {s} is not defined in any loaded file"
                                    + did_you_mean(s, inv.sites)
                                    + "; load the file that defines it too, or write the site as a mapping")
                    continue
                file_site[id(data)] = site
        # 2. models named by the files
        for f, data in docs:
            self.refused_models += _load_models(inv.library, f, data, self.diag, self.allow_outside)
        ordered = [(f, data, file_site[id(data)]) for f, data in docs if id(data) in file_site]
        # 3. places, devices, circuits, then cables, each stage across all files
        for f, data, site in ordered:
            building.places(self, data, site)
        for f, data, site in ordered:
            building.pathways(self, data, site)
        for f, data, site in ordered:
            devices.devices(self, data, site)
        telephony_load.load_blocks(self, ordered)
        for site in inv.sites.values():
            for device in site.devices.values():
                inv.devices_by_name.setdefault(device.id, []).append(device)
        placement.check_geometry(self)
        for f, data, site in ordered:
            circuits.circuits(self, data, site)
        for f, data, site in ordered:
            cables.cables(self, data, site)
        telephony_load.load_links(self, ordered)

    def _unique(self, table: dict, key: str, obj, what: str, mark, group=None) -> bool:
        if key in table:
            self.diag.error(mark, f"duplicate {what} id {key} (first defined at {table[key].mark})",
                            group=group, label=f"duplicate {what} ids")
            return False
        table[key] = obj
        return True

    _SECTION = {"floor": "floors", "room": "rooms", "telecom space": "telecom_spaces", "rack": "racks"}

    def _lookup(self, table: dict, key, what: str, owner: str, mark):
        if key is None:
            return None
        found = table.get(key)
        if found is None and not self.failed_note(self._SECTION[what], key, owner, mark):
            self.diag.error(mark, f"{owner}: {what} {key} does not exist" + did_you_mean(key, table))
        return found


__all__ = ["load", "resolve_ref", "site_files", "InputError"]
