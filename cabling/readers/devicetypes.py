"""Device models in NetBox's devicetype-library format.

Both generations of the format load unchanged:

* legacy (NetBox up to 4.4): each front port names its ``rear_port`` and
  ``rear_port_position`` (default 1);
* port mappings (NetBox 4.5 and later): front ports carry ``positions`` and a
  top-level ``port-mappings:`` list maps (front_port, front_port_position) to
  (rear_port, rear_port_position).

cabling adds a few fields NetBox has none for (documented in
``schemas/devicetype.schema.json``): ``role`` (default role of devices of the
model), ``poe_budget_w`` (a switch's total PoE budget in watts) and, on an
interface, ``poe_class`` (the IEEE 802.3 class a powered device draws).
"""
from __future__ import annotations

import os
from pathlib import Path

from ..choices import DEVICE_ROLES, PORT_SECTIONS
from ..diagnostics import Collector, Mark, did_you_mean
from ..model import DeviceType, PortTemplate

CATALOGUE_DIR = Path(__file__).parent.with_name("catalogue")


class DeviceTypeError(ValueError):
    pass


def _int(value, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise DeviceTypeError(f"{what} must be a whole number, not {value!r}")
    try:
        return int(value)
    except ValueError:
        raise DeviceTypeError(f"{what} must be a whole number, not {value!r}") from None


def parse_device_type(data, source: str) -> DeviceType:
    """Build a :class:`DeviceType` from one parsed devicetype-library document."""
    if not isinstance(data, dict):
        raise DeviceTypeError("a device type must be a mapping with 'manufacturer' and 'model'")
    for key in ("manufacturer", "model"):
        if not data.get(key) and data.get(key) != 0:
            raise DeviceTypeError(f"'{key}' is missing")
    manufacturer, model = str(data["manufacturer"]), str(data["model"])
    slug = str(data.get("slug") or _slugify(f"{manufacturer} {model}"))
    role = data.get("role")
    if role is not None and role not in DEVICE_ROLES:
        raise DeviceTypeError(f"role '{role}' is not one of {', '.join(DEVICE_ROLES)}")
    dt = DeviceType(
        slug=slug, manufacturer=manufacturer, model=model, source=source,
        u_height=data.get("u_height", 1) or 0, role=role,
        poe_budget_w=data.get("poe_budget_w"), part_number=data.get("part_number"),
        is_full_depth=data.get("is_full_depth", True) is not False,
    )
    seen: dict[tuple[str, str], bool] = {}
    rear_positions: dict[str, int] = {}
    legacy_fronts = []
    for section, kind in PORT_SECTIONS.items():
        items = data.get(section) or []
        if not isinstance(items, list):
            raise DeviceTypeError(f"'{section}' must be a list")
        for item in items:
            if not isinstance(item, dict) or "name" not in item:
                raise DeviceTypeError(f"an entry of '{section}' has no name")
            name = str(item["name"])
            if (kind, name) in seen:
                raise DeviceTypeError(f"{section}: '{name}' is defined twice")
            seen[kind, name] = True
            positions = _int(item.get("positions", 1), f"{section} '{name}' positions")
            if positions < 1:
                raise DeviceTypeError(f"{section} '{name}' needs at least one position")
            poe_class = item.get("poe_class")
            if poe_class is not None:
                poe_class = _int(poe_class, f"{section} '{name}' poe_class")
            dt.ports.append(PortTemplate(
                name=name, kind=kind, type=item.get("type"), positions=positions,
                poe_mode=item.get("poe_mode"), poe_type=item.get("poe_type"), poe_class=poe_class,
                mgmt_only=bool(item.get("mgmt_only", False)), maximum_draw=item.get("maximum_draw"),
            ))
            if kind == "rear":
                rear_positions[name] = positions
            elif kind == "front" and "rear_port" in item:
                legacy_fronts.append((name, str(item["rear_port"]),
                                      _int(item.get("rear_port_position", 1), f"front port '{name}' rear_port_position")))
    fronts = {p.name: p for p in dt.ports if p.kind == "front"}
    for front, rear, rpos in legacy_fronts:
        dt.mappings.append((front, 1, rear, rpos))
    for item in data.get("port-mappings") or []:
        try:
            dt.mappings.append((str(item["front_port"]), _int(item.get("front_port_position", 1), "front_port_position"),
                                str(item["rear_port"]), _int(item.get("rear_port_position", 1), "rear_port_position")))
        except (KeyError, TypeError):
            raise DeviceTypeError("each port-mappings entry needs front_port and rear_port") from None
    taken: dict[tuple[str, int], str] = {}
    for front, fpos, rear, rpos in dt.mappings:
        if front not in fronts:
            raise DeviceTypeError(f"port mapping names front port '{front}', which is not defined")
        if rear not in rear_positions:
            raise DeviceTypeError(f"front port '{front}' maps to rear port '{rear}', which is not defined"
                                  + did_you_mean(rear, rear_positions))
        if not 1 <= rpos <= rear_positions[rear]:
            raise DeviceTypeError(f"front port '{front}' maps to position {rpos} of rear port '{rear}', "
                                  f"which has {rear_positions[rear]} position(s)")
        if not 1 <= fpos <= fronts[front].positions:
            raise DeviceTypeError(f"port mapping uses position {fpos} of front port '{front}', "
                                  f"which has {fronts[front].positions} position(s)")
        if (rear, rpos) in taken:
            raise DeviceTypeError(f"position {rpos} of rear port '{rear}' is mapped twice "
                                  f"(front ports '{taken[rear, rpos]}' and '{front}')")
        taken[rear, rpos] = front
    return dt


def _slugify(text: str) -> str:
    out = "".join(c.lower() if c.isalnum() else "-" for c in text)
    while "--" in out:
        out = out.replace("--", "-")
    return out.strip("-")


# Keys of the devicetype-library format that hold numbers or booleans; every
# other scalar keeps its exact text (a port called 010 stays "010", not 8).
NUMBER_KEYS = frozenset({"u_height", "weight", "positions", "rear_port_position", "front_port_position",
                         "poe_class", "maximum_draw", "allocated_draw", "poe_budget_w"})
BOOL_KEYS = frozenset({"is_full_depth", "is_powered", "mgmt_only", "poe", "enabled"})


def load_file(path: str | os.PathLike) -> list[DeviceType]:
    """Every device type in one YAML file (a file may hold several documents)."""
    path = str(path)
    from . import yamlsource

    diag = Collector()
    text = yamlsource.read_text(path, diag)
    return _load_docs(text, path, diag)


def load_text(text: str, source: str) -> list[DeviceType]:
    """Every device type in YAML ``text`` that came from ``source`` (e.g. a file of the built-in library)."""
    return _load_docs(text, source, Collector())


def _load_docs(text: str | None, path: str, diag: Collector) -> list[DeviceType]:
    from . import yamlsource  # not at the top: a site read back from the cache needs no YAML reader

    docs = [] if text is None else yamlsource.load_all(text, path, diag, NUMBER_KEYS, BOOL_KEYS)
    if diag.errors:
        d = diag.errors[0]
        where = f"line {d.mark.line}: " if d.mark else ""
        raise DeviceTypeError(where + d.message.removeprefix(f"{path}: "))
    return [parse_device_type(d, path) for d in docs if d is not None]


def model_files(path: str | os.PathLike) -> list[Path]:
    p = Path(path)
    if p.is_dir():
        return sorted(q for q in p.rglob("*") if q.suffix in (".yaml", ".yml") and q.is_file())
    return [p]


class Library:
    """The device types a site can use, in order of precedence: the site's own files and folders
    (``models:``), the generic catalogue, then NetBox's devicetype-library built into cabling
    (:mod:`cabling.library.bundle`), looked up by slug, 'Manufacturer/Model' or a unique part number.
    """

    def __init__(self) -> None:
        self.by_slug: dict[str, DeviceType] = {}
        self.by_key: dict[str, DeviceType] = {}
        # 'manufacturer/model' names that several files use (e.g. Juniper MX304 and MX304-BASE)
        self.ambiguous: dict[str, set[str]] = {}
        self._loaded: set[str] = set()
        # files of large folders not read yet: real path -> (path, diagnostics, mark)
        self._pending: dict[str, tuple] = {}
        self._by_guess: dict[str, list[str]] = {}  # slug guessed from 'Manufacturer/File' -> real paths
        self._by_folder: dict[str, list[str]] = {}  # manufacturer folder slug -> real paths
        self.builtin = True  # fall back on the built-in devicetype-library
        self._builtin: dict[str, DeviceType] = {}  # built-in models read so far, by slug
        self.paths: list[str] = []  # the files and folders given to load_path (what a cached load depends on)

    def __getstate__(self):
        """A pickle without the diagnostics of files not read yet (their reports went with the load)."""
        state = dict(self.__dict__)
        state["_pending"] = {real: (f, Collector(), mark) for real, (f, _, mark) in self._pending.items()}
        return state

    def add(self, dt: DeviceType, diag: Collector | None = None, mark: Mark | None = None) -> None:
        old = self.by_slug.get(dt.slug)
        if old is not None and old.source != dt.source:
            if diag is not None:
                diag.error(mark or Mark(dt.source, 1, 1),
                           f"model '{dt.slug}' is defined twice ({old.source} and {dt.source})")
            return
        self.by_slug[dt.slug] = dt
        key = dt.key.lower()
        other = self.by_key.get(key)
        if other is not None and other is not dt and other.slug != dt.slug:
            self.ambiguous.setdefault(key, {other.slug}).add(dt.slug)
        self.by_key[key] = dt

    def load_path(self, path, diag: Collector, mark: Mark | None = None, within: Path | None = None) -> int:
        """Make the models in a file or folder available.

        With ``within`` (a resolved folder), a file of the folder that is a link resolving outside it is
        refused (one error at ``mark``) and not read; returns how many were.

        A large folder (NetBox's whole devicetype-library has 4,449 files) is only
        indexed by file name here; a file is read when a site asks for a model
        that file may hold (see :meth:`get`), so a site that uses three models of
        the library does not pay for reading all of them.
        """
        p = Path(path)
        self.paths.append(str(p.resolve()))
        if not p.exists():
            diag.error(mark, f"model path {path} does not exist")
            return 0
        files = model_files(p)
        lazy = p.is_dir() and len(files) > LAZY_FOLDER_FILES
        outside = []
        for f in files:
            real = str(f.resolve())
            if within is not None and not Path(real).is_relative_to(within):
                outside.append(f)
                continue
            if real in self._loaded or real in self._pending:
                continue
            if lazy:
                self._pending[real] = (f, diag, mark)
                self._by_guess.setdefault(_slugify(f"{f.parent.name} {f.stem}"), []).append(real)
                self._by_folder.setdefault(_slugify(f.parent.name), []).append(real)
            else:
                self._read(real, f, diag, mark)
        if outside:
            more = f" and {len(outside) - 1} more" if len(outside) > 1 else ""
            diag.error(mark, f"model path {path}: {outside[0]}{more} is a link to a file outside the site file's "
                             "folder; copy the file in, or allow paths outside with --allow-outside-paths "
                             "(CABLING_ALLOW_OUTSIDE_PATHS=1)")
        return len(outside)

    def _read(self, real: str, f: Path, diag: Collector, mark: Mark | None) -> None:
        self._loaded.add(real)
        self._pending.pop(real, None)
        try:
            for dt in load_file(f):
                self.add(dt, diag, mark)
        except DeviceTypeError as exc:
            diag.error(Mark(str(f), 1, 1), f"device type: {exc}")

    def _read_pending(self, reals) -> None:
        for real in list(reals):
            entry = self._pending.get(real)
            if entry is not None:
                self._read(real, *entry)

    def _lookup(self, name: str) -> DeviceType | None:
        found = self.by_slug.get(name)
        if found is None and name.lower() not in self.ambiguous:
            found = self.by_key.get(name.lower())
        return found

    def get(self, name: str) -> DeviceType | None:
        if self._pending:
            if "/" in name:  # Manufacturer/Model: read that manufacturer's files, to see every model of that name
                self._read_pending(self._by_folder.get(_slugify(name.split("/", 1)[0]), ()))
            else:
                self._read_pending(self._by_guess.get(_slugify(name), ()))
        found = self._lookup(name)
        if found is None and self._pending:  # the file is named otherwise: read them all
            self._read_pending(self._pending)
            found = self._lookup(name)
        if found is None and self.builtin and name.lower() not in self.ambiguous:
            found = self._get_builtin(name)
        return found

    def _get_builtin(self, name: str) -> DeviceType | None:
        """A model of the built-in library by slug, 'Manufacturer/Model' or part number, when it means one."""
        from ..library.bundle import bundle

        members = bundle().find(name)
        if len(members) != 1:
            if members:  # several models share that name or part number
                self.ambiguous[name.lower()] = {m.slug for m in members}
            return None
        member = members[0]
        dt = self._builtin.get(member.slug)
        if dt is None:
            [dt] = load_text(bundle().text(member), member.source)
            self._builtin[member.slug] = dt
        return dt

    def own_models(self) -> list[DeviceType]:
        """Every model of the site's files and folders and of the catalogue (not the built-in library)."""
        self._read_pending(self._pending)
        return list(self.by_slug.values())

    def suggest(self, name: str) -> str:
        """`` (did you mean ...)`` with the closest names of the site's models, the catalogue and the built-in library."""
        self._read_pending(self._pending)
        slugs = self.ambiguous.get(name.lower())
        if slugs:
            return f" (several models are called that; use a slug: {', '.join(sorted(slugs))})"
        if "/" in name:  # Manufacturer/Model
            names = {dt.key for dt in self.by_slug.values()}
            if self.builtin:
                from ..library.bundle import bundle

                names.update(m.key for m in bundle().members if m.slug)
        else:
            names = set(self.by_slug)
            if self.builtin:
                from ..library.bundle import bundle

                names.update(bundle().by_slug)
                names.update(p for m in bundle().members if (p := m.part_number) and len(bundle().find(p)) == 1)
        return did_you_mean(name, sorted(names))


# A models folder with more files than this is read lazily, file by file as models are asked for.
LAZY_FOLDER_FILES = 50


_CATALOGUE: list[DeviceType] | None = None


def catalogue() -> list[DeviceType]:
    """The generic models shipped with cabling."""
    global _CATALOGUE
    if _CATALOGUE is None:
        _CATALOGUE = [dt for f in model_files(CATALOGUE_DIR) for dt in load_file(f)]
    return _CATALOGUE


def default_library() -> Library:
    lib = Library()
    for dt in catalogue():
        lib.add(dt)
    return lib
