"""``cabling capacity``: free switch and panel ports, dark and empty jacks, utilisation per group."""
from __future__ import annotations

import csv
import json
import sys

from .common import EXIT_OK, EXIT_USAGE, add_cache_option, answer_key, load_or_report

BY = ("space", "floor", "room", "device")


def register(sub, groups) -> None:
    p = sub.add_parser("capacity", help="where there is room: free ports, dark jacks, utilisation",
                       description="Free switch ports (and which give PoE, and the PoE watts left per switch), free "
                                   "and dark panel ports, live, dark (cabled to a panel, not patched: ready with one "
                                   "patch cord) and empty outlet jacks, with utilisation per telecom space, floor, "
                                   "room or device.")
    p.add_argument("paths", nargs="+", metavar="PATH", help="site files or folders")
    p.add_argument("--by", choices=BY, default="space", help="one row per telecom space (default), floor, room or device")
    out = p.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="print the rows and every free port and jack as JSON")
    out.add_argument("--csv", action="store_true", help="print the rows as CSV")
    add_cache_option(p)
    p.set_defaults(func=run)


_COLUMNS = [  # (heading, row attribute or function)
    ("switch_ports", "switch_ports"), ("switch_free", "switch_free"), ("poe_free", "poe_free"),
    ("poe_w_left", "poe_remaining_w"), ("panel_ports", "panel_ports"), ("panel_free", "panel_free"),
    ("panel_dark", "panel_dark"), ("jacks", "jacks"), ("in_use", "jacks_in_use"), ("live", "jacks_live"),
    ("dark", "jacks_dark"), ("empty", "jacks_empty"), ("planned/faulty", "jacks_other"),
    ("switch_%", "switch_used_pct"),
    ("panel_%", "panel_used_pct"), ("jacks_%", "jacks_used_pct"),
]


def run(args) -> int:
    code, out = answer(args)
    sys.stdout.write(out)
    return code


def answer(args) -> tuple[int, str]:
    """(exit code, standard output) of ``cabling capacity``, kept in the cache (:func:`cabling.readers.cache.answer`)
    under the files' contents and what they read, cabling's version and what shapes the text (``--by``, the format,
    the tables' width): asking again about unchanged files costs reading the answer back, not loading the site."""
    from ..readers import cache

    fmt = "json" if args.json else "csv" if args.csv else "text"
    return cache.answer(args.paths, answer_key(f"capacity by={args.by} {fmt}"), lambda: _answer(args))


def _answer(args):
    """((exit code, standard output), the inventory, or None when the answer must not be kept: input errors, which
    are printed on standard error every time)."""
    import io

    from ..analysis.capacity import capacity_report

    inv = load_or_report(args.paths)
    if inv is None:
        return (EXIT_USAGE, ""), None
    report = capacity_report(inv)
    if args.json:
        return (EXIT_OK, json.dumps(report.to_json(args.by), indent=1) + "\n"), inv
    rows = report.rows(args.by)
    if args.csv:
        dicts = [r.to_dict() for r in rows]
        out = io.StringIO()
        w = csv.DictWriter(out, fieldnames=list(dicts[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(dicts)
        return (EXIT_OK, out.getvalue()), inv
    return (EXIT_OK, capacity_text(inv, report, rows) + "\n"), inv


def _cell(value):
    if isinstance(value, float):
        return f"{value:g}"
    return value


def capacity_text(inv, report, rows) -> str:
    from ..renderers.text import table

    by = rows[-1].by
    unplaced = {"space": "(not served)", "device": "(none)"}.get(by, f"(no {by})")
    cells = []
    for r in rows:
        c = {by: r.key if r.key is not None else unplaced, "name": r.name}
        c.update({head: _cell(getattr(r, attr)) for head, attr in _COLUMNS})
        cells.append(c)
    lines = [table(cells, [by, "name"] + [h for h, _ in _COLUMNS])]
    if by != "device" and report.switches:
        lines += ["", "Switches:"]
        sw = [{"switch": inv.device_ref(s.device), "space": s.device.space.id if s.device.space else None,
               "ports": s.ports, "free": len(s.free), "poe_free": len(s.free_poe), "poe_budget_w": _cell(s.budget_w),
               "poe_w_left": _cell(s.remaining_w)} for s in report.switches]
        lines.append(table(sw, ["switch", "space", "ports", "free", "poe_free", "poe_budget_w", "poe_w_left"]))
    return "\n".join(lines)
