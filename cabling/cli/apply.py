"""``cabling apply SITE... PLAN``: after the installation, merge the plan into the site files (as built)."""
from __future__ import annotations

import difflib
import json
import sys
from pathlib import Path

from .common import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, report_input_error


def register(sub, groups) -> None:
    p = sub.add_parser("apply", help="after the installation, merge a plan into the site files (as built)",
                       description="Allocate the plan as it was planned and write its devices and cables into the "
                                   "site files as installed, with the cable tester's results (--results), and make its "
                                   "moves, removals and decommissions. A removed outlet's cables are decommissioned, "
                                   "not deleted (they stay in the ceiling until recovered), so the outlet stays in the "
                                   "file, described as removed. The site may be several files or folders (as for "
                                   "cabling plan): a change is written into the file that defines what it changes; a "
                                   "new device into the file that holds the devices of its rack or room (else the file "
                                   "that defines the rack or room), a new cable into the file that holds the cables of "
                                   "its ends' racks and rooms (else its first end's device's file), a telephony entry "
                                   "into the file with most of that list. Only the lines that change are rewritten: "
                                   "comments, order, flow style and bulk notation stay; each file is replaced "
                                   "atomically. Refused (exit 2, nothing written) when the site now conflicts with the "
                                   "plan: a planned id exists, a planned port is taken, a changed item is not what the "
                                   "plan saw, the plan's site_digest is not the site's, a file changed while it was "
                                   "merged. Exit 0 when applied, 1 when applied with something to look at (a failed or "
                                   "untested link, a result row for no link, an unmet plan item).")
    p.add_argument("paths", nargs="+", metavar="SITE... PLAN", help="the site files or folders to update, then the "
                                                                    "plan file")
    p.add_argument("--results", metavar="TESTER.csv", help="the cable tester's CSV export: each link's result, "
                                                            "length and date")
    p.add_argument("--base", metavar="OLD", action="append",
                   help="the site as the plan was made on it (a file or folder, or a git revision REV:path of one), "
                        "when the site has changed since; repeat to give one per site file, in their order; default: "
                        "the site files")
    p.add_argument("--dry-run", action="store_true", help="print what would change (a unified diff), write nothing")
    p.add_argument("--json", action="store_true", help="print the outcome as JSON")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..planning import asbuilt
    from ..diagnostics import InputError
    from ..readers.loader import site_files
    from ..planning.plan import read_plan
    from ..analysis.sitediff import SourceError, read_sources

    if len(args.paths) < 2:
        print("cabling apply: give the site file(s) and then the plan file", file=sys.stderr)
        return EXIT_USAGE
    *specs, plan_path = args.paths
    for spec in specs:
        if not Path(spec).exists():
            print(f"cabling apply: {spec}: no such file or folder", file=sys.stderr)
            return EXIT_USAGE
    sites = site_files(specs)
    if not sites:
        print(f"cabling apply: no site files in {', '.join(specs)}", file=sys.stderr)
        return EXIT_USAGE
    try:
        the_plan = read_plan(plan_path)
        results = asbuilt.read_results(args.results) if args.results else None
        base = [src for b in args.base for src in read_sources(b)] if args.base else None
    except InputError as exc:
        report_input_error(exc)
        return EXIT_USAGE
    except SourceError as exc:
        print(f"cabling apply: --base {exc}", file=sys.stderr)
        return EXIT_USAGE
    if base is not None and len(base) != len(sites):
        print(f"cabling apply: --base gives {len(base)} site file(s) ({', '.join(b.name for b in base)}) for "
              f"{len(sites)} ({', '.join(map(str, sites))}): give the site as planned file for file, in that order",
              file=sys.stderr)
        return EXIT_USAGE
    try:
        with asbuilt.locked(sites):
            was, files = {}, []
            for site in sites:
                was[str(site)] = site.read_bytes()
                try:
                    files.append(asbuilt.SiteFile(site, was[str(site)].decode("utf-8-sig"), str(site)))
                except UnicodeDecodeError:
                    print(f"cabling apply: {site} is not UTF-8 text", file=sys.stderr)
                    return EXIT_USAGE
            try:
                out = asbuilt.merge_files(files, the_plan, base, results)
            except InputError as exc:
                report_input_error(exc)
                return EXIT_USAGE
            if out.conflicts:
                for c in out.conflicts:
                    print(f"cabling apply: {c}", file=sys.stderr)
                print(f"cabling apply: plan {the_plan.id} not applied: {len(out.conflicts)} conflict(s) with "
                      f"{out.site}; nothing was written", file=sys.stderr)
                return EXIT_USAGE
            if not args.dry_run:
                asbuilt.write_sites([(f.path, ("\ufeff" if was[f.name].startswith(b"\xef\xbb\xbf") else "")
                                      + out.texts[f.name], was[f.name]) for f in files if f.name in out.texts])
    except (asbuilt.LockTimeout, asbuilt.SiteChanged) as exc:
        print(f"cabling apply: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:
        print(f"cabling apply: cannot write {exc.filename or out.site}: {exc.strerror}", file=sys.stderr)
        return EXIT_USAGE
    if args.json:
        doc = out.to_json()
        doc["written"] = not args.dry_run
        print(json.dumps(doc, indent=1, ensure_ascii=False))
    else:
        if args.dry_run:
            for f in files:
                if f.name in out.texts:
                    sys.stdout.writelines(difflib.unified_diff(f.text.splitlines(keepends=True),
                                                               out.texts[f.name].splitlines(keepends=True), f.name,
                                                               f"{f.name} (plan {the_plan.id} applied)"))
        print(summary(out, args, not args.dry_run))
    return EXIT_FINDINGS if out.attention else EXIT_OK


def summary(out, args, written: bool) -> str:
    ext = f", {len(out.extensions)} phone extensions" if out.extensions else ""
    lines = [f"{'Applied' if written else 'Would apply'} plan {out.plan} to {out.site}: {len(out.devices)} devices, "
             f"{len(out.cables)} cables added as installed{ext}, {len(out.changes)} change(s)"
             + ("" if written else " (dry run: nothing written)")]
    if len(out.files) > 1 or len(out.site.split(", ")) > 1:
        for name, what in out.files.items():
            lines.append(f"  {name}: " + ", ".join(f"{len(what[k])} {label}" for k, label in
                                                   (("devices", "devices"), ("cables", "cables"),
                                                    ("extensions", "extensions"), ("changes", "change(s)"))
                                                   if what[k]))
    lines += [f"  {c}" for c in out.changes]
    if args.results:
        lines.append(f"Tester results ({args.results}): {len(out.passed)} passed, {len(out.failed)} failed, "
                     f"{len(out.untested)} planned link(s) without a result, {len(out.unknown)} row(s) for no link "
                     "of the plan")
        lines += [f"  failed: {c} (a finding of cabling faults: T107)" for c in out.failed]
        lines += [f"  no result: {c}" for c in out.untested[:10]]
        if len(out.untested) > 10:
            lines.append(f"  ... and {len(out.untested) - 10} more without a result")
        lines += [f"  {u}" for u in out.unknown]
    if out.unmet:
        lines.append("Not applied (the planner could not place them):")
        lines += [f"  {u}" for u in out.unmet]
    return "\n".join(lines)
