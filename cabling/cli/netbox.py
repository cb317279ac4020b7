"""``cabling import netbox`` and ``cabling export netbox``: to and from NetBox."""
from __future__ import annotations

import sys

from .common import EXIT_OK, EXIT_USAGE, load_or_report, write_files


def register(sub, groups) -> None:
    nb = groups["import"].add_parser("netbox", help="from a NetBox database dump or a folder of bulk-import files",
                            description="Write one cabling site file per NetBox site (and the device models they "
                                        "use) from a NetBox pg_dump (plain SQL) or a folder of NetBox bulk-import "
                                        "CSV/YAML files. Everything that cannot be carried over is reported.")
    nb.add_argument("source", metavar="SOURCE", help="netbox.sql (pg_dump plain SQL) or a folder of bulk-import files")
    nb.add_argument("-o", "--output", required=True, metavar="DIR", help="folder to write the site files to")
    nb.add_argument("--force", action="store_true", help="replace files that already exist")
    nb.set_defaults(func=run_import)
    nbx = groups["export"].add_parser("netbox", help="to a folder of NetBox bulk-import files",
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
    nbx.set_defaults(func=run_export)


def run_import(args) -> int:
    from pathlib import Path

    from ..netbox import read_netbox
    from ..netbox.convert import convert
    from ..readers.schema import schema_path
    from .progress import phase

    source = Path(args.source)
    if not source.exists():
        print(f"cabling import netbox: {source}: no such file or folder", file=sys.stderr)
        return EXIT_USAGE
    phase(f"reading {source}")
    try:
        ds = read_netbox(source)
    except (OSError, ValueError) as exc:
        print(f"cabling import netbox: cannot read {source}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    nothing = _nothing_to_import(source, ds)
    if nothing:
        print(f"cabling import netbox: {nothing}; nothing was written.\n{WHAT_NETBOX_LOOKS_LIKE}", file=sys.stderr)
        return EXIT_USAGE
    phase(f"converting {len(ds.devices):,} devices and {len(ds.cables):,} cables")
    result = convert(ds)
    out = Path(args.output)
    files = dict(result.files)
    for name in ("site", "devicetype"):  # so that the files' $schema comments work in an editor
        files[f"schemas/{name}.schema.json"] = schema_path(name).read_text(encoding="utf-8")
    if not write_files("cabling import netbox", out, files, args.force):
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


WHAT_NETBOX_LOOKS_LIKE = (
    "A NetBox database dump is the plain-SQL output of pg_dump of NetBox's database (.sql or .sql.gz, "
    "with blocks such as 'COPY public.dcim_device (...) FROM stdin;'). A bulk folder holds NetBox "
    "bulk-import files named for their object list (sites.csv, racks.csv, devices.csv, interfaces.csv, "
    "cables.csv, ...; CSV, YAML or JSON) and device types under device-types/.")


def _nothing_to_import(source, ds) -> str | None:
    """Why ``source`` holds nothing a NetBox import can use, or None when it holds something."""
    if any((ds.sites, ds.devices, ds.device_types, ds.racks, ds.locations, ds.cables, ds.circuits,
            ds.regions, ds.manufacturers, ds.providers)):
        return None
    from ..readers.loader import SITE_SUFFIXES, is_site_file, site_files

    if source.is_dir():
        if site_files([source]):
            return f"{source} is a folder of cabling site files, not NetBox data (check it with 'cabling validate')"
        return f"{source} holds no NetBox bulk-import files"
    if source.suffix.lower() in SITE_SUFFIXES and is_site_file(source):
        return f"{source} is a cabling site file, not NetBox data (check it with 'cabling validate')"
    return f"{source} holds no NetBox data"


def run_export(args) -> int:
    from pathlib import Path

    from ..netbox.export import export, stale_files

    inv = load_or_report(args.paths)
    if inv is None:
        return EXIT_USAGE
    result = export(inv, templates=args.templates)
    out = Path(args.output)
    if not write_files("cabling export netbox", out, result.files, args.force):
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
