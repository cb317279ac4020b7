"""Plain-text views for the terminal: tables and traced paths."""
from __future__ import annotations

from ..analysis.trace import CABLES, ENDS_AT, Path, is_spare
from ..model import CircuitTermination, Inventory, Port


#: When set (the CLI sets it for a terminal), tables are cut to this many columns: the widest cells
#: are shortened with an ellipsis until a row fits. None: every cell in full (pipes, files, tests).
FIT_WIDTH: int | None = None
_MIN_CELL = 6


def _fit(widths: list[int], columns: list[str], width: int) -> list[int]:
    widths = list(widths)
    floors = [max(_MIN_CELL, len(c)) for c in columns]
    while sum(widths) + 2 * (len(widths) - 1) > width:
        can = [k for k in range(len(widths)) if widths[k] > floors[k]]
        if not can:
            break
        widths[max(can, key=lambda k: widths[k] - floors[k])] -= 1
    return widths


def _cut(value: str, w: int) -> str:
    return value if len(value) <= w else value[:max(w - 1, 0)] + "\u2026"


def table(rows: list[dict], columns: list[str], width: int | None = None) -> str:
    """Rows as aligned text columns under upper-case headers, cut to ``width`` (default :data:`FIT_WIDTH`).

    Too wide for ``width``: the widest cells are shortened with an ellipsis; a table that still does not
    fit is shown in parts of as many columns as fit, each repeating the first column."""
    cells = [[("" if r.get(c) is None else str(r.get(c))) for c in columns] for r in rows]
    widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(columns)]
    width = FIT_WIDTH if width is None else width
    if width and sum(widths) + 2 * (len(widths) - 1) > width:
        floors = [max(_MIN_CELL, len(c)) for c in columns]
        if sum(floors) + 2 * (len(floors) - 1) > width and len(columns) > 2:
            parts, i = [], 1
            while i < len(columns):
                used, j = floors[0] + 2 + floors[i], i + 1
                while j < len(columns) and used + 2 + floors[j] <= width:
                    used += 2 + floors[j]
                    j += 1
                keep = [0, *range(i, j)]
                parts.append(table([{columns[k]: rows[n].get(columns[k]) for k in keep} for n in range(len(rows))],
                                   [columns[k] for k in keep], width))
                i = j
            return "\n\n".join(parts)
        fitted = _fit(widths, columns, width)
        if fitted != widths:
            widths = fitted
            cells = [[_cut(v, w) for v, w in zip(row, widths)] for row in cells]
    lines = ["  ".join(c.upper().ljust(w) for c, w in zip(columns, widths)).rstrip()]
    for row in cells:
        lines.append("  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip())
    return "\n".join(lines)


def _circuit(t: CircuitTermination) -> str:
    c = t.circuit
    extra = ", ".join(x for x in (c.provider, c.type) if x)
    return f"side {t.side} of circuit {c.id}" + (f" ({extra})" if extra else "")


def describe_port(inv: Inventory, p: Port) -> str:
    if p.__class__ is CircuitTermination:
        return _circuit(p)
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
    if path.loop:
        words.append("LOOP")
    if path.length_m is not None:
        words.append(f"{path.length_m:g} m" + ("" if path.length_definitive else " (some cable lengths unknown)"))
    elif path.cables:
        words.append("length unknown")
    return ", ".join(words)


def _owner(inv: Inventory, p) -> str:
    if p.__class__ is CircuitTermination:
        return _circuit(p)
    return f"{p.device.role} {inv.device_ref(p.device)}"


def _ending(inv: Inventory, path: Path) -> str:
    last = path.destination
    if path.steps and path.steps[-1].kind == ENDS_AT:
        where = path.steps[-1].items[0]
        return (f"reaches the provider network {where}" if path.complete
                else f"the circuit ends at {where}, with no cable beyond")
    if path.loop:
        return loop_text(inv, path)
    if path.complete:
        return "ends at " + ", ".join(f"{inv.ref(p)} ({_owner(inv, p)})" for p in last)
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


def _telephony_view(inv: Inventory):
    """The telephony view module when the inventory has telephony (pairs, colours, extensions, lines), else None."""
    t = inv.telephony
    if t is None or not (t.blocks or t.extensions or t.lines):
        return None
    from ..telephony import pairs

    return pairs


def loop_text(inv: Inventory, path: Path) -> str:
    """Where a looping path closes: the port(s) it comes back to and the cable it comes back over."""
    at = ", ".join(inv.ref(p) for p in path.loop_at)
    over = f" over cable {path.loop_cable.id}" if path.loop_cable is not None else ""
    return (f"cabling loop: the path comes back to {at}{over} and would go round forever; "
            "traced once round and stopped")


def _short_end(inv: Inventory, path: Path) -> str:
    """Where one position's path ends, in a few words."""
    if path.loop:
        return "LOOP at " + ", ".join(inv.ref(p) for p in path.loop_at)
    last = path.destination
    where = ", ".join(inv.ref(p) for p in last) if last else "nothing"
    if path.complete:
        return f"{where} ({'complete' if path.active else 'complete, not active'})"
    if path.split:
        return f"{where} (split)"
    return f"{where} (stops: nothing connected)" if last and last[0].cable is None else f"{where} (stops)"


def positions_text(inv: Inventory, origin: Port, paths: list[Path]) -> str:
    """A trunk end's positions as one summary: per position, where it ends on each side."""
    from ..polarity import method

    cable = origin.cable
    head = f"Trace from {inv.ref(origin)} ({describe_port(inv, origin)}, {origin.positions} positions)"
    if cable is not None:
        bits = [cable.type or "type unknown", f"{cable.length:g} m" if cable.length is not None else "length unknown",
                f"polarity {method(cable) or 'not declared (positions kept, method A)'}"]
        head += f"\ntrunk cable {cable.id} ({', '.join(bits)})"
    else:
        head += "\nno trunk cable on it"
    rows, used, spare, faults = [], 0, 0, 0
    for along, through in zip(paths[::2], paths[1::2]):
        if is_spare(along, through):
            state = "spare"
            spare += 1
        elif all(p.complete and p.active and not p.split and not p.loop for p in (along, through)):
            state = "ok"
            used += 1
        else:
            state = "FAULT"
            faults += 1
        rows.append({"pos": along.position, "this side": _short_end(inv, through),
                     "far side": _short_end(inv, along), "state": state})
    summary = (f"{used} position(s) in use end to end, {spare} spare (nothing patched at either end), "
               f"{faults} with a fault; trace one with --position N")
    return "\n".join([head, "", table(rows, ["pos", "this side", "far side", "state"]), "", summary])


def trace_text(inv: Inventory, origin: Port, paths: list[Path]) -> str:
    tel = _telephony_view(inv)
    width = max([28] + [len(inv.ref(p)) for path in paths for st in path.steps if st.kind == "ports" for p in st.items])
    out = [f"Trace from {inv.ref(origin)} ({describe_port(inv, origin)})"]
    for n, path in enumerate(paths, 1):
        if len(paths) > 1:
            heading = "along its cable" if path.direction == "cable" else f"through {_owner(inv, origin)}"
            if path.position is not None:
                heading = f"position {path.position}, {heading}"
            out.append(f"\nPath {n} of {len(paths)}, {heading}: {_status(path)}")
        else:
            out.append(f"\nPath: {_status(path)}")
        pairs = tel.cable_pairs(inv.telephony, path) if tel else {}
        for i, step in enumerate(path.steps):
            if step.kind == ENDS_AT:
                out.append(f"  == {step.items[0]}")
            elif step.kind == CABLES:
                for c in step.items:
                    word = inv.telephony.cable_word(c) if tel is not None and c.type is None else None
                    bits = [c.type or word or "type unknown",
                            f"{c.length:g} m" if c.length is not None else "length unknown", c.status]
                    if c.label:
                        bits.append(f"label {c.label}")
                    on_pair = f", {tel.pair_text(pairs[i])}" if i in pairs else ""
                    out.append(f"    |  cable {c.id}  ({', '.join(bits)}){on_pair}")
            else:
                for p in step.items:
                    line = (f"  {inv.ref(p):<{width}} {p.kind if p.__class__ is Port else 'circuit':<14} "
                            f"{_owner(inv, p)}")
                    block_pair = tel.block_pair_text(inv.telephony, p) if tel and p.__class__ is Port else None
                    out.append(f"{line}  {block_pair}" if block_pair else line)
        out.append(f"  -> {_ending(inv, path)}")
        if tel:
            found = tel.ends(inv.telephony, path)
            out.extend(f"     {tel.extension_text(e)}" for e in found.extensions)
            out.extend(f"     {tel.line_text(ln)}" for ln in found.lines)
    return "\n".join(out)
