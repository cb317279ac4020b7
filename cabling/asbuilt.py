"""As-built: merge an installed plan into the user's site file (``cabling apply SITE PLAN``).

:func:`merge` is pure (text in, text out): it allocates the plan on the site as it was planned
(``base``, default the site now), checks the allocation against the site as it is now, and
edits the site's text (:mod:`cabling.yamledit`: only the lines it changes) so that

* the planned devices and cables are in the file, installed, each cable with the tester's
  result where the tester's export gives one (``test: {result, length, date}``);
* the plan's changes are made: a moved outlet's ``at``/``room``, a re-pulled cable's length, a
  decommissioned cable's status; a removed outlet leaves the file with the cables ending on it.

What conflicts with the site now is refused, never overwritten (:class:`Applied.conflicts`): a
planned id that exists now, a planned port that is now taken, a device or cable the plan changes
whose value is not what the plan saw, a plan already applied, and a plan whose ``site_digest``
is not the base's. The result is loaded again, and compared with the site now: it must differ
by exactly the plan, or nothing is written.

:func:`read_results` reads a cable tester's CSV export; :func:`write_site` replaces the file
under an exclusive lock, atomically, and only if it is still what was read (compare-and-swap).
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

from .diagnostics import Diagnostic, InputError, Mark
from .sitediff import SiteDiff, Source, diff, load_source, load_text, text_digest
from .yamledit import SiteText, member, members, run

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
@dataclass
class Applied:
    plan: str
    site: str  # the site file's name
    text: str = ""  # the site file's new text
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

    @property
    def attention(self) -> bool:
        return bool(self.failed or self.untested or self.unknown or self.unmet)

    def to_json(self) -> dict:
        out = {k: getattr(self, k) for k in ("plan", "site", "devices", "cables", "extensions", "changes", "passed",
                                             "failed", "untested", "unknown", "unmet", "conflicts")}
        out["diff"] = self.diff.to_json() if self.diff is not None else None
        return out


def merge(site_path, text: str, the_plan, base: Source | None = None, results: list[TestResult] | None = None,
          name: str | None = None) -> Applied:
    """Apply ``the_plan`` to the site file ``site_path`` whose text now is ``text`` (pure: nothing is written).

    ``base``: the site as the plan was made on it (a file or git revision), when the site has changed
    since; default ``text`` itself. Raises :class:`InputError` when the site, the base or the plan cannot
    be used; what conflicts is in ``conflicts`` (and ``text`` is then empty).
    """
    from .planning.allocate import plan as allocate

    name = name or str(site_path)
    out = Applied(the_plan.id, name)
    now = load_text(site_path, text, name)
    planned_on = load_source(base) if base is not None else now
    base_text = base.text if base is not None else text
    if the_plan.site_digest and text_digest(base_text) != the_plan.site_digest:
        which = f"--base {base.name}" if base is not None else name
        out.conflicts.append(
            f"plan {the_plan.id} was made on a site with digest {the_plan.site_digest}, but {which} is now "
            f"{text_digest(base_text)}: the allocation made now could differ from the work orders the crew "
            "installed; give --base with the site file as planned (a copy or a git revision REV:path, "
            "e.g. --base HEAD~1:" + str(site_path) + ")")
        return out
    tag = f"plan {the_plan.id}"
    done = [d for s in now.sites.values() for d in s.devices.values()
            if d.description and (d.description == tag or d.description.startswith(tag + ";"))]
    if done:
        out.conflicts.append(f"{done[0].mark}: plan {the_plan.id} is already applied: device {done[0].id} was added by "
                             f"it" + (f" (and {len(done) - 1} more)" if len(done) > 1 else ""))
        return out
    result = allocate(planned_on, the_plan)
    out.unmet = [f"{u.mark + ': ' if u.mark else ''}request {u.request}: {u.item}: {u.reason}" for u in result.unmet]
    site = now.sites.get(result.site)
    if site is None:
        out.conflicts.append(f"site {result.site} of plan {the_plan.id} is not defined in {name}")
        return out
    frag = result.site_fragment()
    new_devices = {d["id"]: d for d in frag["devices"]}
    tel = frag.get("telephony") or {}  # analog extensions: voice cables on blocks, jumpers
    new_cables = {c["id"]: c for c in frag["cables"]}
    block_links = {c["id"]: c for c in tel.get("cables", []) + tel.get("jumpers", [])}
    _check(out, now, site, result, new_devices, new_cables, block_links)
    if out.conflicts:
        return out

    edit = SiteText(text)
    index = {sec: _index(edit.items(sec)) for sec in ("devices", "cables")}
    mods: dict[tuple[str, int], dict] = {}  # (section, item) -> {member position: {field: value} or None (drop)}

    def modify(section, ident, fields):
        where = index[section].get(ident)
        if where is None:
            out.conflicts.append(f"{section[:-1]} {ident} is not written in {name} (another file of the site?): "
                                 "cabling apply edits one file")
            return
        item, pos = where
        slot = mods.setdefault((section, item), {})
        if fields is None:
            slot[pos] = None
        elif slot.get(pos, {}) is not None:
            slot.setdefault(pos, {}).update(fields)

    removed = {c.id for c in result.changes if c.what == "device" and c.field == "removed" and c.new}
    gone_cables = set()
    for dev_id in sorted(removed):
        modify("devices", dev_id, None)
        for p in site.devices[dev_id].ports:
            if p.cable is not None and p.cable.id not in gone_cables:
                gone_cables.add(p.cable.id)
                modify("cables", p.cable.id, None)
        out.changes.append(f"device {dev_id} removed" + (f", with cable(s) {', '.join(sorted(gone_cables))}"
                                                         if gone_cables else "") + f" (plan {the_plan.id})")
    for c in result.changes:
        if c.what == "device" and c.field != "removed" and c.id not in removed:
            modify("devices", c.id, {c.field: c.new})
            out.changes.append(f"device {c.id} {c.field}: {_show(c.old)} -> {_show(c.new)} ({c.why})")
        elif c.what == "cable" and c.id not in gone_cables:
            modify("cables", c.id, {c.field: c.new})
            out.changes.append(f"cable {c.id} {c.field}: {_show(c.old)} -> {_show(c.new)} ({c.why})")
    if out.conflicts:
        return out
    for (section, item), changes in mods.items():
        edit.replace(section, item, _rebuilt(edit.items(section)[item], changes))

    horizontal = {c.id for c in result.cables if c.kind == "horizontal"}
    tested = frag["cables"] + tel.get("cables", [])
    tests = _match_results(out, results, tested, site, horizontal) if results is not None else {}
    title = f"as built: plan {the_plan.id}" + (f", {the_plan.title}" if the_plan.title else "")
    if frag["devices"]:
        edit.append("devices", frag["devices"], title)
    for section, entries in (("cables", frag["cables"]), ("telephony.cables", tel.get("cables", [])),
                             ("telephony.jumpers", tel.get("jumpers", []))):
        installed = []
        for c in entries:
            e = dict(c)
            e["status"] = "installed"
            if c["id"] in tests:
                e["test"] = tests[c["id"]].entry()
            installed.append(e)
        if installed:
            edit.append(section, installed, title)
    analog = list(tel.get("extensions", []))  # with their PBX port, from the planner
    extensions = analog + _extensions(now, site, edit, result, {str(e["number"]) for e in analog})
    if extensions:
        edit.append("telephony.extensions", extensions, title)
        out.extensions = [e["number"] for e in extensions]
    out.devices = list(new_devices)
    out.cables = list(new_cables) + list(block_links)
    out.text = edit.text()

    try:
        applied = load_text(site_path, out.text, name)
    except InputError as exc:
        out.conflicts.append("the applied site would not load, nothing was written:\n  "
                             + "\n  ".join(str(d) for d in exc.diagnostics))
        out.text = ""
        return out
    out.diff = diff(now, applied, name, f"{name} (plan {the_plan.id} applied)")
    stray = _unexpected(out.diff, new_devices, {**new_cables, **block_links}, removed, gone_cables, result.changes)
    if stray:
        out.conflicts.append("editing the file would change what the plan does not (nothing was written): "
                             + "; ".join(stray[:5]))
        out.text = ""
    return out


def _check(out: Applied, now, site, result, new_devices: dict, new_cables: dict, block_links: dict) -> None:
    """Conflicts of the allocation with the site now (a block pair taken twice the loader reports)."""
    from .loader import resolve_ref

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


def _extensions(now, site, edit: SiteText, result, analog: set) -> list[dict]:
    """``telephony: extensions:`` entries of the plan's phones: number, phone, and the PBX the site's other IP
    phones register on (or its only PBX)."""
    from collections import Counter

    wanted = [d for d in result.devices if d.extension and str(d.extension) not in analog]
    if not wanted:
        return []
    pbxs = Counter(str(e["pbx"]) for e in edit.items("telephony.extensions")
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


def _unexpected(d: SiteDiff, new_devices, new_cables, removed, gone_cables, changes) -> list[str]:
    """What the diff from the site now to the applied site holds beyond the plan (should be nothing)."""
    changed = {(c.what, c.id) for c in changes}
    stray = []
    for c in d.changes:
        if c.what == "device":
            ok = ((c.op == "+" and c.id in new_devices) or (c.op == "-" and c.id in removed)
                  or (c.op == "~" and ("device", c.id) in changed))
        elif c.what == "cable":
            ok = ((c.op == "+" and c.id in new_cables) or (c.op == "-" and c.id in gone_cables)
                  or (c.op == "~" and ("cable", c.id) in changed))
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
    Temporary files a killed writer left (``.NAME.*.tmp``) are removed once the lock is held."""
    path = Path(site_path)
    folder = path.parent if str(path.parent) else Path(".")
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
                    raise LockTimeout(f"{path}: another cabling apply in {folder} has held its lock for over "
                                      f"{timeout:g} s; nothing was written") from None
                time.sleep(0.05)
        try:
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
    from .fileio import write_bytes_atomic

    path = Path(site_path)

    def still_the_same():
        pause = os.environ.get(PAUSE_ENV)
        if pause:
            time.sleep(float(pause))
        if path.read_bytes() != was:
            raise SiteChanged(f"{path} changed while cabling apply was writing it (by a program that takes no "
                              "lock); nothing was written: run cabling apply again")

    write_bytes_atomic(path, text.encode("utf-8"), overwrite=True, before_replace=still_the_same)
