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


def generate_site(outlets: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    floors = (outlets + PER_FLOOR - 1) // PER_FLOOR
    width = len(str(min(outlets, PER_FLOOR)))
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
                   f"outline: [[0, 0], [{_fmt(FLOOR_W)}, 0], [{_fmt(FLOOR_W)}, {_fmt(FLOOR_D)}], [0, {_fmt(FLOOR_D)}]]}}")
    out.append("rooms:")
    for f in range(1, floors + 1):
        out.append(f"  - {{id: '{f}-TR', floor: '{f}', name: Telecom room {f}A, polygon: [[0, 0], [6, 0], [6, 5], [0, 5]]}}")
        out.append(f"  - {{id: '{f}-OPEN', floor: '{f}', name: Open office, "
                   f"polygon: [[6, 0], [{_fmt(FLOOR_W)}, 0], [{_fmt(FLOOR_W)}, {_fmt(FLOOR_D)}], [0, {_fmt(FLOOR_D)}], [0, 5], [6, 5]]}}")
    out.append("telecom_spaces:")
    for f in range(1, floors + 1):
        out.append(f"  - {{id: '{f}A', room: '{f}-TR', kind: {'mdf' if f == 1 else 'idf'}}}")
    out.append("racks:")
    for f in range(1, floors + 1):
        out.append(f"  - {{id: R-{f}A-1, space: '{f}A', u_height: 42, at: [3, 2.5]}}")
    devices, cables = ["devices:"], ["cables:"]
    remaining = outlets
    for f in range(1, floors + 1):
        on_floor = min(remaining, PER_FLOOR)
        remaining -= on_floor
        ts = f"{f}A"
        first = 1
        for k in range((on_floor + PER_PANEL - 1) // PER_PANEL):
            n = min(PER_PANEL, on_floor - k * PER_PANEL)
            letter = string.ascii_uppercase[k]
            lo, hi = first, first + n - 1
            first += n
            rng_o = f"[{lo:0{width}d}-{hi:0{width}d}]" if n > 1 else f"{lo:0{width}d}"
            ports = f"[1-{n}]" if n > 1 else "1"
            panel, switch = f"PP-{ts}-{letter}", f"SW-{ts}-{k + 1}"
            y = 8 + 4 * k
            devices += [
                f"  - {{id: {panel}, model: cabling-cat6-panel-48, rack: R-{ts}-1, u: {41 - 3 * k}}}",
                f"  - {{id: {switch}, model: cabling-switch-48-poe, rack: R-{ts}-1, u: {40 - 3 * k}}}",
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
