"""``cabling trace``: follow a port end to end."""
from __future__ import annotations

import sys

from .common import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, add_cache_option, intermixed, load, trace_start

USAGE = "%(prog)s [-h] [--json] [--position N] PATH... REF"


def register(sub, groups) -> None:
    t = sub.add_parser("trace", help="trace a port end to end", usage=USAGE,
                       description="Trace a port end to end, as NetBox does, from any port: from a panel port or an "
                                   "outlet jack both directions are shown, from a trunk's multi-position rear port "
                                   "every position. Exit 0 when every path is complete and active (a trunk: every "
                                   "fibre in use reaches an endpoint at both ends), 1 otherwise, 2 for input that "
                                   "cannot be used. Options may come anywhere.")
    t.add_argument("args", nargs="+", metavar="PATH... REF",
                   help="site files or folders, then what to trace: a port DEVICE:PORT (e.g. PP-2A-A:17; any case "
                        "when only one port matches), an outlet (2A-017: its one cabled jack), a cable id or a "
                        "cable label (traced from its outlet end)")
    t.add_argument("--json", action="store_true", help="print the paths as JSON (errors too, as validate --json)")
    t.add_argument("--position", type=int, metavar="N",
                   help="trace only position N of a multi-position rear port (one fibre of a trunk)")
    add_cache_option(t)
    intermixed(t)
    t.set_defaults(func=run)


def _fail(args, message: str, choices=(), diagnostics=None) -> int:
    """Report an unusable input or reference: text on stderr, or a JSON error object on stdout; exit 2."""
    if args.json:
        import json

        from ..diagnostics import Diagnostic

        diags = diagnostics if diagnostics is not None else [Diagnostic(None, message)]
        doc = {"ok": False, "errors": [d.as_dict() for d in diags]}
        if choices:
            doc["choices"] = list(choices)
        print(json.dumps(doc, indent=2))
    else:
        for d in diagnostics or ():
            print(d, file=sys.stderr)
        print(f"cabling trace: {message}", file=sys.stderr)
        for c in choices:
            print(f"  {c}", file=sys.stderr)
    return EXIT_USAGE


def run(args) -> int:
    if len(args.args) < 2:
        return _fail(args, "give the site file(s) and then what to trace, e.g. "
                           "cabling trace sites/office.yaml 1A-001:1")
    paths_in, ref = args.args[:-1], args.args[-1]
    from ..readers import cache

    # the printed trace is kept in the cache: asking again about a port costs its answer, not the site
    loaded = []
    code, text = cache.answer(paths_in, f"trace {ref!r} json={args.json} position={args.position}",
                              lambda: _trace(paths_in, ref, args, loaded))
    if text is not None:
        print(text)
    if loaded:  # the whole site was read: a large one is kept in parts for the next trace (cabling.analysis.cacheparts)
        from ..analysis.cacheparts import ensure

        ensure(loaded[0])
    return code


def _trace(paths_in, ref: str, args, loaded: list):
    """((exit code, text to print or None), the inventory or None when the answer must not be kept)."""
    from ..diagnostics import InputError
    from ..analysis.lookup import Found, lookup
    from ..analysis.trace import by_position, is_spare, trace

    started = trace_start(paths_in, ref)  # a large cached site: only the part the trace needs
    if started is not None:
        inv, port = started
        found = Found(port)  # what lookup says of a reference resolve_ref reads as written
    else:
        try:
            inv = load(paths_in)
        except InputError as exc:
            return (_fail(args, f"{exc.summary()}; nothing was traced", diagnostics=exc.diagnostics), None), None
        loaded.append(inv)
        found = lookup(inv, ref)
    if found.port is None:
        return (_fail(args, found.problem, [inv.ref(p) for p in found.choices]), None), None
    port = found.port
    if found.note:
        print(f"cabling trace: {found.note}", file=sys.stderr)
    trunk = port.kind == "rear" and port.positions > 1
    if args.position is not None:
        if not trunk:
            return (_fail(args, f"--position needs a multi-position rear port; {inv.ref(port)} is a "
                               f"{port.kind} port" + (f" of {port.positions} position" if port.kind == "rear" else "")), None), None
        if args.position not in (port.fronts or {}):
            have = sorted(port.fronts or {})
            return (_fail(args, f"{inv.ref(port)} has no position {args.position}"
                               + (f"; its positions are {have[0]}..{have[-1]}" if have else "")), None), None
        paths = by_position(port, args.position)
    else:
        paths = trace(port)
    if args.json:
        import json

        out = [p.to_json(inv) for p in paths]
        if inv.telephony is not None:
            from ..telephony.pairs import annotate_json

            out = [annotate_json(inv.telephony, p, js) for p, js in zip(paths, out)]
        text = json.dumps({"origin": inv.ref(port), "paths": out}, indent=2)
    else:
        from ..renderers.text import positions_text, trace_text

        text = positions_text(inv, port, paths) if trunk and args.position is None else trace_text(inv, port, paths)

    def ok(p):
        return p.complete and p.active and not p.split and not p.loop

    if trunk and args.position is None:
        healthy = all(is_spare(a, t) or (ok(a) and ok(t)) for a, t in zip(paths[::2], paths[1::2]))
    else:
        healthy = all(ok(p) for p in paths)
    # an answer read loosely (a note on stderr) is not kept: the note would be lost
    return (EXIT_OK if healthy else EXIT_FINDINGS, text), (inv if found.note is None else None)
