"""``cabling impact``: what breaks if a cable, port, device, rack, telecom space, room or floor fails."""
from __future__ import annotations

import json
import os
import sys

from .common import EXIT_OK, EXIT_USAGE, add_cache_option, answer_key, load_or_report

_REASONS = {"path": "on the failed path", "failed": "failed", "unpowered": "no power"}


def register(sub, groups) -> None:
    p = sub.add_parser("impact", help="what breaks if a part fails",
                       description="List every outlet jack and end device that loses service when the named parts "
                                   "fail together: a cable, a port (DEVICE:PORT), a device (panel, switch, PDU ...), "
                                   "a rack, a telecom space, a room or a floor. Counts first, then room by room. "
                                   "Where an id names several kinds of part, write the kind first: space:2A. "
                                   "Exit 0, or 2 when a part is unknown.")
    p.add_argument("args", nargs="+", metavar="PATH... REF...",
                   help="site files or folders, then one or more parts, e.g. SW-1A-1 BB-1A/2A-1 2A")
    p.add_argument("--json", action="store_true", help="print the counts and the affected jacks and devices as JSON")
    add_cache_option(p)
    p.set_defaults(func=run)


def split_paths(args: list[str]) -> tuple[list[str], list[str]]:
    """Leading arguments that exist on disk are site paths; the rest are references."""
    n = 0
    while n < len(args) and os.path.exists(args[n]):
        n += 1
    n = max(n, 1)
    return args[:n], args[n:]


def run(args) -> int:
    paths, refs = split_paths(args.args)
    if not refs:
        print("cabling impact: give the site file(s) and then what fails, e.g. "
              "cabling impact sites/branch.yaml SW-2A-1", file=sys.stderr)
        return EXIT_USAGE
    code, out, err = answer(args, paths, refs)
    sys.stderr.write(err)
    sys.stdout.write(out)
    return code


def answer(args, paths, refs) -> tuple[int, str, str]:
    """(exit code, standard output, standard error) of ``cabling impact``, kept in the cache
    (:func:`cabling.readers.cache.answer`) under the files' contents and what they read, cabling's version, the
    parts asked about and what shapes the text (``--json``, the tables' width): asking again costs reading it back."""
    from ..readers import cache

    what = answer_key(f"impact json={args.json} " + "\0".join(refs))
    return cache.answer(paths, what, lambda: _answer(args, paths, refs))


def _answer(args, paths, refs):
    """((exit code, standard output, standard error), the inventory, or None when the answer must not be kept)."""
    from ..analysis.impact import build_index, impact, resolve_target

    inv = load_or_report(paths)
    if inv is None:
        return (EXIT_USAGE, "", ""), None  # its problems printed, every time
    targets, problems = [], []
    for ref in refs:
        t, problem = resolve_target(inv, ref)
        if t is None:
            problems.append(problem)
        else:
            targets.append(t)
    if problems:
        return (EXIT_USAGE, "", "".join(f"cabling impact: {problem}\n" for problem in problems)), inv
    phone_of = None
    if inv.telephony is not None and inv.telephony.extensions:
        from ..telephony.directory import phone_numbers

        phone_of = phone_numbers(inv)
    result = impact(build_index(inv), targets, phone_of)
    if args.json:
        return (EXIT_OK, json.dumps(result.to_json(inv), indent=1) + "\n", ""), inv
    return (EXIT_OK, impact_text(inv, result) + "\n", ""), inv


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def _why(inv, item) -> str:
    if item.reason == "upstream":
        text = f"cut off with {inv.device_ref(item.via)}" if item.via is not None else "cut off"
    elif item.reason == "unpowered":
        text = "no power" + (f" from {inv.device_ref(item.via)}" if item.via is not None else "")
    else:
        text = _REASONS[item.reason]
    if getattr(item, "already_down", False):
        text += "; already down"
    if getattr(item, "active", True) is False:
        text += "; path not all installed"
    return text


def impact_text(inv, result) -> str:
    from ..renderers.text import table

    c = result.counts()
    roles = ", ".join(f"{n} {role}" for role, n in c["by_role"].items())
    lines = ["Failed: " + ", ".join(t.label for t in result.targets),
             f"Affected: {_plural(c['jacks'], 'outlet jack')} ({c['jacks_in_use']:,} in use), "
             f"{_plural(c['end_devices'], 'end device')}" + (f" ({roles})" if roles else "")
             + f", {_plural(c['network_devices'], 'network device')}; "
             f"{_plural(c['rooms'], 'room')} on {_plural(c['floors'], 'floor')}"]
    if result.network:
        lines += ["", "Network devices down or cut off:"]
        rows = [{"device": inv.device_ref(a.device), "role": a.device.role,
                 "where": a.device.rack.id if a.device.rack is not None else _id(a.room), "why": _why(inv, a)}
                for a in result.network]
        lines.append(_indent(table(rows, ["device", "role", "where", "why"])))
    for r in result.rooms:
        floor = r.floor
        head = "No room" if r.room is None else (
            f"Room {r.room.id}" + (f" ({r.room.name})" if r.room.name else "")
            + (f", floor {floor.id}" + (f" ({floor.name})" if floor.name else "") if floor is not None else ""))
        lines += ["", f"{head}: {_plural(len(r.jacks), 'jack')}, {_plural(len(r.devices), 'end device')}"]
        rows = [{"item": inv.ref(j.port), "kind": "jack",
                 "connects": " - ".join(x for x in (inv.device_ref(j.device) if j.device else "(nothing plugged in)",
                                                    inv.ref(j.switch_port) if j.switch_port else "(not patched)")),
                 "extension": j.phone, "why": _why(inv, j)} for j in r.jacks]
        rows += [{"item": inv.device_ref(d.device), "kind": d.device.role, "connects": "", "extension": d.phone,
                  "why": _why(inv, d)} for d in r.devices]
        cols = ["item", "kind", "connects"] + (["extension"] if any(x["extension"] for x in rows) else []) + ["why"]
        lines.append(_indent(table(rows, cols)))
    if not result.rooms and not result.network:
        lines += ["", "Nothing in service runs through it."]
    return "\n".join(lines)


def _id(x):
    return x.id if x is not None else None


def _indent(text: str) -> str:
    return "\n".join("  " + line for line in text.splitlines())
