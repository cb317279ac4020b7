"""Synthetic sites of any size, written in the bulk notation (for benchmarks and tests).

The layout follows common practice: one telecom room per floor (``1A``,
``2A`` ...) with one rack of 48-port Cat6 panels and 48-port PoE switches;
up to 480 single-jack outlets per floor in one open office; every outlet wired
to a panel rear port, every panel front port patched to a switch port, and an
IP phone on the first half of each panel's outlets. The same outlet count and seed always give the
same file.
"""
from __future__ import annotations

import math
import random
import string

PER_PANEL = 48
PANELS_PER_FLOOR = 10
PER_FLOOR = PER_PANEL * PANELS_PER_FLOOR
FLOOR_W, FLOOR_D = 80.0, 50.0


def _fmt(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def floor_depth(panels_per_floor: int = PANELS_PER_FLOOR) -> float:
    """Depth (north-south, m) of a floor with that many rows of outlets, one row per panel, 4 m apart."""
    return max(FLOOR_D, 8 + 4 * (panels_per_floor - 1) + 6)


def _letters(k: int) -> str:
    """Panel letter: A .. Z, then AA, AB, ..."""
    return string.ascii_uppercase[k] if k < 26 else string.ascii_uppercase[k // 26 - 1] + string.ascii_uppercase[k % 26]


def generate_site(outlets: int, seed: int = 1, panels_per_floor: int = PANELS_PER_FLOOR) -> str:
    """The site text; ``panels_per_floor`` (48 outlets each) sets how many outlets share a floor.

    With more than 10 panels a floor gets deeper (a row of outlets per panel) and a rack per 10 panels.
    """
    rng = random.Random(seed)
    per_floor = PER_PANEL * panels_per_floor
    depth = floor_depth(panels_per_floor)
    floors = (outlets + per_floor - 1) // per_floor
    racks = (panels_per_floor + 9) // 10
    width = len(str(min(outlets, per_floor)))
    width = max(width, 3)
    out = [
        "# yaml-language-server: $schema=../schemas/site.schema.json",
        f"# Synthetic site: {outlets} outlets on {floors} floor(s), seed {seed}. Written by 'cabling generate'.",
        "site:",
        f"  id: synthetic-{outlets}",
        f"  name: Synthetic campus building ({outlets} outlets)",
        "floors:",
    ]
    for f in range(1, floors + 1):
        out.append(f"  - {{id: '{f}', level: {f - 1}, height: 3.6, "
                   f"outline: [[0, 0], [{_fmt(FLOOR_W)}, 0], [{_fmt(FLOOR_W)}, {_fmt(depth)}], [0, {_fmt(depth)}]]}}")
    out.append("rooms:")
    for f in range(1, floors + 1):
        out.append(f"  - {{id: '{f}-TR', floor: '{f}', name: Telecom room {f}A, polygon: [[0, 0], [6, 0], [6, 5], [0, 5]]}}")
        out.append(f"  - {{id: '{f}-OPEN', floor: '{f}', name: Open office, "
                   f"polygon: [[6, 0], [{_fmt(FLOOR_W)}, 0], [{_fmt(FLOOR_W)}, {_fmt(depth)}], [0, {_fmt(depth)}], [0, 5], [6, 5]]}}")
    out.append("telecom_spaces:")
    for f in range(1, floors + 1):
        out.append(f"  - {{id: '{f}A', room: '{f}-TR', kind: {'mdf' if f == 1 else 'idf'}}}")
    out.append("racks:")
    for f in range(1, floors + 1):
        for r in range(racks):
            out.append(f"  - {{id: R-{f}A-{r + 1}, space: '{f}A', u_height: 42, at: [{_fmt(3 - 0.8 * r)}, 2.5]}}")
    devices, cables = ["devices:"], ["cables:"]
    remaining = outlets
    for f in range(1, floors + 1):
        on_floor = min(remaining, per_floor)
        remaining -= on_floor
        ts = f"{f}A"
        first = 1
        for k in range((on_floor + PER_PANEL - 1) // PER_PANEL):
            n = min(PER_PANEL, on_floor - k * PER_PANEL)
            letter = _letters(k)
            lo, hi = first, first + n - 1
            first += n
            rng_o = f"[{lo:0{width}d}-{hi:0{width}d}]" if n > 1 else f"{lo:0{width}d}"
            ports = f"[1-{n}]" if n > 1 else "1"
            panel, switch = f"PP-{ts}-{letter}", f"SW-{ts}-{k + 1}"
            y = 8 + 4 * k
            devices += [
                f"  - {{id: {panel}, model: cabling-cat6-panel-48, rack: R-{ts}-{k // 10 + 1}, u: {41 - 3 * (k % 10)}}}",
                f"  - {{id: {switch}, model: cabling-switch-48-poe, rack: R-{ts}-{k // 10 + 1}, u: {40 - 3 * (k % 10)}}}",
                f"  - {{id: '{ts}-{rng_o}', model: cabling-outlet-1, room: '{f}-OPEN', along: [[8, {y}], [78, {y}]]}}",
            ]
            phones = n // 2
            if phones:
                p_hi = lo + phones - 1
                rng_p = f"[{lo:0{width}d}-{p_hi:0{width}d}]" if phones > 1 else f"{lo:0{width}d}"
                devices.append(f"  - {{id: 'PH-{ts}-{rng_p}', model: cabling-ip-phone, room: '{f}-OPEN', "
                               f"along: [[8, {y + 1}], [78, {y + 1}]]}}")
            # a recorded length is never shorter than the straight line from the rack plus its service
            # loops, and stays within the 90 m permanent link
            xs = [8 + 70 * i / (n - 1) if n > 1 else 43 for i in range(n)]
            lengths = ", ".join(_fmt(min(90.0, math.ceil((math.hypot(x - 3, y - 2.5) + rng.uniform(3.5, 8)) * 10) / 10))
                                for x in xs)
            cables += [
                f"  - id: H-{ts}-{rng_o}",
                f"    a: {ts}-{rng_o}:R1",
                f"    b: {panel}:R{ports}",
                "    type: cat6",
                f"    label: {ts}-{letter}" + (f"[01-{n:02d}]" if n > 1 else "01"),
                f"    length: [{lengths}]",
                f"  - {{id: 'PC-{ts}-{rng_o}', a: '{panel}:{ports}', b: '{switch}:Gi1/0/{ports}', type: cat6, length: 1.5}}",
            ]
            if phones:
                cables.append(f"  - {{id: 'WA-{ts}-{rng_p}', a: '{ts}-{rng_p}:1', b: 'PH-{ts}-{rng_p}:LAN', "
                              f"type: cat6, length: 3}}")
    return "\n".join(out + devices + cables) + "\n"


# ---------------------------------------------------------------------------------------------- campus
CAMPUS_BUILDING_OUTLETS = 5000  # about this many outlets per building
CAMPUS_W, CAMPUS_D = 80.0, 50.0
_RACK = (40.0, 2.5)  # the telecom room sits mid-way along the south wall: no outlet is 90 m of cable away
_TRAY_Y = 5.5  # the corridor's cable tray, just north of the telecom room
PLANNED_SHARE, FAULTY_SHARE = 0.04, 0.03  # of panels whose patch cords are planned, whose phone cords are faulty


def _campus_length(rng: random.Random, x: float, y: float) -> float:
    """A horizontal cable's recorded length: its way along the tray to the rack, service loops, and spare."""
    run = abs(y - _TRAY_Y) + abs(x - _RACK[0]) + (_TRAY_Y - _RACK[1])
    return min(90.0, math.ceil((run + 3.3 + rng.uniform(0.5, 5.0)) * 10) / 10)


class _Cables:
    """Cable entries, written in the bulk notation or (``expanded``) one entry per cable."""

    def __init__(self, expanded: bool):
        self.expanded = expanded
        self.lines = ["cables:"]

    def add(self, id, a, b, type, length, label=None, status=None) -> None:
        from ..refs import expand

        extra = (f", status: {status}" if status else "")
        if not self.expanded:
            lab = f", label: '{label}'" if label else ""
            if isinstance(length, list):
                lengths = ", ".join(_fmt(v) for v in length)
                self.lines.append(f"  - {{id: '{id}', a: '{a}', b: '{b}', type: {type}{lab}, "
                                  f"length: [{lengths}]{extra}}}")
            else:
                self.lines.append(f"  - {{id: '{id}', a: '{a}', b: '{b}', type: {type}{lab}, "
                                  f"length: {_fmt(length)}{extra}}}")
            return
        ids, ends_a, ends_b = expand(id), expand(a), expand(b)
        labels = expand(label) if label else [None] * len(ids)
        lengths = length if isinstance(length, list) else [length] * len(ids)
        for k, cid in enumerate(ids):
            pick = (lambda xs: xs[k] if len(xs) > 1 else xs[0])
            lab = f", label: '{pick(labels)}'" if labels[0] else ""
            self.lines.append(f"  - {{id: '{cid}', a: '{pick(ends_a)}', b: '{pick(ends_b)}', type: {type}{lab}, "
                              f"length: {_fmt(lengths[k])}{extra}}}")


def generate_campus(outlets: int, seed: int = 1, expanded: bool = False, progress=None) -> str:
    """A campus: several buildings of several floors, each floor with offices, a corridor tray and a
    telecom room (the floor's zone, every outlet within 90 m of cable); a riser per building.

    Per floor: 48-port Cat6 panels and 48-port PoE switches, one row of single-jack outlets per
    panel in its office, IP phones on the first half of each row (work-area cords), patch cords;
    a fibre backbone: each floor's 12-port LC panel on an MPO-12 trunk (OM4) up the riser to a panel
    of its own in the building's main telecom room (floor 1), switch uplinks patched through to
    the building's core switches. Some panels' patch cords are planned, some phone cords faulty.
    ``expanded`` writes one entry per cable instead of the bulk notation. Deterministic for a seed.
    ``progress``, if given, is called as ``progress(buildings done, buildings)`` before each building.
    """
    rng = random.Random(seed)
    buildings = max(1 if outlets < 200 else 2, math.ceil(outlets / CAMPUS_BUILDING_OUTLETS))
    shares = [outlets // buildings + (1 if b < outlets % buildings else 0) for b in range(buildings)]
    width = max(3, len(str(PER_FLOOR)))
    head = [
        "# yaml-language-server: $schema=../schemas/site.schema.json",
        f"# Synthetic campus: {outlets} outlets in {buildings} building(s), seed {seed}. "
        f"Written by 'cabling generate{' --expanded' if expanded else ''}'.",
        "site:",
        f"  id: campus-{outlets}",
        f"  name: Synthetic campus ({outlets} outlets, {buildings} buildings)",
    ]
    floors, rooms, spaces, racks, pathways = ["floors:"], ["rooms:"], ["telecom_spaces:"], ["racks:"], ["pathways:"]
    devices = ["devices:"]
    cables = _Cables(expanded)
    W, D = _fmt(CAMPUS_W), _fmt(CAMPUS_D)
    for b, share in enumerate(shares, start=1):
        if progress is not None:
            progress(b - 1, buildings)
        n_floors = max(1, math.ceil(share / PER_FLOOR))
        floor_ids = [f"B{b}-{f}" for f in range(1, n_floors + 1)]
        if n_floors > 1:
            pathways.append(f"  - {{id: RISER-B{b}, kind: riser, at: [{_fmt(_RACK[0])}, 4], "
                            f"floors: [{', '.join(repr(x) for x in floor_ids)}], diameter_mm: 100}}")
        mdf = f"{b}-1A"
        uplinks = 0
        left = share
        for f, fid in enumerate(floor_ids, start=1):
            on_floor = min(left, PER_FLOOR)
            left -= on_floor
            ts = f"{b}-{f}A"
            rack = f"R-{ts}-1"
            floors.append(f"  - {{id: '{fid}', name: Building {b} floor {f}, level: {f - 1}, height: 3.6, "
                          f"outline: [[0, 0], [{W}, 0], [{W}, {D}], [0, {D}]]}}")
            rooms.append(f"  - {{id: '{fid}-TR', floor: '{fid}', name: Telecom room {ts}, "
                         f"polygon: [[37, 0], [43, 0], [43, 5], [37, 5]]}}")
            rooms.append(f"  - {{id: '{fid}-COR', floor: '{fid}', name: Corridor, polygon: [[0, 0], [37, 0], [37, 5], "
                         f"[43, 5], [43, 0], [{W}, 0], [{W}, 6], [0, 6]]}}")
            spaces.append(f"  - {{id: '{ts}', room: '{fid}-TR', kind: {'mdf' if f == 1 else 'idf'}}}")
            racks.append(f"  - {{id: {rack}, space: '{ts}', u_height: 42, at: [{_fmt(_RACK[0])}, {_fmt(_RACK[1])}]}}")
            pathways.append(f"  - {{id: T-{fid}, kind: tray, floor: '{fid}', path: [[2, {_fmt(_TRAY_Y)}], "
                            f"[78, {_fmt(_TRAY_Y)}]], width_mm: 600, depth_mm: 100}}")
            pathways.append(f"  - {{id: T-{fid}-TR, kind: tray, floor: '{fid}', path: [[40, {_fmt(_TRAY_Y)}], "
                            f"[{_fmt(_RACK[0])}, {_fmt(_RACK[1])}]], width_mm: 600, depth_mm: 100}}")
            n_panels = (on_floor + PER_PANEL - 1) // PER_PANEL
            if f > 1:  # the floor's fibre to the main telecom room
                devices.append(f"  - {{id: FP-{ts}, model: cabling-fibre-panel-mpo12, rack: {rack}, u: 2}}")
                devices.append(f"  - {{id: FP-{mdf}-{f}, model: cabling-fibre-panel-mpo12, rack: R-{mdf}-2, u: {f}}}")
                cables.add(f"MPO-B{b}-{f}", f"FP-{ts}:MPO", f"FP-{mdf}-{f}:MPO", "om4",
                           round(3.6 * (f - 1) + 12 + rng.uniform(0, 3), 1), label=f"{ts}-MPO")
            first = 1
            for k in range(n_panels):
                n = min(PER_PANEL, on_floor - k * PER_PANEL)
                letter = _letters(k)
                lo, hi = first, first + n - 1
                first += n
                rng_o = f"[{lo:0{width}d}-{hi:0{width}d}]" if n > 1 else f"{lo:0{width}d}"
                ports = f"[1-{n}]" if n > 1 else "1"
                panel, switch = f"PP-{ts}-{letter}", f"SW-{ts}-{k + 1}"
                y = 8 + 4 * k
                office = f"{fid}-OF{k + 1:02d}"
                top = _fmt(CAMPUS_D if k == n_panels - 1 else 10 + 4 * k)
                rooms.append(f"  - {{id: '{office}', floor: '{fid}', name: Office row {k + 1}, "
                             f"polygon: [[0, {6 + 4 * k}], [{W}, {6 + 4 * k}], [{W}, {top}], [0, {top}]]}}")
                devices += [
                    f"  - {{id: {panel}, model: cabling-cat6-panel-48, rack: {rack}, u: {41 - 3 * k}}}",
                    f"  - {{id: {switch}, model: cabling-switch-48-poe, rack: {rack}, u: {40 - 3 * k}}}",
                    f"  - {{id: '{ts}-{rng_o}', model: cabling-outlet-1, room: '{office}', along: [[6, {y}], [74, {y}]]}}",
                ]
                xs = [6 + 68 * i / (n - 1) if n > 1 else 40 for i in range(n)]
                cables.add(f"H-{ts}-{rng_o}", f"{ts}-{rng_o}:R1", f"{panel}:R{ports}", "cat6",
                           [_campus_length(rng, x, y) for x in xs],
                           label=f"{ts}-{letter}" + (f"[01-{n:02d}]" if n > 1 else "01"))
                cables.add(f"PC-{ts}-{rng_o}", f"{panel}:{ports}", f"{switch}:Gi1/0/{ports}", "cat6",
                           rng.choice((0.5, 1.0, 1.5, 2.0)), status="planned" if rng.random() < PLANNED_SHARE else None)
                phones = n // 2
                if phones:
                    p_hi = lo + phones - 1
                    rng_p = f"[{lo:0{width}d}-{p_hi:0{width}d}]" if phones > 1 else f"{lo:0{width}d}"
                    devices.append(f"  - {{id: 'PH-{ts}-{rng_p}', model: cabling-ip-phone, room: '{office}', "
                                   f"along: [[6, {y + 1}], [{_fmt(6 + 68 * (phones - 1) / max(1, n - 1))}, {y + 1}]]}}")
                    cables.add(f"WA-{ts}-{rng_p}", f"{ts}-{rng_p}:1", f"PH-{ts}-{rng_p}:LAN", "cat6",
                               rng.choice((2, 3, 5)), status="faulty" if rng.random() < FAULTY_SHARE else None)
                # the switch's uplink: through the floor's fibre panel and the trunk, or straight to the core
                core = f"CORE-B{b}-{uplinks // 4 + 1}:Te1/1/{uplinks % 4 + 1}"  # SFP+ cages: fibre uplinks
                uplinks += 1
                if f == 1:
                    cables.add(f"UP-{switch}", f"{switch}:Te1/1/1", core, "om4", 3)
                else:
                    cables.add(f"UP-{switch}", f"{switch}:Te1/1/1", f"FP-{ts}:{k + 1}", "om4", 1)
                    cables.add(f"UX-{switch}", f"FP-{mdf}-{f}:{k + 1}", core, "om4", 2)
        racks.append(f"  - {{id: R-{mdf}-2, space: '{mdf}', u_height: 42, at: [{_fmt(_RACK[0] - 0.8)}, {_fmt(_RACK[1])}]}}")
        for c in range((uplinks + 3) // 4):
            devices.append(f"  - {{id: CORE-B{b}-{c + 1}, model: cabling-switch-48-poe, rack: R-{mdf}-2, "
                           f"u: {40 - c}}}")
    return "\n".join(head + floors + rooms + spaces + racks + pathways + devices + cables.lines) + "\n"
