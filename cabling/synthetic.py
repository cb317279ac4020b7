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
