"""``cabling models [SITE...] [TEXT]`` and ``cabling models show [SITE...] NAME``: the models a site can use."""
from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path

from ..choices import DEVICE_ROLES
from .common import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, report_input_error

SITE_SUFFIXES = (".yaml", ".yml")
ORIGIN_WORDS = {"site": "site", "catalogue": "catalogue", "library": "built-in library"}
MODEL_WIDTH = 44  # a listing cuts longer model names (`show` and --json give them whole)


def register(sub, groups) -> None:
    p = sub.add_parser(
        "models", help="list, search and show device models",
        description="List and search every device model a site can use: the site's own (give its file or "
                    "folder), the generic catalogue and NetBox's devicetype-library built into cabling. "
                    "'cabling models show NAME' prints one model's ports and front-to-rear mappings.",
        epilog="Words that are *.yaml/*.yml files or folders are sites; the other words are the search "
               "(every word must appear in the manufacturer, model, slug or part number). "
               "Examples: cabling models c9200 48p; cabling models sites/office.yaml panel; "
               "cabling models show 'Cisco/Catalyst 9200-48P'")
    p.add_argument("words", nargs="*", metavar="SITE|TEXT", help="site files or folders, then the search text")
    p.add_argument("--role", choices=DEVICE_ROLES, help="only models of this role")
    p.add_argument("--from", dest="origin", choices=tuple(ORIGIN_WORDS), help="only models from this place")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=run)


def _split(words: list[str]) -> tuple[list[str], list[str]] | None:
    """(site paths, other words), or None after saying which site file does not exist."""
    sites, rest = [], []
    for w in words:
        p = Path(w)
        if p.suffix.lower() in SITE_SUFFIXES or (p.is_dir() and not rest):
            if not p.exists():
                print(f"cabling models: {w}: no such file or folder", file=sys.stderr)
                return None
            sites.append(w)
        else:
            rest.append(w)
    return sites, rest


def run(args) -> int:
    from ..readers.devicetypes import default_library
    from ..diagnostics import InputError
    from ..readers.loader import library_of

    show = bool(args.words) and args.words[0] == "show"
    split = _split(args.words[1:] if show else args.words)
    if split is None:
        return EXIT_USAGE
    sites, words = split
    try:
        library = library_of(sites) if sites else default_library()
    except InputError as exc:
        report_input_error(exc)
        return EXIT_USAGE
    if show:
        if not words:
            print("cabling models show: name a model (its slug, 'Manufacturer/Model' or part number)", file=sys.stderr)
            return EXIT_USAGE
        return _show(library, " ".join(words), args.json)
    return _list(library, " ".join(words), args)


def _list(library, text: str, args) -> int:
    from ..readers.modelsearch import available, search
    from ..renderers.text import table

    every = available(library)
    found = [s for s in search(every, text)
             if (args.role is None or s.role == args.role) and (args.origin is None or s.origin == args.origin)]
    if args.json:
        json.dump([_summary_json(s) for s in found], sys.stdout, indent=1, ensure_ascii=False)
        print()
    elif found:
        print(table([_row(s) for s in found], ["slug", "manufacturer", "model", "part", "role", "ports", "poe", "from"]))
    counts = ", ".join(f"{n:,} {ORIGIN_WORDS[o]}" for o in ORIGIN_WORDS if (n := sum(1 for s in found if s.origin == o)))
    if found:
        what = f" matching '{text}'" if text else ""
        print(f"{len(found):,} of {len(every):,} models{what} ({counts})", file=sys.stderr)
        return EXIT_OK
    hint = library.suggest(text) if text else ""
    print(f"no model matches '{text}'{' with those options' if args.role or args.origin else ''}{hint}", file=sys.stderr)
    return EXIT_FINDINGS


def _summary_json(s) -> dict:
    return {"key": s.key, **asdict(s)}


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 3] + "..."


def ports_text(ports: dict[str, int]) -> str:
    return ", ".join(f"{n} {kind}" for kind, n in ports.items())


def poe_text(s) -> str:
    parts = []
    if s.poe_ports:
        parts.append(f"{s.poe_ports} PSE" + (f", {s.poe_budget_w:g} W" if s.poe_budget_w is not None else ""))
    if s.poe_pd:
        parts.append("PD" + (f" class {s.poe_class}" if s.poe_class is not None else ""))
    return "; ".join(parts)


def _row(s) -> dict:
    return {"slug": s.slug, "manufacturer": s.manufacturer, "model": _cut(s.model, MODEL_WIDTH), "part": s.part_number,
            "role": s.role, "ports": ports_text(s.ports), "poe": poe_text(s), "from": s.origin}


def _show(library, name: str, as_json: bool) -> int:
    from ..library.bundle import SOURCE_PREFIX
    from ..readers.modelsearch import describe
    from ..renderers.text import table

    d = describe(library, name)
    if d is None:
        print(f"cabling models show: no model '{name}'{library.suggest(name)}", file=sys.stderr)
        return EXIT_USAGE
    s = d.summary
    if as_json:
        out = {"model": _summary_json(s), "is_full_depth": d.is_full_depth, "ports": [asdict(p) for p in d.ports],
               "mappings": [{"front_port": f, "front_port_position": fp, "rear_port": r, "rear_port_position": rp}
                            for f, fp, r, rp in d.mappings]}
        json.dump(out, sys.stdout, indent=1, ensure_ascii=False)
        print()
        return EXIT_OK
    source = s.source.removeprefix(SOURCE_PREFIX)
    print(f"{s.slug}: {s.manufacturer} {s.model}" + (f", part number {s.part_number}" if s.part_number else ""))
    print(f"  from   {ORIGIN_WORDS[s.origin]} ({source})")
    height = f"{s.u_height:g}U, {'full' if d.is_full_depth else 'half'} depth" if s.u_height else "not rack-mounted"
    print(f"  role   {s.role}, {height}")
    print(f"  ports  {ports_text(s.ports) or 'none'}")
    if s.poe_ports or s.poe_pd:
        budget = "" if s.poe_budget_w is not None or not s.poe_ports else " (no budget in the file: give the device poe_budget_w)"
        print(f"  PoE    {poe_text(s)}{budget}")
    if d.mappings:
        print(f"  front-to-rear mappings  {len(d.mappings)}")
    positions = {p.name: p.positions for p in d.ports if p.kind == "rear"}
    to_rear: dict[str, list[str]] = {}
    for front, fpos, rear, rpos in d.mappings:
        at = f"{rear}" if positions.get(rear, 1) == 1 else f"{rear} position {rpos}"
        to_rear.setdefault(front, []).append(at if fpos == 1 else f"{fpos} -> {at}")
    rows = [{"kind": p.kind, "name": p.name, "type": p.type, "positions": p.positions if p.positions > 1 else None,
             "poe": " ".join(str(x) for x in (p.poe_mode, p.poe_type, p.poe_class and f"class {p.poe_class}") if x),
             "rear port": ", ".join(to_rear.get(p.name, ())) if p.kind == "front" else None} for p in d.ports]
    columns = [c for c in ("kind", "name", "type", "positions", "poe", "rear port") if any(r[c] for r in rows)]
    if rows:
        print()
        print(table(rows, columns))
    return EXIT_OK
