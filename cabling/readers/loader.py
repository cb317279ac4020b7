"""Load site files into a validated :class:`~cabling.model.Inventory`.

One run reports every error it can find, each with file, line and column::

    sites/hq.yaml:42:7: cable H-017: port PP-9:3 does not exist (did you mean PP-2A-9:3?)

Stages: read and parse each file (:mod:`cabling.readers.yamlsource`), validate it
against ``schemas/site.schema.json``, then build sites, places, devices (with
every port of their model) and cables, expanding the bulk range notation.
"""
from __future__ import annotations

import os
from pathlib import Path

from .. import polarity, refs
from ..choices import DEFAULT_CABLE_STATUS
from ..diagnostics import Collector, InputError, Mark, close_matches, did_you_mean
from ..gcpause import gc_paused
from ..model import (Cable, Circuit, CircuitTermination, Device, Floor, FloorImage, Inventory, Pathway, Port, Rack,
                     Room, Site, TelecomSpace)
from ..telephony import load as telephony_load
from ..telephony.model import Telephony
from . import connectable, planar, schema, yamlsource
from .devicetypes import Library, default_library

# finding a port by its reference lives in portref (a trace of a cached site needs it, not the loader)
from .portref import _devices, _port_of, resolve_ref  # noqa: F401

# what the CLI needs before (or instead of) a load lives in the small module sitefiles; kept importable from here
from .sitefiles import (ENV_ALLOW_OUTSIDE, SITE_SUFFIXES, allow_outside_paths, is_site_file, outside_paths_allowed,
                        site_files)


#: The most ports one load makes. A campus of 100,000 outlets has about 650,000 (and takes about 0.9 GB to
#: validate); a 70-byte entry `id: 'O-[1-1000000]'` of four-jack outlets would make 8 million (over 10 GB).
MAX_PORTS = 1_000_000


OUTSIDE_HINT = ("; copy it next to the site file (or below it) and name it relative to the file, or allow paths "
                f"outside with --allow-outside-paths ({ENV_ALLOW_OUTSIDE}=1)")


def outside_folder(folder: Path, rel: str) -> bool:
    """Whether ``rel``, named in a site file in ``folder``, leaves it: an absolute path, ``..`` above it, or a
    link that resolves outside it."""
    try:
        folder = folder.resolve()
        return os.path.isabs(rel) or not (folder / rel).resolve().is_relative_to(folder)
    except (OSError, RuntimeError, ValueError):  # a link loop, a NUL byte: nowhere inside the folder
        return True


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
            self.places(data, site)
        for f, data, site in ordered:
            self.pathways(data, site)
        for f, data, site in ordered:
            self.devices(data, site)
        telephony_load.load_blocks(self, ordered)
        for site in inv.sites.values():
            for device in site.devices.values():
                inv.devices_by_name.setdefault(device.id, []).append(device)
        self.check_geometry()
        for f, data, site in ordered:
            self.circuits(data, site)
        for f, data, site in ordered:
            self.cables(data, site)
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

    def places(self, data, site: Site) -> None:
        for i, e in self.entries(data, "floors"):
            fl = Floor(id=e["id"], site=site, name=e.get("name"), level=e.get("level"), height=e.get("height"),
                       outline=_points(e.get("outline")), mark=data["floors"].marks[i])
            if isinstance(e.get("background"), dict):
                fl.background = self.background(e["background"], fl.id, fl.mark)
            self._unique(site.floors, fl.id, fl, "floor", fl.mark)
        for i, e in self.entries(data, "rooms"):
            mark = data["rooms"].marks[i]
            floor = self._lookup(site.floors, e.get("floor"), "floor", f"room {e['id']}", e.marks.get("floor"))
            room = Room(id=e["id"], site=site, floor=floor, name=e.get("name"),
                        polygon=_points(e.get("polygon")), mark=mark)
            self._unique(site.rooms, room.id, room, "room", mark)
        for i, e in self.entries(data, "telecom_spaces"):
            mark = data["telecom_spaces"].marks[i]
            room = self._lookup(site.rooms, e.get("room"), "room", f"telecom space {e['id']}", e.marks.get("room"))
            sp = TelecomSpace(id=e["id"], site=site, room=room, name=e.get("name"), kind=e.get("kind"), mark=mark)
            for j, fid in enumerate(e.get("serves") or ()):
                fl = self._lookup(site.floors, fid, "floor", f"telecom space {e['id']}", yamlsource.mark_of(e["serves"], j))
                if fl is not None:
                    sp.serves.append(fl)
            self._unique(site.spaces, sp.id, sp, "telecom space", mark)
        for i, e in self.entries(data, "racks"):
            mark = data["racks"].marks[i]
            owner = f"rack {e['id']}"
            space = self._lookup(site.spaces, e.get("space"), "telecom space", owner, e.marks.get("space"))
            room = self._lookup(site.rooms, e.get("room"), "room", owner, e.marks.get("room"))
            rack = Rack(id=e["id"], site=site, space=space, room=room or (space.room if space else None),
                        name=e.get("name"), u_height=e.get("u_height", 42), at=_point(e.get("at")), mark=mark)
            self._unique(site.racks, rack.id, rack, "rack", mark)

    def background(self, e, floor_id: str, mark) -> FloorImage | None:
        """The floor's background image, refused when its path leaves the site file's folder (unless allowed)."""
        where = e.marks.get("image", mark) if hasattr(e, "marks") else mark
        folder = Path(mark.file).resolve().parent if mark else Path.cwd()
        rel = e["image"]
        target = (folder / rel).resolve()
        if not self.allow_outside and outside_folder(folder, rel):
            self.diag.error(where, f"floor {floor_id}: background image {rel} is outside the site file's folder"
                            + OUTSIDE_HINT)
            return None
        if not target.is_file():
            self.diag.warning(where, f"floor {floor_id}: background image {rel} does not exist")
        offset = e.get("offset") or (0, 0)
        return FloorImage(str(target), float(e.get("scale", 1.0)), (float(offset[0]), float(offset[1])))

    def pathways(self, data, site: Site) -> None:
        routing = data.get("routing")
        if isinstance(routing, dict):
            site.routing.update({k: float(v) for k, v in routing.items()})
        rules = data.get("rules")
        if isinstance(rules, dict):
            if site.rules_mark is not None:
                self.diag.error(data.marks["rules"], f"site {site.id}: 'rules:' is given twice (also at {site.rules_mark})")
            else:
                site.rules, site.rules_mark = _plain(rules), data.marks["rules"]
        for i, e in self.entries(data, "pathways"):
            mark = data["pathways"].marks[i]
            owner = f"pathway {e['id']}"
            kind = e["kind"]
            pw = Pathway(id=e["id"], site=site, kind=kind, name=e.get("name"), capacity=e.get("capacity"),
                         width_mm=e.get("width_mm"), depth_mm=e.get("depth_mm"), diameter_mm=e.get("diameter_mm"),
                         description=e.get("description"), mark=mark)
            if pw.is_vertical:
                if not self._pathway_keys(e, owner, mark, ("at", "floors"), ("floor", "path"),
                                          f"a {kind} joins floors at one point"):
                    continue
                pw.at = _point(e["at"])
                floors = [self._lookup(site.floors, fid, "floor", owner, yamlsource.mark_of(e["floors"], j))
                          for j, fid in enumerate(e["floors"])]
                if None in floors:
                    continue
                if len({f.id for f in floors}) != len(floors):
                    self.diag.error(e.marks["floors"], f"{owner}: a floor is named twice")
                    continue
                pw.floors = floors
            else:
                if not self._pathway_keys(e, owner, mark, ("floor", "path"), ("at", "floors"),
                                          f"a {kind} is a line on one floor"):
                    continue
                pw.floor = self._lookup(site.floors, e["floor"], "floor", owner, e.marks.get("floor"))
                if pw.floor is None:
                    continue
                pw.path = _points(e["path"])
                if len(set(pw.path)) < 2:
                    self.diag.error(e.marks["path"], f"{owner}: the path needs two different points")
                    continue
            self._unique(site.pathways, pw.id, pw, "pathway", mark)

    def _pathway_keys(self, e, owner, mark, needed, refused, what) -> bool:
        wrong = [k for k in refused if k in e]
        if wrong or any(k not in e for k in needed):
            self.diag.error(e.marks.get(wrong[0]) if wrong else mark,
                            f"{owner}: {what}: give {needed[0]!r} and {needed[1]!r}"
                            + (f", not {' or '.join(repr(k) for k in wrong)}" if wrong else ""))
            return False
        return True

    # ------------------------------------------------------------ devices
    def devices(self, data, site: Site) -> None:
        lib = self.inventory.library
        for i, e in self.entries(data, "devices"):
            try:
                names = refs.expand(e["id"])
            except refs.PatternError as exc:
                self.diag.error(e.marks["id"], f"device {e['id']}: {exc}")
                self.fail("devices", e, e.mark)
                continue
            owner = f"device {e['id']}"
            model = lib.get(e["model"])
            if model is None:
                self.fail("devices", e, e.mark)
                hint = lib.suggest(e["model"])
                if self.refused_models:  # the model may be in what was refused: its error is said once, there
                    where = self.refused_models[0]
                    self.diag.note(e.marks["model"], f"{owner}: not checked: model '{e['model']}' may be in the "
                                   f"models: path refused at {where}", group=("refused models",),
                                   label="not checked because a models: path was refused")
                elif e["model"].lower() in lib.ambiguous:
                    self.diag.error(e.marks["model"], f"{owner}: model name '{e['model']}' is ambiguous{hint}")
                else:
                    self.diag.error(e.marks["model"], f"{owner}: unknown model '{e['model']}'{hint}"
                                    "; use a model slug, or add the model's file under 'models:'")
                continue
            rack = self._lookup(site.racks, e.get("rack"), "rack", owner, e.marks.get("rack"))
            if "u" in e and "rack" not in e:
                self.diag.error(e.marks["u"], f"{owner}: 'u' is a rack unit; give 'rack' too")
            room = self._lookup(site.rooms, e.get("room"), "room", owner, e.marks.get("room"))
            space = self._lookup(site.spaces, e.get("space"), "telecom space", owner, e.marks.get("space"))
            points = self.placements(e, len(names), owner)
            units = e.get("u")
            if isinstance(units, list):
                if len(units) != len(names):
                    self.diag.error(e.marks["u"], f"{owner}: 'u' gives {len(units)} units for {len(names)} devices")
                    self.fail("devices", e, e.mark)
                    continue
            else:
                units = [units] * len(names)
            templates = model.ports
            if self.ports_made + len(names) * len(templates) > MAX_PORTS:
                self.diag.error(e.marks["id"], f"{owner}: {len(names):,} devices of {len(templates):,} ports each "
                                f"would make {self.ports_made + len(names) * len(templates):,} ports in all; cabling "
                                f"loads at most {MAX_PORTS:,} (a campus of 100,000 outlets has about 650,000): check "
                                "the range")
                self.fail("devices", e, e.mark)
                continue
            self.ports_made += len(names) * len(templates)
            role = e.get("role") or model.default_role()
            id_mark = e.marks["id"]
            model.port_tables()  # the mappings and names its devices share
            indexed = list(enumerate(templates))
            # what every device of the entry shares, read once
            face, budget, poe_class = e.get("face", "front"), e.get("poe_budget_w", model.poe_budget_w), e.get("poe_class")
            serial, asset_tag, description = e.get("serial"), e.get("asset_tag"), e.get("description")
            in_room = room or (rack.room if rack else None) or (space.room if space else None)
            in_space = space or (rack.space if rack else None)
            table = site.devices
            for n, name in enumerate(names):
                dev = Device(id=name, site=site, model=model, role=role, rack=rack, u=units[n], face=face, room=in_room,
                             space=in_space, at=points[n] if points else None, poe_budget_w=budget,
                             poe_class=poe_class, serial=serial, asset_tag=asset_tag, description=description,
                             mark=id_mark)
                if name in table:
                    self._unique(table, name, dev, "device", id_mark, group=(id(e), "duplicate"))  # says so
                    continue
                table[name] = dev
                dev.ports = [Port(dev, t, i) for i, t in indexed]
            if rack is not None and e.get("u") is not None:
                self.check_rack_units(rack, [site.devices[n] for n in names if n in site.devices], e.marks["u"])

    def placements(self, e, count: int, owner: str):
        at, along = e.get("at"), e.get("along")
        if at is not None and along is not None:
            self.diag.error(e.marks["along"], f"{owner}: give either 'at' or 'along', not both")
            return None
        if along is not None:
            (x1, y1), (x2, y2) = along
            if count == 1:
                return [((x1 + x2) / 2, (y1 + y2) / 2)]
            return [(x1 + (x2 - x1) * k / (count - 1), y1 + (y2 - y1) * k / (count - 1)) for k in range(count)]
        if at is None:
            return None
        if at and isinstance(at[0], list):  # one point per device
            if len(at) != count:
                self.diag.error(e.marks["at"], f"{owner}: 'at' gives {len(at)} points for {count} devices")
                return None
            return [tuple(p) for p in at]
        return [tuple(at)] * count

    def check_rack_units(self, rack: Rack, devices, mark) -> None:
        for dev in devices:
            height = dev.model.u_height or 0
            if dev.u < 1 or dev.u + height - 1 > rack.u_height:
                self.diag.error(mark, f"device {dev.id}: U{dev.u:g} (height {height:g}U) does not fit "
                                      f"rack {rack.id} of {rack.u_height}U")

    def check_geometry(self) -> None:
        """Rooms inside floors, devices inside rooms, no two devices in one rack unit.

        Plainly good shapes are checked in pure Python (:mod:`cabling.readers.planar`); shapely is
        imported only for the doubtful ones, and decides them.
        """
        for site in self.inventory.sites.values():
            outlines = {}
            for fl in site.floors.values():
                if fl.outline:
                    shape = _shape(fl.outline)
                    if shape is None:
                        self.diag.error(fl.mark, f"floor {fl.id}: outline is not a valid polygon "
                                                 f"({_invalid_reason(fl.outline)})")
                        continue
                    outlines[fl.id] = shape
            room_polys = {}
            for room in site.rooms.values():
                if not room.polygon:
                    continue
                shape = _shape(room.polygon)
                if shape is None:
                    self.diag.error(room.mark, f"room {room.id}: polygon is not valid ({_invalid_reason(room.polygon)})")
                    continue
                room_polys[room.id] = shape
                outline = outlines.get(room.floor.id) if room.floor else None
                if outline is not None and not _holds_ring(outline, room.polygon):
                    self.diag.error(room.mark, f"room {room.id}: polygon reaches outside floor {room.floor.id}'s outline")
            by_room: dict[str, list[Device]] = {}
            units: dict[tuple[str, int], Device] = {}
            for dev in site.devices.values():
                if dev.at is not None and dev.room is not None and dev.room.id in room_polys:
                    by_room.setdefault(dev.room.id, []).append(dev)
                if dev.rack is not None and dev.u is not None and dev.model.u_height:
                    # a full-depth device takes both faces of its units; a half-depth one, its own face
                    faces = ("front", "rear") if dev.model.is_full_depth else (dev.face,)
                    clash = None
                    for half in range(int(dev.u * 2), int((dev.u + dev.model.u_height) * 2)):
                        for face in faces:
                            other = units.get((dev.rack.id, half, face))
                            if other is not None and other is not dev and clash is None:
                                clash = (half / 2, other)  # the lowest unit they share
                            units[dev.rack.id, half, face] = dev
                    if clash is not None:
                        self.diag.error(dev.mark, f"device {dev.id}: U{clash[0]:g} of rack {dev.rack.id} "
                                                  f"is taken by {clash[1].id}")
            for room_id, devs in by_room.items():
                for dev, ok in zip(devs, _hold_points(room_polys[room_id], [d.at for d in devs])):
                    if not ok:
                        self.diag.error(dev.mark, f"device {dev.id}: position ({dev.at[0]:g}, {dev.at[1]:g}) "
                                                  f"is outside room {room_id}")

    # ------------------------------------------------------------ circuits
    def circuits(self, data, site: Site) -> None:
        table = self.inventory.circuits
        for i, e in self.entries(data, "circuits"):
            mark = e.marks["id"]
            c = Circuit(id=e["id"], site=site, provider=e.get("provider"), type=e.get("type"),
                        status=e.get("status", "active"), description=e.get("description"), mark=mark)
            if not self._unique(table, c.id, c, "circuit", mark):
                continue
            for side in ("a", "z"):
                t = e.get(side)
                if t is None:
                    continue
                places = [(k, t[k]) for k in ("site", "location", "region", "provider_network") if k in t]
                if len(places) > 1:
                    self.diag.error(e.marks[side], f"circuit {c.id}: side {side.upper()} names "
                                                   f"{' and '.join(k for k, _ in places)}; give one")
                    continue
                ends_at = (places[0][0].replace("_", "-"), places[0][1]) if places else None
                term = CircuitTermination(c, side.upper(), ends_at=ends_at, port_speed=t.get("port_speed"),
                                          xconnect_id=t.get("xconnect_id"), description=t.get("description"))
                setattr(c, side, term)

    # ------------------------------------------------------------ cables
    def cables(self, data, site: Site) -> None:
        for i, e in self.entries(data, "cables"):
            try:
                ids = refs.expand(e["id"])
                ends = {k: self.expand_end(e[k]) for k in ("a", "b")}
                labels = refs.expand(e["label"]) if "label" in e else [None]
            except refs.PatternError as exc:
                self.diag.error(e.mark, f"cable {e['id']}: {exc}")
                self.fail("cables", e, e.mark)
                continue
            n = len(ids)
            bulk = n > 1
            owner = f"cable {e['id']}"
            ok = True
            for k in ("a", "b"):
                if isinstance(ends[k], list) and len(ends[k]) not in (1, n):
                    self.diag.error(e.marks[k], f"{owner}: end {k} names {len(ends[k])} ports for {n} cables")
                    ok = False
                elif isinstance(ends[k], tuple) and bulk:
                    self.diag.error(e.marks[k], f"{owner}: an end with several ports cannot be combined with "
                                                "a range of cable ids; write those cables one by one")
                    ok = False
            if len(labels) not in (1, n):
                self.diag.error(e.marks["label"], f"{owner}: label gives {len(labels)} labels for {n} cables")
                ok = False
            lengths = e.get("length")
            if isinstance(lengths, list):
                if len(lengths) != n:
                    self.diag.error(e.marks["length"], f"{owner}: length gives {len(lengths)} values for {n} cables")
                    ok = False
            else:
                lengths = [lengths] * n
            if not ok:
                continue
            marks = e.marks
            mark_a, mark_b, id_mark = marks["a"], marks["b"], marks["id"]
            ctype, status, color = e.get("type"), e.get("status", DEFAULT_CABLE_STATUS), e.get("color")
            pairs, description = e.get("pairs"), e.get("description")
            test = dict(e["test"]) if "test" in e else None
            cable_polarity = e.get("fibre_polarity")
            end_a, end_b = ends["a"], ends["b"]
            # one port per cable at both ends (the common case): found by _quick, else by resolve_end with its error
            single = end_a.__class__ is list and end_b.__class__ is list
            quick_a = _quick(end_a, site.devices) if single else None
            quick_b = _quick(end_b, site.devices) if single else None
            fine, table = self._connectable, site.cables
            from_entry = f" (from {e['id']})" if bulk else ""
            for j, cid in enumerate(ids):
                a = b = None
                if single:
                    pa = quick_a[j if len(quick_a) > 1 else 0]
                    pb = quick_b[j if len(quick_b) > 1 else 0]
                    a = None if pa is None else (pa,)
                    b = None if pb is None else (pb,)
                if a is None or b is None:
                    name = f"cable {cid}{from_entry}"
                    if a is None:
                        a = self.resolve_end(end_a, j, site, name, mark_a, group=(id(e), "a"), label=f"{owner} end a")
                    if b is None:
                        b = self.resolve_end(end_b, j, site, name, mark_b, group=(id(e), "b"), label=f"{owner} end b")
                cable = Cable(cid, site, a or (), b or (), ctype, lengths[j], status, color,
                              labels[j] if len(labels) == n else labels[0], pairs, description, id_mark,
                              test=test, fibre_polarity=cable_polarity)
                if cid in table:
                    self._unique(table, cid, cable, "cable", id_mark, group=(id(e), "duplicate"))  # says so
                    continue
                table[cid] = cable
                if a is None or b is None:
                    continue
                # which port types a cable type may join depends on the templates alone: a pair found
                # connectable is not asked again (a campus has thousands of cables of a few kinds)
                pair = (ctype, id(a[0].template), id(b[0].template)) if len(a) == 1 == len(b) else None
                why = None if pair in fine else connectable.problem(ctype, a, b, self.inventory.ref)
                if why is None and pair is not None:
                    fine.add(pair)
                if why is None and a[0].template.kind == "rear" == b[0].template.kind:
                    why = _trunk_problem(cable)
                if why is not None:
                    self.diag.error(id_mark, f"cable {cid}{from_entry}: {why}", group=(id(e), "connectable"),
                                    label=owner)
                    continue
                pa, pb = a[0], b[0]
                if pair is not None and pa.cable is None and pb.cable is None and pa is not pb:
                    pa.cable, pa.end, pb.cable, pb.end = cable, "A", cable, "B"  # what attach does, without a problem
                else:
                    self.attach(cable, f"cable {cid}{from_entry}", mark_a, mark_b, group=(id(e), "used"), label=owner)

    @staticmethod
    def expand_end(value):
        """A scalar end expands to one port per cable (a list); a list end is one cable's ports (a tuple).

        A circuit termination end ({circuit, side}) stays a mapping.
        """
        if isinstance(value, dict):
            return value
        if isinstance(value, list):
            return tuple(p for item in value for p in refs.expand(item))
        return refs.expand(value)

    def resolve_end(self, end, j, site, owner, mark, group=None, label=""):
        if isinstance(end, dict):  # a circuit termination
            circuit = self.inventory.circuits.get(end["circuit"])
            if circuit is None:
                if not self.failed_note("circuits", end["circuit"], owner, mark):
                    self.diag.error(mark, f"{owner}: circuit {end['circuit']} does not exist"
                                    + did_you_mean(end["circuit"], self.inventory.circuits), group=group, label=label)
                return None
            term = circuit.side(end["side"])
            if term is None:  # a side that is only cabled needs no description of its own
                term = CircuitTermination(circuit, end["side"])
                setattr(circuit, end["side"].lower(), term)
            return (term,)
        if not isinstance(end, tuple):  # one port
            port = self.resolve(end[j] if len(end) > 1 else end[0], site, owner, mark, group, label)
            return None if port is None else (port,)
        texts = end
        ports = []
        for text in texts:
            port = self.resolve(text, site, owner, mark, group, label)
            if port is None:
                return None
            ports.append(port)
        devices = {p.device for p in ports}
        kinds = {p.kind for p in ports}
        if len(devices) > 1 or len(kinds) > 1:
            self.diag.error(mark, f"{owner}: the ports of one cable end must be of one kind on one device "
                                  f"({', '.join(texts)})")
            return None
        if len(set(map(id, ports))) != len(ports):
            self.diag.error(mark, f"{owner}: a port is named twice at one end ({', '.join(texts)})")
            return None
        return tuple(ports)

    def resolve(self, text: str, site: Site, owner: str, mark, group=None, label="") -> Port | None:
        # past the cap of its group an error is only counted: skip working out what it would say
        port, problem = resolve_ref(self.inventory, text, site, explain=not self.diag.full(group))
        if port is None:
            for site_id, dev_name, _ in (refs.readings(text) if self.failed else ()):
                if not _devices(self.inventory, site_id, dev_name, site) and \
                        self.failed_note("devices", dev_name, owner, mark):
                    return None
            self.diag.error(mark, f"{owner}: {problem}", group=group, label=label)
        return port

    def attach(self, cable: Cable, owner: str, mark_a, mark_b, group=None, label="") -> None:
        for end, ports, mark in (("A", cable.a, mark_a), ("B", cable.b, mark_b)):
            for p in ports:
                if p.cable is not None:
                    other = p.cable
                    where = f" at {other.mark}" if other.mark else ""
                    self.diag.error(mark, f"{owner}: port {self.inventory.ref(p)} is already used by cable "
                                          f"{other.id}{where}", group=group, label=label)
                    continue
                p.cable, p.end = cable, end
        if len(cable.a) == 1 == len(cable.b):
            same = cable.a[0] is cable.b[0]
        else:
            same = bool(set(map(id, cable.a)) & set(map(id, cable.b)))
        if same:
            self.diag.error(cable.mark, f"{owner}: both ends are the same port")


def _quick(texts: list, devices: dict) -> list:
    """For each text, the port it names among ``devices`` when written plainly ``DEVICE:PORT`` (the common case),
    else None: what :func:`~cabling.readers.portref.resolve_ref` finds first, without its readings and explanations."""
    out = []
    last_name = dev = table = None
    for text in texts:
        found = None
        if text.count(":") == 1 and '"' not in text:
            dev_name, _, port_name = text.partition(":")
            if dev_name != last_name:  # a bulk end names one device's ports in a row
                last_name, dev = dev_name, devices.get(dev_name)
                table = None if dev is None else (dev.model._tables or dev.model.port_tables())[2]
            if dev is not None:
                i = table.get(port_name)
                if i.__class__ is int:
                    found = dev.ports[i]
        out.append(found)
    return out


def _trunk_problem(cable: Cable) -> str | None:
    """Why the polarity method of a trunk (multi-position rear port to multi-position rear port) cannot apply."""
    a, b = cable.a[0], cable.b[0]
    if a.kind == b.kind == "rear" and a.positions > 1 and b.positions > 1:
        return polarity.problem(polarity.method(cable), a.positions, b.positions)
    return None


def _plain(value):
    """A YAML mapping or list as plain dicts and lists (no positions)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


# Tolerance of the placement checks: a room may overhang its floor, a device its room, by 1 cm.
_TOLERANCE_M = 0.01


class _Shape:
    """A valid polygon: planar's when it is plainly simple, else shapely's (grown by the tolerance)."""

    __slots__ = ("points", "planar", "grown")

    def __init__(self, points, simple: bool):
        self.points = points
        self.planar = planar.Polygon(points) if simple else None
        self.grown = None

    def shapely_grown(self):
        if self.grown is None:
            import shapely

            self.grown = shapely.Polygon(self.points).buffer(_TOLERANCE_M)
            shapely.prepare(self.grown)
        return self.grown


def _shape(points) -> _Shape | None:
    """The polygon through ``points``, or None when it is not valid."""
    if planar.is_simple(points):
        return _Shape(points, True)
    import shapely

    return _Shape(points, False) if shapely.Polygon(points).is_valid else None


def _invalid_reason(points) -> str:
    import shapely

    return shapely.is_valid_reason(shapely.Polygon(points))


def _holds_ring(shape: _Shape, points) -> bool:
    if shape.planar is not None and planar.is_simple(points) and shape.planar.covers_ring(points, _TOLERANCE_M):
        return True
    import shapely

    return shape.shapely_grown().contains(shapely.Polygon(points))


def _hold_points(shape: _Shape, points) -> list[bool]:
    """Whether each point lies in the shape grown by the tolerance."""
    if shape.planar is not None:
        found = [shape.planar.covers(p, _TOLERANCE_M) for p in points]
    else:
        found = [None] * len(points)
    doubtful = [i for i, ok in enumerate(found) if ok is None]
    if doubtful:
        import shapely

        inside = shapely.contains_xy(shape.shapely_grown(), [points[i][0] for i in doubtful],
                                     [points[i][1] for i in doubtful])
        for i, ok in zip(doubtful, inside):
            found[i] = bool(ok)
    return found


def _point(p):
    return (p[0], p[1]) if p else None


def _points(ps):
    return [(p[0], p[1]) for p in ps] if ps else None


__all__ = ["load", "resolve_ref", "site_files", "InputError"]
