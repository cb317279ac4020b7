"""Plain-text views for the terminal: tables and traced paths."""
from __future__ import annotations

from .model import Inventory, Port
from .trace import CABLES, Path


def table(rows: list[dict], columns: list[str]) -> str:
    cells = [[("" if r.get(c) is None else str(r.get(c))) for c in columns] for r in rows]
    widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.upper().ljust(w) for c, w in zip(columns, widths)).rstrip()]
    for row in cells:
        lines.append("  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip())
    return "\n".join(lines)


def describe_port(inv: Inventory, p: Port) -> str:
    dev = p.device
    where = []
    if dev.room is not None:
        where.append(f"room {dev.room.id}")
    if dev.rack is not None:
        where.append(f"rack {dev.rack.id}" + (f" U{dev.u:g}" if dev.u is not None else ""))
    place = f", {', '.join(where)}" if where else ""
    return f"{p.kind} port of {dev.role} {inv.device_ref(dev)}{place}"


def _status(path: Path) -> str:
    words = ["complete" if path.complete else "incomplete", "active" if path.active else "not active"]
    if path.split:
        words.append("split")
    if path.length_m is not None:
        words.append(f"{path.length_m:g} m" + ("" if path.length_definitive else " (some cable lengths unknown)"))
    elif path.cables:
        words.append("length unknown")
    return ", ".join(words)


def _ending(inv: Inventory, path: Path) -> str:
    last = path.destination
    if path.complete:
        return "ends at " + ", ".join(f"{inv.ref(p)} ({p.device.role} {inv.device_ref(p.device)})" for p in last)
    if path.split:
        return "splits after " + ", ".join(inv.ref(p) for p in last) + ": the positions beyond cannot be told apart"
    if not last:
        return "no path"
    p = last[0]
    if p.cable is None:
        if len(path.steps) == 1:
            return f"stops at once: {inv.ref(p)} has no cable"
        return f"stops at {', '.join(inv.ref(q) for q in last)}: nothing is connected there"
    return f"stops at {', '.join(inv.ref(q) for q in last)}"


def trace_text(inv: Inventory, origin: Port, paths: list[Path]) -> str:
    out = [f"Trace from {inv.ref(origin)} ({describe_port(inv, origin)})"]
    for n, path in enumerate(paths, 1):
        if len(paths) > 1:
            heading = ("along its cable" if path.direction == "cable"
                       else f"through {origin.device.role} {inv.device_ref(origin.device)}")
            out.append(f"\nPath {n} of {len(paths)}, {heading}: {_status(path)}")
        else:
            out.append(f"\nPath: {_status(path)}")
        for step in path.steps:
            if step.kind == CABLES:
                for c in step.items:
                    bits = [c.type or "type unknown", f"{c.length:g} m" if c.length is not None else "length unknown",
                            c.status]
                    if c.label:
                        bits.append(f"label {c.label}")
                    out.append(f"    |  cable {c.id}  ({', '.join(bits)})")
            else:
                for p in step.items:
                    out.append(f"  {inv.ref(p):<28} {p.kind:<14} {p.device.role} {inv.device_ref(p.device)}")
        out.append(f"  -> {_ending(inv, path)}")
    return "\n".join(out)
