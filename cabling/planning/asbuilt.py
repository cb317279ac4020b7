"""As-built: merge an installed plan into the user's site files (``cabling apply SITE... PLAN``).

:func:`merge_files` is pure (texts in, texts out): it allocates the plan on the site as it was
planned (``base``, default the site now), checks the allocation against the site as it is now, and
edits the site's texts (:mod:`cabling.writers.yamledit`: only the lines it changes) so that

* the planned devices and cables are in the files, installed, each cable with the tester's
  result where the tester's export gives one (``test: {result, length, date}``);
* the plan's changes are made: a moved outlet's ``at``/``room``, a re-pulled cable's length, a
  decommissioned cable's status; a removed outlet's cables are decommissioned, not deleted (a
  contractor leaves them in the ceiling until they are recovered), so the outlet stays in the file
  where they end, its description saying it was removed.

A change is made in the file that defines what it changes. A new device goes into the file that
holds the devices of its rack or room already (else the file that defines the rack or room); a new
cable into the file holding the cables of its ends' racks and rooms (else the file of its first
end's device); a telephony entry into the file with the most entries of its list.

What conflicts with the site now is refused, never overwritten (:class:`Applied.conflicts`): a
planned id that exists now, a planned port that is now taken, a device or cable the plan changes
whose value is not what the plan saw, a plan already applied, and a plan whose ``site_digest``
is not the base's. The result is loaded again, and compared with the site now: it must differ
by exactly the plan, or nothing is written.

:func:`read_results` reads a cable tester's CSV export; :func:`write_sites` replaces the files
under an exclusive lock, each atomically, and only if every one is still what was read
(compare-and-swap).
"""
from __future__ import annotations

import csv
import datetime as dt
import glob
import io
import os
import re
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ..analysis.sitediff import SiteDiff, Source, diff, load_texts, text_digest
from ..diagnostics import Diagnostic, InputError, Mark
from ..writers.yamledit import SiteText, member, members, run

#: Environment variable: seconds ``write_site`` waits with the new file written, before the rename (tests
#: kill the writer there).
PAUSE_ENV = "CABLING_APPLY_PAUSE_BEFORE_RENAME"
#: Environment variable: seconds to wait for another writer's lock (default 60).
LOCK_TIMEOUT_ENV = "CABLING_APPLY_LOCK_TIMEOUT"


# ------------------------------------------------------------------ tester results
@dataclass(frozen=True)
class TestResult:
    link: str  # the tester's cable id: a link's label or cable id
    result: str  # 'pass' or 'fail'
    length: float | None
    date: str | None  # YYYY-MM-DD
    mark: Mark

    def entry(self) -> dict:
        out = {"result": self.result}
        if self.length is not None:
            out["length"] = self.length
        if self.date is not None:
            out["date"] = self.date
        return out


_COLUMNS = {
    "link": ("cable id", "cable", "id", "link", "link id", "link label", "cable label", "label", "circuit id"),
    "result": ("result", "status", "test result", "overall result", "summary", "pass/fail"),
    "length": ("length (m)", "length(m)", "length m", "length", "length (ft)", "length(ft)", "length ft",
               "length (feet)"),
    "date": ("date", "date/time", "date time", "datetime", "test date", "date tested", "time"),
}
_PASS = {"pass", "passed", "ok", "pass*"}
_FAIL = {"fail", "failed", "fail*"}


def _norm(name: str) -> str:
    return re.sub(r"\s+", " ", name.strip().strip('"').lower())


def read_results(path) -> list[TestResult]:
    """The rows of a cable tester's CSV export (Fluke LinkWare-style): link id, result, length, date.

    Column names in any case (``Cable ID``/``ID``/``Link``, ``Result``/``Status``, ``Length (m)``/``Length``
    (``Length (ft)`` is converted), ``Date``/``Date/Time``); ``,``, ``;`` or tab between fields; UTF-8 with
    or without a byte-order mark. Lines above the header (a tester's title lines) are skipped. Raises
    :class:`InputError` at the line and column of what cannot be read.
    """
    name = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise InputError([Diagnostic(None, f"{name}: cannot be read: {exc.strerror}", "fatal")]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise InputError([Diagnostic(Mark(name, line, 1), "the tester's export is not UTF-8 text; export it as "
                                                          "UTF-8 CSV", "fatal")]) from None
    lines = text.splitlines()
    header_at, delim, cols = None, ",", {}
    for i, line in enumerate(lines[:50]):
        d = max((";", ",", "\t"), key=line.count)
        names = [_norm(x) for x in next(csv.reader([line], delimiter=d))]
        found = {}
        for key, options in _COLUMNS.items():
            for opt in options:  # the first option the header has wins (Cable ID over Label)
                if opt in names:
                    found[key] = names.index(opt)
                    break
        if "link" in found and "result" in found:
            header_at, delim, cols = i, d, found
            feet = "ft" in names[found["length"]] or "feet" in names[found["length"]] if "length" in found else False
            break
    if header_at is None:
        raise InputError([Diagnostic(Mark(name, 1, 1), "no header row with a cable id column (Cable ID, ID or Link) "
                                                       "and a result column (Result or Status)", "fatal")])
    out, problems = [], []
    for n, row in enumerate(csv.reader(io.StringIO("\n".join(lines[header_at + 1:])), delimiter=delim)):
        line = header_at + 2 + n
        if not any(cell.strip() for cell in row):
            continue

        def cell(key):
            k = cols.get(key)
            return row[k].strip() if k is not None and k < len(row) else ""

        def col(key):
            return cols.get(key, 0) + 1

        link, result = cell("link"), cell("result").lower()
        if not link:
            problems.append(Diagnostic(Mark(name, line, col("link")), "row without a cable id"))
            continue
        if result in _PASS:
            result = "pass"
        elif result in _FAIL:
            result = "fail"
        else:
            problems.append(Diagnostic(Mark(name, line, col("result")), f"link {link}: result '{cell('result')}' "
                                                                        "is neither PASS nor FAIL"))
            continue
        length = None
        if cell("length"):
            length = _length(cell("length"), feet)
            if length is None:
                problems.append(Diagnostic(Mark(name, line, col("length")),
                                           f"link {link}: length '{cell('length')}' is not a number of metres"))
                continue
        date = None
        if cell("date"):
            date = _date(cell("date"))
            if date is None:
                problems.append(Diagnostic(Mark(name, line, col("date")), f"link {link}: date '{cell('date')}' is not "
                                           "a date (2027-02-20, 02/20/2027 or 20.02.2027, a time may follow)"))
                continue
        out.append(TestResult(link, result, length, date, Mark(name, line, col("link"))))
    if problems:
        raise InputError(problems)
    return out


def _length(text: str, feet: bool) -> float | None:
    m = re.fullmatch(r"([0-9]+(?:[.,][0-9]+)?)\s*(m|ft|')?", text.strip().lower())
    if m is None:
        return None
    value = float(m.group(1).replace(",", "."))
    if feet or m.group(2) in ("ft", "'"):
        value *= 0.3048
    return round(value, 1)


def _date(text: str) -> str | None:
    day = text.strip().split()[0].split("T")[0]
    for fmt in ("%Y-%m-%d", "%Y/%m/%d", "%d.%m.%Y", "%d.%m.%y"):
        try:
            return dt.datetime.strptime(day, fmt).date().isoformat()
        except ValueError:
            pass
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{2,4})", day)
    if m:  # LinkWare writes the US order (month/day); a first number over 12 can only be a day
        a, b, y = (int(x) for x in m.groups())
        month, dom = (b, a) if a > 12 else (a, b)
        try:
            return dt.date(y + 2000 if y < 100 else y, month, dom).isoformat()
        except ValueError:
            return None
    return None


# ------------------------------------------------------------------ the merge
@dataclass(frozen=True)
class SiteFile:
    """One file of the site as it is now."""

    path: Path
    text: str
    name: str  # as marks name it (the path as given)


@dataclass
class Applied:
    plan: str
    site: str  # the site files' names
    texts: dict[str, str] = field(default_factory=dict)  # file name -> its new text, for each file that changes
    devices: list[str] = field(default_factory=list)  # ids added
    cables: list[str] = field(default_factory=list)
    extensions: list[str] = field(default_factory=list)  # telephony extension numbers added
    changes: list[str] = field(default_factory=list)  # what was changed, one line each
    passed: list[str] = field(default_factory=list)  # planned cables whose test passed
    failed: list[str] = field(default_factory=list)
    untested: list[str] = field(default_factory=list)  # planned horizontal cables without a result row
    unknown: list[str] = field(default_factory=list)  # result rows for no link of the plan
    unmet: list[str] = field(default_factory=list)  # plan items the planner could not place: not applied
    conflicts: list[str] = field(default_factory=list)  # when any: nothing may be written
    diff: SiteDiff | None = None  # the site now -> the applied site
    files: dict[str, dict] = field(default_factory=dict)  # file name -> {devices, cables, extensions, changes} there

    @property
    def attention(self) -> bool:
        return bool(self.failed or self.untested or self.unknown or self.unmet)

    def to_json(self) -> dict:
        out = {k: getattr(self, k) for k in ("plan", "site", "devices", "cables", "extensions", "changes", "passed",
                                             "failed", "untested", "unknown", "unmet", "conflicts", "files")}
        out["diff"] = self.diff.to_json() if self.diff is not None else None
        return out


def merge(site_path, text: str, the_plan, base: Source | None = None, results: list[TestResult] | None = None,
          name: str | None = None) -> Applied:
    """Apply ``the_plan`` to the one-file site ``site_path`` whose text now is ``text`` (:func:`merge_files`)."""
    return merge_files([SiteFile(Path(site_path), text, name or str(site_path))], the_plan,
                       [base] if base is not None else None, results)


def merge_files(files: list[SiteFile], the_plan, base: list[Source] | None = None,
                results: list[TestResult] | None = None) -> Applied:
    """Apply ``the_plan`` to the site made of ``files`` as they are now (pure: nothing is written).

    ``base``: the site's files as the plan was made on them (one per file, in order: a file or a git
    revision), when the site has changed since; default the files now. Each change is made in the file
    that defines what it changes; each new device goes into the file that holds the devices of its rack
    or room already (else the file that defines the rack or room), each new cable into the file that holds
    the cables of its ends' racks and rooms (else the file of its first end's device), each telephony entry
    into the file with most of that list. Raises :class:`InputError` when the site, the base or the plan
    cannot be used; what conflicts is in ``conflicts`` (and ``texts`` is then empty).
    """
    from .allocate import plan as allocate

    names = [f.name for f in files]
    out = Applied(the_plan.id, ", ".join(names))
    now = load_texts([(f.path, f.text, f.name) for f in files])
    planned_on = load_texts([(b.path, b.text, b.name) for b in base]) if base else now
    base_texts = [b.text for b in base] if base else [f.text for f in files]
    digest = (text_digest(base_texts[0]) if len(base_texts) == 1
              else text_digest("\n".join(text_digest(t) for t in base_texts)))
    if the_plan.site_digest and digest != the_plan.site_digest:
        which = ("--base " + ", ".join(b.name for b in base)) if base else ", ".join(names)
        out.conflicts.append(
            f"plan {the_plan.id} was made on a site with digest {the_plan.site_digest}, but {which} is now "
            f"{digest}: the allocation made now could differ from the work orders the crew installed; give "
            "--base with the site file(s) as planned (a copy or a git revision REV:path, e.g. --base HEAD~1:"
            + names[0] + ")")
        return out
    tag = f"plan {the_plan.id}"
    done = [d for s in now.sites.values() for d in s.devices.values()
            if d.description and (d.description == tag or d.description.startswith((tag + ";", _removed_note(tag))))]
    if done:
        out.conflicts.append(f"{done[0].mark}: plan {the_plan.id} is already applied: device {done[0].id} was "
                             f"{'removed' if done[0].description.startswith(_removed_note(tag)) else 'added'} by "
                             f"it" + (f" (and {len(done) - 1} more)" if len(done) > 1 else ""))
        return out
    result = allocate(planned_on, the_plan)
    out.unmet = [f"{u.mark + ': ' if u.mark else ''}request {u.request}: {u.item}: {u.reason}" for u in result.unmet]
    site = now.sites.get(result.site)
    if site is None:
        out.conflicts.append(f"site {result.site} of plan {the_plan.id} is not defined in {out.site}")
        return out
    frag = result.site_fragment()
    new_devices = {d["id"]: d for d in frag["devices"]}
    tel = frag.get("telephony") or {}  # analog extensions: voice cables on blocks, jumpers
    new_cables = {c["id"]: c for c in frag["cables"]}
    block_links = {c["id"]: c for c in tel.get("cables", []) + tel.get("jumpers", [])}
    _check(out, now, site, result, new_devices, new_cables, block_links)
    if out.conflicts:
        return out

    edits = {f.name: SiteText(f.text) for f in files}
    mine = [n for n in names if _site_of(edits[n]) == site.id] or names  # the files of the plan's site
    out.files = {n: {"devices": [], "cables": [], "extensions": [], "changes": []} for n in names}
    index = {(n, sec): _index(edits[n].items(sec)) for n in mine for sec in ("devices", "cables")}
    mods: dict[tuple[str, str, int], dict] = {}  # (file, section, item) -> {member position: {field: value}}

    def modify(section, ident, fields, line):
        where = next(((n, index[(n, section)][ident]) for n in mine if ident in index[(n, section)]), None)
        if where is None:
            out.conflicts.append(f"{section[:-1]} {ident} is not written in {out.site} as an entry cabling apply can "
                                 "edit")
            return
        n, (item, pos) = where
        mods.setdefault((n, section, item), {}).setdefault(pos, {}).update(fields)
        out.files[n]["changes"].append(line)
        out.changes.append(line)

    for c in result.changes:
        if c.what == "device" and c.field == "removed":
            d = site.devices[c.id]
            gone = sorted({p.cable.id for p in d.ports if p.cable is not None})
            note = _removed_note(tag) + (f"; its cable(s) {', '.join(gone)} decommissioned, left in place until "
                                         "recovered" if gone else "") + (f"; {d.description}" if d.description else "")
            modify("devices", c.id, {"description": note},
                   f"device {c.id} removed ({tag})" + (f": its cable(s) {', '.join(gone)} decommissioned, left in "
                                                       f"place until recovered, end on it: it stays in the file, "
                                                       f"described as removed" if gone else ""))
        elif c.what == "device":
            modify("devices", c.id, {c.field: c.new}, f"device {c.id} {c.field}: {_show(c.old)} -> {_show(c.new)} "
                                                        f"({c.why})")
        else:
            modify("cables", c.id, {c.field: c.new}, f"cable {c.id} {c.field}: {_show(c.old)} -> {_show(c.new)} "
                                                       f"({c.why})")
    if out.conflicts:
        return out
    for (n, section, item), changes in mods.items():
        edits[n].replace(section, item, _rebuilt(edits[n].items(section)[item], changes))

    horizontal = {c.id for c in result.cables if c.kind == "horizontal"}
    tested = frag["cables"] + tel.get("cables", [])
    tests = _match_results(out, results, tested, site, horizontal) if results is not None else {}
    title = f"as built: plan {the_plan.id}" + (f", {the_plan.title}" if the_plan.title else "")
    placer = _Placer(site, mine, edits, new_devices)

    def add(section, entries, key, kind):
        by_file: dict[str, list] = {}
        for e in entries:
            n = placer.file_of(section, e)
            by_file.setdefault(n, []).append(e)
            out.files[n][kind].append(str(e[key]))
        for n in names:
            if n in by_file:
                edits[n].append(section, by_file[n], title)

    add("devices", frag["devices"], "id", "devices")
    for section, entries in (("cables", frag["cables"]), ("telephony.cables", tel.get("cables", [])),
                             ("telephony.jumpers", tel.get("jumpers", []))):
        installed = []
        for c in entries:
            e = dict(c)
            e["status"] = "installed"
            if c["id"] in tests:
                e["test"] = tests[c["id"]].entry()
            installed.append(e)
        add(section, installed, "id", "cables")
    analog = list(tel.get("extensions", []))  # with their PBX port, from the planner
    extensions = analog + _extensions(now, site, [edits[n] for n in mine], result, {str(e["number"]) for e in analog})
    if extensions:
        add("telephony.extensions", extensions, "number", "extensions")
        out.extensions = [e["number"] for e in extensions]
    out.devices = list(new_devices)
    out.cables = list(new_cables) + list(block_links)
    texts = {n: edits[n].text() for n in names}

    try:
        applied = load_texts([(f.path, texts[f.name], f.name) for f in files])
    except InputError as exc:
        out.conflicts.append("the applied site would not load, nothing was written:\n  "
                             + "\n  ".join(str(d) for d in exc.diagnostics))
        return out
    out.diff = diff(now, applied, out.site, f"{out.site} (plan {the_plan.id} applied)")
    stray = _unexpected(out.diff, new_devices, {**new_cables, **block_links}, result.changes,
                        f"{site.id}/" if len(now.sites) > 1 else "")
    if stray:
        out.conflicts.append("editing the file would change what the plan does not (nothing was written): "
                             + "; ".join(stray[:5]))
        return out
    out.texts = {f.name: texts[f.name] for f in files if texts[f.name] != f.text}
    out.files = {n: v for n, v in out.files.items() if n in out.texts}
    return out


def _removed_note(tag: str) -> str:
    return f"removed ({tag})"


def _site_of(edit: SiteText):
    s = edit.doc.get("site")
    return s.get("id") if isinstance(s, dict) else s


class _Placer:
    """Which file of the site a new entry goes into: where the user keeps its neighbours."""

    def __init__(self, site, files: list[str], edits: dict, new_devices: dict):
        from collections import Counter

        self.files, self.edits = files, edits
        self.order = {n: i for i, n in enumerate(files)}
        defining = [n for n in files if isinstance(edits[n].doc.get("site"), dict)]
        self.default = defining[0] if defining else files[0]
        self.place: dict[str, tuple] = {}  # device id -> ('rack', id) or ('room', id)
        self.file: dict[str, str] = {}  # device id -> its file
        self.devices_at: dict[tuple, Counter] = {}  # place -> files holding its devices
        self.cables_at: dict[tuple, Counter] = {}  # place -> files holding the cables of its devices
        self.defined: dict[tuple, str] = {}  # place -> the file that defines it
        for kind, table in (("rack", site.racks), ("room", site.rooms)):
            for k, x in table.items():
                if x.mark is not None and x.mark.file in self.order:
                    self.defined[(kind, k)] = x.mark.file
        for d in site.devices.values():
            place = ("rack", d.rack.id) if d.rack is not None else ("room", d.room.id) if d.room is not None else None
            self.place[d.id] = place
            if d.mark is not None and d.mark.file in self.order:
                self.file[d.id] = d.mark.file
                if place is not None:
                    self.devices_at.setdefault(place, Counter())[d.mark.file] += 1
        for c in site.cables.values():
            if c.mark is None or c.mark.file not in self.order:
                continue
            for place in {self.place.get(p.device.id) for p in c.a + c.b if getattr(p, "device", None) is not None}:
                if place is not None:
                    self.cables_at.setdefault(place, Counter())[c.mark.file] += 1
        for e in new_devices.values():
            self.place[e["id"]] = ("rack", e["rack"]) if e.get("rack") else ("room", e["room"]) if e.get("room") else None

    def _best(self, counts) -> str | None:
        if not counts:
            return None
        return max(counts, key=lambda n: (counts[n], -self.order[n]))

    def file_of(self, section: str, e: dict) -> str:
        from collections import Counter

        if section == "devices":
            place = self.place.get(e["id"])
            n = self._best(self.devices_at.get(place)) or self.defined.get(place) or self.default
            self.file[e["id"]] = n
            return n
        if section == "cables":
            ends = [str(x).rpartition(":")[0] for key in ("a", "b") for x in ([e[key]] if isinstance(e[key], str)
                                                                               else e[key])]
            counts = Counter()
            for place in {self.place.get(d) for d in ends} - {None}:
                counts.update(self.cables_at.get(place, {}))
            return self._best(counts) or next((self.file[d] for d in ends if d in self.file), self.default)
        counts = Counter({n: len(self.edits[n].items(section)) for n in self.files if self.edits[n].items(section)})
        if not counts:
            counts = Counter({n: 1 for n in self.files if self.edits[n].doc.get("telephony") is not None})
        return self._best(counts) or self.default


def _check(out: Applied, now, site, result, new_devices: dict, new_cables: dict, block_links: dict) -> None:
    """Conflicts of the allocation with the site now (a block pair taken twice the loader reports)."""
    from ..readers.loader import resolve_ref

    pid = result.plan.id
    for dev_id in new_devices:
        d = site.devices.get(dev_id)
        if d is not None:
            out.conflicts.append(f"{d.mark}: device {dev_id} exists in the site now, and plan {pid} adds it")
    for cid in block_links:
        old = site.cables.get(cid)
        if old is not None:
            out.conflicts.append(f"{old.mark}: cable {cid} exists in the site now, and plan {pid} adds it")
    for cid, c in new_cables.items():
        old = site.cables.get(cid)
        if old is not None:
            out.conflicts.append(f"{old.mark}: cable {cid} exists in the site now, and plan {pid} adds it")
        for end in ("a", "b"):
            ref = c[end]
            dev_name = ref.partition(":")[0]
            if dev_name in new_devices:
                continue
            port, problem = resolve_ref(now, ref, site)
            if port is None:
                out.conflicts.append(f"cable {cid} of plan {pid} ends on {ref}, which the site has no longer"
                                     + (f" ({problem})" if problem else ""))
            elif port.cable is not None:
                out.conflicts.append(f"{port.cable.mark}: port {ref} is taken now by cable {port.cable.id}; plan "
                                     f"{pid} puts cable {cid} there")
    numbers = {e.number: e for e in getattr(now.telephony, "extensions", ()) if e.site is site}
    for d in result.devices:
        if d.extension and d.extension in numbers:
            e = numbers[d.extension]
            where = f"{e.mark}: " if getattr(e, "mark", None) else ""
            out.conflicts.append(f"{where}extension {d.extension} exists in the site now; plan {pid} gives it to "
                                 f"{d.id}")
    for ch in result.changes:
        table = site.devices if ch.what == "device" else site.cables
        x = table.get(ch.id)
        if x is None:
            out.conflicts.append(f"{ch.what} {ch.id}, which plan {pid} changes ({ch.why}), is no longer in the site")
            continue
        if ch.field == "removed":
            continue
        value = getattr(x, ch.field, None)
        value = value.id if hasattr(value, "id") else value
        if ch.field == "at" and value is not None:
            value = [float(v) for v in value]
            same = ch.old is not None and all(abs(a - b) < 1e-6 for a, b in zip(value, ch.old))
        else:
            same = value == ch.old
        if not same:
            out.conflicts.append(f"{x.mark}: {ch.what} {ch.id} {ch.field} is {_show(value)} now; plan {pid} expected "
                                 f"{_show(ch.old)} and makes it {_show(ch.new)}")


def _extensions(now, site, edits: list[SiteText], result, analog: set) -> list[dict]:
    """``telephony: extensions:`` entries of the plan's phones: number, phone, and the PBX the site's other IP
    phones register on (or its only PBX)."""
    from collections import Counter

    wanted = [d for d in result.devices if d.extension and str(d.extension) not in analog]
    if not wanted:
        return []
    pbxs = Counter(str(e["pbx"]) for edit in edits for e in edit.items("telephony.extensions")
                   if isinstance(e, dict) and e.get("phone") and e.get("pbx"))
    pbx = pbxs.most_common(1)[0][0] if pbxs else None
    if pbx is None:
        only = [d.id for d in site.devices.values() if d.role == "pbx"]
        pbx = only[0] if len(only) == 1 else None
    return [{"number": d.extension, "phone": d.id, "pbx": pbx} for d in wanted]


def _index(items: list) -> dict:
    """id -> (item index, position in the item's members) of a list's entries."""
    out = {}
    for i, e in enumerate(items):
        if isinstance(e, dict) and isinstance(e.get("id"), str):
            try:
                names = members(e)
            except Exception:  # a pattern the loader would refuse: not an entry to edit
                continue
            for pos, n in enumerate(names):
                out.setdefault(n, (i, pos))
    return out


def _rebuilt(entry, changes: dict) -> list:
    """The entries that replace ``entry`` once its members' ``changes`` are made (None: the member goes)."""
    n = len(members(entry))
    if n == 1:
        if changes.get(0, {}) is None:
            return []
        e = member(entry, 0)
        for k, v in changes[0].items():
            e[k] = v
        return [e]
    out, start = [], 0
    for pos in sorted(changes):
        out += run(entry, start, pos)
        if changes[pos] is not None:
            e = member(entry, pos)
            for k, v in changes[pos].items():
                e[k] = v
            out.append(e)
        start = pos + 1
    return out + run(entry, start, n)


def _match_results(out: Applied, results, cables: list[dict], site, horizontal: set) -> dict:
    """Planned cable id -> its test result; rows for no planned link go to ``out.unknown``."""
    by_label = {c["label"].casefold(): c["id"] for c in cables if c.get("label")}
    by_id = {c["id"].casefold(): c["id"] for c in cables}
    found: dict[str, TestResult] = {}
    for r in results:
        key = r.link.casefold()
        cid = by_label.get(key) or by_id.get(key)
        if cid is None:
            existing = next((c for c in site.cables.values() if c.id.casefold() == key
                             or (c.label or "").casefold() == key), None)
            why = (f"cable {existing.id} is in the site already, not a link of this plan: its result is not recorded"
                   if existing is not None else "no link of the plan has that id or label")
            out.unknown.append(f"{r.mark}: link {r.link} ({r.result}): {why}")
            continue
        prev = found.get(cid)
        if prev is None or (r.date or "") >= (prev.date or ""):  # a re-test: the latest counts
            found[cid] = r
    for c in cables:
        r = found.get(c["id"])
        if r is not None:
            (out.passed if r.result == "pass" else out.failed).append(c["id"])
        elif c["id"] in horizontal:
            out.untested.append(c["id"])
    return found


def _unexpected(d: SiteDiff, new_devices, new_cables, changes, prefix: str = "") -> list[str]:
    """What the diff from the site now to the applied site holds beyond the plan (should be nothing). ``prefix``:
    ``SITE/``, how the diff names the plan's site's items when several sites are loaded."""
    changed = {(c.what, c.id) for c in changes}
    stray = []
    for c in d.changes:
        if c.what in ("device", "cable"):
            key = c.id.removeprefix(prefix) if c.id.startswith(prefix) else None
            ok = key is not None and ((c.op == "+" and key in (new_devices if c.what == "device" else new_cables))
                                      or (c.op == "~" and (c.what, key) in changed))
        else:
            ok = True  # ports follow their cables
        if not ok:
            stray.append(str(c))
    return stray


def _show(x) -> str:
    if x is None:
        return "-"
    if isinstance(x, (list, tuple)):
        return "[" + ", ".join(f"{v:g}" if isinstance(v, float) else str(v) for v in x) + "]"
    return f"{x:g}" if isinstance(x, float) else str(x)


# ------------------------------------------------------------------ writing
class SiteChanged(Exception):
    """The site file changed between reading it and replacing it (a writer that took no lock)."""


class LockTimeout(Exception):
    pass


@contextmanager
def locked(site_path, timeout: float | None = None):
    """Hold an exclusive lock (flock) on the site file's folder while the file is read, merged and replaced:
    another ``cabling apply`` on a file there waits (up to ``timeout`` seconds, default 60 or
    ``$CABLING_APPLY_LOCK_TIMEOUT``). The folder, not a lock file, so nothing is left beside the site.
    Temporary files a killed writer left (``.NAME.*.tmp``) are removed once the lock is held.
    ``site_path`` may be a list of files: each of their folders is locked, in one order."""
    from contextlib import ExitStack

    paths = [Path(p) for p in site_path] if isinstance(site_path, (list, tuple)) else [Path(site_path)]
    folders: dict[str, tuple[Path, list[Path]]] = {}
    for path in paths:
        folder = path.parent if str(path.parent) else Path(".")
        folders.setdefault(str(folder.resolve()), (folder, []))[1].append(path)
    with ExitStack() as stack:
        for key in sorted(folders):
            folder, mine = folders[key]
            stack.enter_context(_locked_folder(folder, mine, timeout))
        yield


@contextmanager
def _locked_folder(folder: Path, paths: list[Path], timeout: float | None):
    try:
        import fcntl
    except ImportError:  # no flock (Windows): the compare-and-swap in write_site still guards the file
        yield
        return
    if timeout is None:
        timeout = float(os.environ.get(LOCK_TIMEOUT_ENV, "60"))
    fd = os.open(folder, os.O_RDONLY)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise LockTimeout(f"{paths[0]}: another cabling apply in {folder} has held its lock for over "
                                      f"{timeout:g} s; nothing was written") from None
                time.sleep(0.05)
        try:
            for path in paths:
                for stale in folder.glob(f".{glob.escape(path.name)}.*.tmp"):
                    stale.unlink(missing_ok=True)
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def write_site(site_path, text: str, was: bytes) -> None:
    """Replace the site file by ``text`` atomically (mode kept), only if its content is still ``was``, as it was
    read (else :class:`SiteChanged`, the file untouched)."""
    from ..fileio import write_bytes_atomic

    path = Path(site_path)

    def still_the_same():
        pause = os.environ.get(PAUSE_ENV)
        if pause:
            time.sleep(float(pause))
        if path.read_bytes() != was:
            raise SiteChanged(f"{path} changed while cabling apply was writing it (by a program that takes no "
                              "lock); nothing was written: run cabling apply again")

    write_bytes_atomic(path, text.encode("utf-8"), overwrite=True, before_replace=still_the_same)


def write_sites(changes: list[tuple[Path, str, bytes]]) -> None:
    """Replace each file ``path`` by ``text`` (:func:`write_site`), each only if it is still ``was``: every file is
    checked before the first is replaced, and should one change while the others are written, those already
    replaced get their old content back (:class:`SiteChanged`)."""
    from ..fileio import write_bytes_atomic

    for path, _text, was in changes:
        if Path(path).read_bytes() != was:
            raise SiteChanged(f"{path} changed while cabling apply was merging (by a program that takes no lock); "
                              "nothing was written: run cabling apply again")
    done = []
    try:
        for path, text, was in changes:
            write_site(path, text, was)
            done.append((path, was))
    except SiteChanged as exc:
        for path, was in reversed(done):
            write_bytes_atomic(path, was, overwrite=True)
        if done:
            raise SiteChanged(f"{exc}; the files already written ({', '.join(str(p) for p, _ in done)}) have their "
                              "old content back") from None
        raise
