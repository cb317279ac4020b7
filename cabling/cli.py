"""The ``cabling`` command line: a thin layer over the library.

Exit codes follow Unix habits: 0 all well, 1 findings (validation errors,
incomplete or inactive paths), 2 unusable input or wrong usage.
"""
from __future__ import annotations

import argparse
import json
import sys

from . import __version__
from .choices import PORT_KINDS
from .diagnostics import InputError

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse exits 2 on usage errors too; keep its wording short
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def _load(paths):
    from .loader import load

    return load(paths)


def _load_or_report(paths):
    """The inventory, or None after printing every problem (the caller exits 2)."""
    try:
        return _load(paths)
    except InputError as exc:
        _report_input_error(exc)
        return None


def _report_input_error(exc: InputError) -> None:
    for d in exc.diagnostics:
        print(f"{d}", file=sys.stderr)
    n = len(exc.diagnostics)
    print(f"{n} error{'s' if n != 1 else ''}; nothing was traced or changed", file=sys.stderr)


# ------------------------------------------------------------------ validate
def cmd_validate(args) -> int:
    try:
        inv = _load(args.paths)
    except InputError as exc:
        if args.json:
            print(json.dumps({"ok": False, "errors": [d.as_dict() for d in exc.diagnostics]}, indent=2))
        else:
            for d in exc.diagnostics:
                print(d)
            n = len(exc.diagnostics)
            print(f"{n} error{'s' if n != 1 else ''}", file=sys.stderr)
        return EXIT_USAGE if exc.fatal else EXIT_FINDINGS
    stats = inv.counts()
    if args.json:
        print(json.dumps({"ok": True, "warnings": [d.as_dict() for d in inv.warnings], "summary": stats}, indent=2))
    else:
        for d in inv.warnings:
            print(f"{d} (warning)")
        files = ", ".join(inv.files) if len(inv.files) <= 3 else f"{len(inv.files)} files"
        print(f"ok: {files}: "
              + ", ".join(f"{v:,} {k if v != 1 else k[:-1]}" for k, v in stats.items() if v or k != "circuits"))
    return EXIT_OK


# ------------------------------------------------------------------ trace
def cmd_trace(args) -> int:
    from .loader import resolve_ref
    from .trace import trace

    inv = _load_or_report(args.paths)
    if inv is None:
        return EXIT_USAGE
    port, problem = resolve_ref(inv, args.ref)
    if port is None:
        print(f"cabling trace: {problem}", file=sys.stderr)
        return EXIT_USAGE
    paths = trace(port)
    if args.json:
        print(json.dumps({"origin": inv.ref(port), "paths": [p.to_json(inv) for p in paths]}, indent=2))
    else:
        from .render import trace_text

        print(trace_text(inv, port, paths))
    return EXIT_OK if all(p.complete and p.active and not p.split for p in paths) else EXIT_FINDINGS


# ------------------------------------------------------------------ ports
def cmd_ports(args) -> int:
    from .ports import port_rows

    inv = _load_or_report(args.paths)
    if inv is None:
        return EXIT_USAGE
    rows = port_rows(inv, device=args.device, free=args.free, kind=args.kind)
    if args.json:
        json.dump(rows, sys.stdout, indent=1)
        print()
    else:
        from .render import table

        print(table(rows, ["ref", "device", "role", "kind", "type", "cable"]))
        print(f"{len(rows):,} port{'s' if len(rows) != 1 else ''}", file=sys.stderr)
    return EXIT_OK


# ------------------------------------------------------------------ generate
def cmd_generate(args) -> int:
    from .fileio import write_text_atomic
    from .synthetic import generate_site

    if args.outlets < 1:
        print("cabling generate: --outlets must be at least 1", file=sys.stderr)
        return EXIT_USAGE
    text = generate_site(args.outlets, seed=args.seed)
    if args.output == "-":
        sys.stdout.write(text)
        return EXIT_OK
    try:
        write_text_atomic(args.output, text, overwrite=args.force)
    except FileExistsError:
        print(f"cabling generate: {args.output} exists; pass --force to replace it", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:
        print(f"cabling generate: cannot write {args.output}: {exc.strerror}", file=sys.stderr)
        return EXIT_USAGE
    print(f"wrote {args.output}: {args.outlets:,} outlets (seed {args.seed})", file=sys.stderr)
    return EXIT_OK


# ------------------------------------------------------------------ import / export
def _write_files(prog: str, out, files: dict[str, str], force: bool) -> bool:
    """Write ``files`` (relative path -> text) under ``out`` atomically; never replace one unless ``force``.

    Returns False after saying why when nothing (or not everything) could be written.
    """
    from .fileio import write_text_atomic

    if out.exists() and not out.is_dir():
        print(f"{prog}: {out} is not a folder", file=sys.stderr)
        return False
    existing = [rel for rel in files if (out / rel).exists()]
    if existing and not force:
        print(f"{prog}: {len(existing)} file(s) already exist in {out} (e.g. {existing[0]}); "
              "pass --force to replace them", file=sys.stderr)
        return False
    try:
        for rel, text in sorted(files.items()):
            target = out / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            write_text_atomic(target, text, overwrite=force)
    except FileExistsError as exc:
        print(f"{prog}: {exc} appeared while writing; pass --force to replace it", file=sys.stderr)
        return False
    except OSError as exc:
        print(f"{prog}: cannot write to {out}: {exc.strerror}", file=sys.stderr)
        return False
    return True


def cmd_import_netbox(args) -> int:
    from pathlib import Path

    from .netbox import read_netbox
    from .netbox.convert import convert
    from .schema import schema_path

    source = Path(args.source)
    if not source.exists():
        print(f"cabling import netbox: {source}: no such file or folder", file=sys.stderr)
        return EXIT_USAGE
    try:
        ds = read_netbox(source)
    except (OSError, ValueError) as exc:
        print(f"cabling import netbox: cannot read {source}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    result = convert(ds)
    out = Path(args.output)
    files = dict(result.files)
    for name in ("site", "devicetype"):  # so that the files' $schema comments work in an editor
        files[f"schemas/{name}.schema.json"] = schema_path(name).read_text(encoding="utf-8")
    if not _write_files("cabling import netbox", out, files, args.force):
        return EXIT_USAGE
    notes = list(ds.problems) + result.notes
    for line in notes:
        print(f"note: {line}", file=sys.stderr)
    sites = sum(1 for rel in result.files if "/" not in rel)
    models = len(result.files) - sites
    print(f"wrote {sites} site file(s) and {models} model file(s) to {out}: {len(ds.devices)} devices, "
          f"{len(result.cable_of)} of {len(ds.cables)} cables, {len(result.circuit_of)} circuits; "
          f"{len(notes)} note(s) on what differs from NetBox", file=sys.stderr)
    return EXIT_OK


def cmd_export_netbox(args) -> int:
    from pathlib import Path

    from .netbox.export import export, stale_files

    inv = _load_or_report(args.paths)
    if inv is None:
        return EXIT_USAGE
    result = export(inv, templates=args.templates)
    out = Path(args.output)
    if not _write_files("cabling export netbox", out, result.files, args.force):
        return EXIT_USAGE
    for line in result.notes:
        print(f"note: {line}", file=sys.stderr)
    for rel in stale_files(out, result.files):
        print(f"warning: {out / rel} is left from an earlier export and does not belong to this one; "
              "remove it before importing the folder", file=sys.stderr)
    c = result.counts
    ports = sum(c.get(name, 0) for name in ("interfaces", "front-ports", "rear-ports", "console-ports",
                                            "console-server-ports", "power-ports", "power-outlets"))
    types = sum(1 for rel in result.files if rel.startswith("device-types/"))
    print(f"wrote {len(result.files)} file(s) to {out}: {c.get('devices', 0)} devices, {ports} port rows, "
          f"{types} device types, {c.get('cables', 0)} cables in cables.csv"
          + (f" and {c['cables.yaml']} in cables.yaml" if c.get("cables.yaml") else "")
          + f", {c.get('circuits', 0)} circuits; {len(result.notes)} note(s) on what NetBox cannot hold "
          "(import order in README.txt)", file=sys.stderr)
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="cabling", description="Structured-cabling models: validate site files, trace ports end to end.")
    p.add_argument("--version", action="version", version=f"cabling {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    v = sub.add_parser("validate", help="check site files; exit 0 clean, 1 with findings, 2 unusable input",
                       description="Load site files and report every problem with file:line:column.")
    v.add_argument("paths", nargs="+", metavar="PATH", help="site files or folders")
    v.add_argument("--json", action="store_true", help="machine-readable output")
    v.set_defaults(func=cmd_validate)

    t = sub.add_parser("trace", help="trace a port end to end",
                       description="Trace a port end to end, as NetBox does, from any port: from a panel port or an "
                                   "outlet jack both directions are shown. Exit 0 when every path is complete and "
                                   "active, 1 otherwise.")
    t.add_argument("args", nargs="+", metavar="PATH... REF",
                   help="site files or folders, then the port: DEVICE:PORT, e.g. PP-2A-A:17")
    t.add_argument("--json", action="store_true", help="print the paths as JSON")
    t.set_defaults(func=cmd_trace)

    ps = sub.add_parser("ports", help="list every port", description="List every port with its device, role, kind and cable.")
    ps.add_argument("paths", nargs="+", metavar="PATH", help="site files or folders")
    ps.add_argument("--json", action="store_true", help="print a JSON list of objects")
    ps.add_argument("--device", help="only ports of devices whose name matches this glob, e.g. 'PP-2A-*'")
    ps.add_argument("--kind", choices=PORT_KINDS, help="only ports of this kind")
    ps.add_argument("--free", action="store_true", help="only ports with no cable")
    ps.set_defaults(func=cmd_ports)

    g = sub.add_parser("generate", help="write a synthetic site of a given size",
                       description="Write a deterministic synthetic site in the bulk notation, for benchmarks and tests.")
    g.add_argument("--outlets", type=int, required=True, help="number of wall outlets")
    g.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    g.add_argument("-o", "--output", required=True, help="file to write, or - for standard output")
    g.add_argument("--force", action="store_true", help="replace the file if it exists")
    g.set_defaults(func=cmd_generate)
    imp = sub.add_parser("import", help="import from another tool (netbox)",
                         description="Import data from another tool into cabling site files.")
    imp_sub = imp.add_subparsers(dest="source_kind", metavar="FROM", parser_class=_Parser, required=True)
    nb = imp_sub.add_parser("netbox", help="from a NetBox database dump or a folder of bulk-import files",
                            description="Write one cabling site file per NetBox site (and the device models they "
                                        "use) from a NetBox pg_dump (plain SQL) or a folder of NetBox bulk-import "
                                        "CSV/YAML files. Everything that cannot be carried over is reported.")
    nb.add_argument("source", metavar="SOURCE", help="netbox.sql (pg_dump plain SQL) or a folder of bulk-import files")
    nb.add_argument("-o", "--output", required=True, metavar="DIR", help="folder to write the site files to")
    nb.add_argument("--force", action="store_true", help="replace files that already exist")
    nb.set_defaults(func=cmd_import_netbox)
    exp = sub.add_parser("export", help="export to another tool (netbox)",
                         description="Export site files to another tool's import format.")
    exp_sub = exp.add_subparsers(dest="target_kind", metavar="TO", parser_class=_Parser, required=True)
    nbx = exp_sub.add_parser("netbox", help="to a folder of NetBox bulk-import files",
                             description="Write NetBox bulk-import CSV files (devices, ports, circuits, cables, and "
                                         "the objects they name under prerequisites/) and the device types as NetBox "
                                         "device-type YAML under device-types/. Everything NetBox cannot hold is "
                                         "reported; README.txt in the folder gives the import order.")
    nbx.add_argument("paths", nargs="+", metavar="SITE", help="site files or folders")
    nbx.add_argument("-o", "--output", required=True, metavar="DIR", help="folder to write the files to")
    nbx.add_argument("--force", action="store_true", help="replace files that already exist")
    nbx.add_argument("--templates", action="store_true",
                     help="write each device type with its component templates (NetBox then creates every "
                          "device's ports) and no port files")
    nbx.set_defaults(func=cmd_export_netbox)
    return p


def main(argv=None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    if args.command == "trace":
        if len(args.args) < 2:
            print("cabling trace: give the site file(s) and then the port, e.g. "
                  "cabling trace sites/office.yaml 1A-001:1", file=sys.stderr)
            return EXIT_USAGE
        args.paths, args.ref = args.args[:-1], args.args[-1]
    try:
        return args.func(args)
    except BrokenPipeError:  # e.g. piped into head
        return EXIT_OK
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
