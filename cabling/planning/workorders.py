"""Work orders from a plan's allocation: numbered tasks in the order a crew works, BOM, labels, checks.

:func:`work_orders` (pure) turns a :class:`~cabling.planning.result.PlanResult` into
:class:`WorkOrders`: tasks grouped per telecom space and floor (rack-mount devices first, then per
horizontal cable: pull along the named pathways, terminate both ends, label both ends, certify with
a result column; then patch cords, end devices, and the removals), the note for the network team
(switch ports to enable, with PoE and VLANs), a bill of materials (cable boxes, jacks, faceplates,
cords by length, devices to add), one row per label, and the acceptance checklist.
:func:`to_csv_files` and :func:`to_xlsx` write them.
"""
from __future__ import annotations

import csv
import io
import math
from collections import Counter
from dataclasses import dataclass, field

from .. import standards
from ..choices import OUTLET_ROLES
from .result import PlanResult
from .voice import VOICE_PAIR

#: A box (reel-in-box) of horizontal copper cable, metres: the usual 1,000 ft box.
CABLE_BOX_M = 305
#: Wiring of the jacks when the site names none.
DEFAULT_WIRING = "T568B"


@dataclass(frozen=True, slots=True)
class Task:
    space: str
    floor: str | None
    number: int  # within its space and floor, from 1
    kind: str  # 'install', 'pull', 'terminate', 'label', 'certify', 'patch', 'connect', 'remove'
    text: str
    cable: str | None = None
    length_m: float | None = None
    result: str = ""  # filled in by the crew (certification: pass / fail)


@dataclass(frozen=True, slots=True)
class NetworkLine:
    switch_port: str
    jack: str
    services: str
    poe: str
    vlan: int | None
    voice_vlan: int | None


@dataclass(frozen=True, slots=True)
class LabelRow:
    label: str
    where: str  # which end or part it goes on
    cable: str | None
    link: str


@dataclass
class WorkOrders:
    plan_id: str
    title: str | None
    site: str
    wiring: str
    tasks: list[Task] = field(default_factory=list)
    network: list[NetworkLine] = field(default_factory=list)
    bom: list[tuple[str, str, float | int, str]] = field(default_factory=list)  # (item, unit, quantity, note)
    labels: list[LabelRow] = field(default_factory=list)
    checklist: list[str] = field(default_factory=list)
    # the plan's header, for the printed sheets' cover
    requester: str | None = None
    contractor: str | None = None
    due: str | None = None
    address: str | None = None


def work_orders(inventory, result: PlanResult) -> WorkOrders:
    site = inventory.sites[result.site]
    wiring = site.wiring or DEFAULT_WIRING
    wo = WorkOrders(result.plan.id, result.plan.title, result.site, wiring, requester=result.plan.requester,
                    contractor=result.plan.contractor, due=result.plan.due, address=site.address)
    cables = {c.id: c for c in result.cables}
    groups: dict[tuple[str, str | None], list[tuple[str, str, str | None, float | None]]] = {}

    def add(space, floor, kind, text, cable=None, length=None):
        groups.setdefault((space, floor), []).append((kind, text, cable, length))

    def rack_place(rack_id):
        rack = site.racks.get(rack_id)
        space = rack.space.id if rack is not None and rack.space is not None else "-"
        room = rack.room or (rack.space.room if rack is not None and rack.space is not None else None)
        return space, room.floor.id if room is not None and room.floor is not None else None

    for d in result.devices:
        if d.rack is not None:
            space, floor = rack_place(d.rack)
            add(space, floor, "install", f"Mount {d.role} {d.id} ({d.model}) in rack {d.rack} at U{d.u:g}"
                + (" (proposed by the planner: " + d.why + ")" if d.proposed else ""))
    for j in result.jacks:
        if j.cable is None:
            continue
        c = cables[j.cable]
        via = ", ".join(j.pathways) if j.pathways else "the shortest way (no pathway: length estimated)"
        add(j.space, j.floor, "pull", f"Pull {c.type} cable {c.id} ({c.length:g} m, slack included) from outlet "
                                      f"{j.outlet} in room {j.room} to {j.panel_port} in rack {j.rack}, along {via}",
            c.id, c.length)
        add(j.space, j.floor, "terminate", f"Terminate {c.id} on both ends, {wiring}: {c.a} (outlet {j.outlet} jack "
                                           f"{j.jack}) and {c.b} (panel)", c.id)
        if c.label:
            within = float(standards.TIA606_LABEL_WITHIN_MM_OF_END)
            add(j.space, j.floor, "label", f"Label both ends of {c.id} '{c.label}' (within {within:g} mm of each end), "
                                           f"faceplate jack {j.outlet}:{j.jack} and panel port {j.panel_port}", c.id)
        add(j.space, j.floor, "certify", f"Certify {c.id} ({c.label or c.id}): permanent-link test at {c.type}; "
                                         "write pass or fail", c.id)
    for j in result.jacks:
        if j.cord is None:
            continue
        c = cables[j.cord]
        add(j.space, j.floor, "patch", f"Patch {j.panel_port} to {j.switch_port} with a {c.length:g} m {c.type} cord "
                                       f"({c.id})", c.id, c.length)
        wo.network.append(NetworkLine(j.switch_port, f"{j.outlet}:{j.jack}", ",".join(j.services),
                                      f"class {j.poe_class} ({j.poe_w:g} W)" if j.poe_class is not None and j.poe_w
                                      else "", j.vlan, j.voice_vlan))
    _voice_tasks(inventory, site, result, cables, wiring, add)
    jack_of = {(j.outlet, j.jack): j for j in result.jacks}
    jack_of.update({(v.outlet, v.jack): v for v in result.voice})
    for c in result.cables:
        if c.kind != "work-area":
            continue
        outlet, _, jack = c.a.rpartition(":")
        j = jack_of.get((outlet, jack))
        space, floor = (j.space, j.floor) if j else ("-", _floor_of_outlet(site, result, outlet))
        add(space, floor, "connect", f"Connect {c.b.split(':')[0]} to jack {c.a} with a {c.length:g} m cord ({c.id})",
            c.id, c.length)
    for ch in result.changes:
        if ch.field == "status":
            text = (f"Recover or abandon cable {ch.id} ({ch.why}): disconnect both ends, then pull it out of its "
                    "pathways, or label both ends DECOMMISSIONED and leave it in place; the records keep it as "
                    "decommissioned until it is recovered")
        elif ch.field == "removed":
            gone = sorted({p.cable.id for p in site.devices[ch.id].ports if p.cable is not None})
            text = f"Remove outlet {ch.id} (faceplate and jacks)" + (
                f"; leave its cable(s) {', '.join(gone)} coiled in the ceiling for the recover-or-abandon task"
                if gone else "")
        elif ch.what == "device":
            text = f"Move outlet {ch.id}: {ch.field} {ch.old} -> {ch.new}"
        else:
            text = (f"Re-pull cable {ch.id}: pull a new {ch.new:g} m cable ({ch.why.removeprefix('re-pull: ')}) to "
                    "the same panel port, and recover or abandon the old run"
                    + (f" of {ch.old:g} m" if isinstance(ch.old, (int, float)) else ""))
        add("-", None, "remove" if ch.field in ("status", "removed") else "change", text, ch.id if ch.what == "cable" else None)
    order = {"install": 0, "pull": 1, "terminate": 2, "label": 3, "certify": 4, "jumper": 5, "patch": 6, "connect": 7,
             "test": 8, "change": 9, "remove": 10}
    from ..journal.order import natural_key

    for key in sorted(groups, key=lambda k: (k[0] == "-", natural_key(k[0]), natural_key(k[1] or ""))):
        items = sorted(enumerate(groups[key]), key=lambda t: (order[t[1][0]], t[0]))
        for n, (_i, (kind, text, cable, length)) in enumerate(items, start=1):
            wo.tasks.append(Task(key[0], key[1], n, kind, text, cable, length))
    wo.bom = _bom(result)
    wo.labels = _labels(result)
    wo.checklist = _checklist(result)
    return wo


def _voice_tasks(inventory, site, result, cables, wiring, add) -> None:
    """Per analog extension: pull the voice cable, terminate the jack and punch its pair on the station block,
    label both ends, punch the jumpers (line side first, in the technician's words), test the line."""
    from ..telephony.workorder import jumper_task

    tel = inventory.telephony

    def port(ref):
        dev, _, name = ref.rpartition(":")
        d = site.devices.get(dev)
        return d.port(name, "front") if d is not None else None

    for v in result.voice:
        c = cables[v.cable]
        block, _, pair = v.station_pair.rpartition(":")
        b = tel.block_of(port(v.station_pair)) if tel is not None and port(v.station_pair) is not None else None
        n = b.index(pair) if b is not None else None
        where = f" ({b.where(n)}, {'/'.join(tel.pair_colour(b, n))})" if n is not None else ""
        colour = "/".join(standards.pair_colours(VOICE_PAIR))
        via = ", ".join(v.pathways) if v.pathways else "the shortest way (no pathway: length estimated)"
        add(v.space, v.floor, "pull", f"Pull {c.type} cable {c.id} ({c.length:g} m, slack included) from voice outlet "
                                      f"{v.outlet} in room {v.room} to block {block} ({v.space}), along {via}",
            c.id, c.length)
        add(v.space, v.floor, "terminate", f"Terminate {c.id}, {wiring}: outlet {v.outlet} jack {v.jack} (the line on "
                                           f"pair {VOICE_PAIR}, pins 4/5); at the block punch pair {VOICE_PAIR} "
                                           f"({colour}) on {v.station_pair}{where}", c.id)
        if c.label:
            add(v.space, v.floor, "label", f"Label both ends of {c.id} '{c.label}', faceplate jack {v.outlet}:{v.jack} "
                                           f"and block pair {v.station_pair} (extension {v.extension})", c.id)
        for jid in v.jumpers:
            j = cables[jid]
            a, bb = port(j.a), port(j.b)
            jspace = _space_of_block(site, j.a)
            if tel is not None and a is not None and bb is not None:
                text = jumper_task(tel, a, bb, jumper=jid).text
                text = text[0].upper() + text[1:] + f" (jumper {jid}, extension {v.extension})"
            else:
                text = f"Punch jumper {jid} from {j.a} to {j.b} (extension {v.extension})"
            add(jspace or v.space, _floor_of_space(site, jspace) if jspace else v.floor, "jumper", text, jid)
        add(v.space, v.floor, "test", f"Test extension {v.extension}" + (f" ({v.name})" if v.name else "")
            + f": dial tone at {v.outlet}:{v.jack}, a call to {v.extension} rings it; write pass or fail", c.id)


def _space_of_block(site, ref: str) -> str | None:
    dev = site.devices.get(ref.rpartition(":")[0])
    if dev is None:
        return None
    sp = dev.space or (dev.rack.space if dev.rack is not None else None)
    return sp.id if sp is not None else None


def _floor_of_space(site, space: str) -> str | None:
    sp = site.spaces.get(space)
    room = sp.room if sp is not None else None
    return room.floor.id if room is not None and room.floor is not None else None


def _floor_of_outlet(site, result, outlet):
    dev = site.devices.get(outlet)
    if dev is not None and dev.room is not None and dev.room.floor is not None:
        return dev.room.floor.id
    new = next((d for d in result.devices if d.id == outlet), None)
    room = site.rooms.get(new.room) if new is not None and new.room else None
    return room.floor.id if room is not None and room.floor is not None else None


def _bom(result: PlanResult) -> list[tuple[str, str, float | int, str]]:
    out = []
    metres: Counter = Counter()
    for c in result.cables:
        if c.kind in ("horizontal", "voice"):
            metres[c.type] += c.length
    for t, m in sorted(metres.items()):
        out.append((f"{t} horizontal cable", f"box of {CABLE_BOX_M} m", math.ceil(m / CABLE_BOX_M),
                    f"{m:g} m needed"))
    jacks = sum(1 for c in result.cables if c.kind in ("horizontal", "voice"))
    if jacks:
        out.append(("RJ45 keystone jack (outlet end)", "piece", jacks, ""))
    jumpers = sum(1 for c in result.cables if c.kind == "jumper")
    if jumpers:
        out.append(("cross-connect jumper wire, 1 pair", "piece", jumpers, "one per jumper task"))
    faceplates = Counter(d.model for d in result.devices if d.role in OUTLET_ROLES)
    for model, n in sorted(faceplates.items()):
        out.append((f"faceplate {model}", "piece", n, ""))
    cords = Counter((c.type, c.length) for c in result.cables if c.kind in ("patch", "work-area"))
    for (t, length), n in sorted(cords.items()):
        out.append((f"{t} patch cord {length:g} m", "piece", n, ""))
    devices = Counter((d.role, d.model, d.proposed) for d in result.devices if d.role not in OUTLET_ROLES)
    for (role, model, proposed), n in sorted(devices.items()):
        out.append((f"{role} {model}", "piece", n, "proposed by the planner" if proposed else ""))
    return out


def _labels(result: PlanResult) -> list[LabelRow]:
    out = []
    for j in result.jacks:
        if not j.label:
            continue
        if j.cable is not None:
            out.append(LabelRow(j.label, f"cable {j.cable}, outlet end ({j.outlet}:{j.jack})", j.cable, j.label))
            out.append(LabelRow(j.label, f"cable {j.cable}, panel end ({j.panel_port})", j.cable, j.label))
            out.append(LabelRow(j.label, f"faceplate {j.outlet}, jack {j.jack}", None, j.label))
            out.append(LabelRow(j.label, f"panel port {j.panel_port}", None, j.label))
    cables = {c.id: c for c in result.cables}
    for v in result.voice:
        label = cables[v.cable].label
        if label:
            out.append(LabelRow(label, f"cable {v.cable}, outlet end ({v.outlet}:{v.jack})", v.cable, label))
            out.append(LabelRow(label, f"cable {v.cable}, block end ({v.station_pair})", v.cable, label))
            out.append(LabelRow(label, f"faceplate {v.outlet}, jack {v.jack}", None, label))
    return out


def _checklist(result: PlanResult) -> list[str]:
    links = sum(1 for j in result.jacks if j.cable is not None)
    within = float(standards.TIA606_LABEL_WITHIN_MM_OF_END)
    return [
        f"Every one of the {links} new links certified (permanent link) and passed; tester results returned as CSV",
        f"Every new cable labelled at both ends within {within:g} mm, faceplates and panel ports labelled",
        f"No permanent link longer than {float(standards.PERMANENT_LINK_MAX_M):g} m (certified lengths)",
        "Service loops left at the rack and at each outlet; pathways not filled past their capacity",
        "Patch cords as listed, switch ports enabled by the network team as the network note says",
        *([f"Every one of the {len(result.voice)} analog extensions tested: dial tone at its jack and a call to it "
           "rings there; jumpers as listed, block pairs recorded"] if result.voice else []),
        "Decommissioned cables recovered, or labelled DECOMMISSIONED at both ends; work area cleaned; as-built returned",
    ]


# ------------------------------------------------------------------ writers
TASK_HEADERS = ["space", "floor", "number", "kind", "task", "cable", "length_m", "result"]
NETWORK_HEADERS = ["switch_port", "jack", "services", "poe", "vlan", "voice_vlan"]
BOM_HEADERS = ["item", "unit", "quantity", "note"]
LABEL_HEADERS = ["label", "where", "cable", "link"]


def _rows(wo: WorkOrders) -> dict[str, tuple[list, list]]:
    return {
        "tasks": (TASK_HEADERS, [[t.space, t.floor, t.number, t.kind, t.text, t.cable, t.length_m, t.result]
                                 for t in wo.tasks]),
        "network": (NETWORK_HEADERS, [[n.switch_port, n.jack, n.services, n.poe, n.vlan, n.voice_vlan]
                                      for n in wo.network]),
        "bom": (BOM_HEADERS, [list(b) for b in wo.bom]),
        "labels": (LABEL_HEADERS, [[x.label, x.where, x.cable, x.link] for x in wo.labels]),
        "acceptance": (["check", "done"], [[c, ""] for c in wo.checklist]),
    }


def file_stem(wo: WorkOrders) -> str:
    """The start of the work orders' file names: the plan id, made a safe file name (``../x`` -> ``x``)."""
    from ..fileio import safe_name

    return safe_name(wo.plan_id)


def to_csv_files(wo: WorkOrders) -> dict[str, str]:
    """File name -> CSV text, one file per part (tasks, network, bom, labels, acceptance)."""
    out = {}
    for name, (headers, rows) in _rows(wo).items():
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(headers)
        w.writerows([["" if v is None else (f"{v:g}" if isinstance(v, float) else v) for v in r] for r in rows])
        out[f"{file_stem(wo)}-{name}.csv"] = buf.getvalue()
    return out


SHEETS = {"tasks": "Tasks", "network": "Network", "bom": "Bill of materials", "labels": "Labels",
          "acceptance": "Acceptance"}


def to_csv_zip(wo: WorkOrders) -> bytes:
    """The CSV files (:func:`to_csv_files`) in one zip archive (fixed dates: same input, same bytes)."""
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in sorted(to_csv_files(wo).items()):
            z.writestr(zipfile.ZipInfo(name, (2000, 1, 1, 0, 0, 0)), text.encode("utf-8"))
    return buf.getvalue()


def to_xlsx(wo: WorkOrders) -> bytes:
    """A workbook with one sheet per part, for contractors who edit."""
    import datetime as dt

    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.remove(wb.active)
    bold = Font(bold=True)
    for name, (headers, rows) in _rows(wo).items():
        ws = wb.create_sheet(SHEETS[name])
        ws.append(headers)
        for c in ws[1]:
            c.font = bold
        for r in rows:
            ws.append(r)
    wb.properties.title = f"Work orders {wo.plan_id}"
    wb.properties.created = wb.properties.modified = dt.datetime(2000, 1, 1)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
