"""``cabling apply SITE PLAN``: after the installation, merge the plan into the site file (as built)."""
from __future__ import annotations

import difflib
import json
import sys
from pathlib import Path

from .common import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, report_input_error


def register(sub, groups) -> None:
    p = sub.add_parser("apply", help="after the installation, merge a plan into the site file (as built)",
                       description="Allocate the plan as it was planned and write its devices and cables into the "
                                   "site file as installed, with the cable tester's results (--results), and make its "
                                   "moves, removals and decommissions. Only the lines that change are rewritten: "
                                   "comments, order, flow style and bulk notation stay. Refused (exit 2, nothing "
                                   "written) when the site now conflicts with the plan: a planned id exists, a planned "
                                   "port is taken, a changed item is not what the plan saw, the plan's site_digest is "
                                   "not the site's. Exit 0 when applied, 1 when applied with something to look at "
                                   "(a failed or untested link, a result row for no link, an unmet plan item).")
    p.add_argument("site", metavar="SITE", help="the site file to update")
    p.add_argument("plan", metavar="PLAN", help="the plan file")
    p.add_argument("--results", metavar="TESTER.csv", help="the cable tester's CSV export: each link's result, "
                                                            "length and date")
    p.add_argument("--base", metavar="OLD", help="the site as the plan was made on it (a file, or a git revision "
                                                 "REV:path), when the site has changed since; default: SITE")
    p.add_argument("--dry-run", action="store_true", help="print what would change (a unified diff), write nothing")
    p.add_argument("--json", action="store_true", help="print the outcome as JSON")
    p.set_defaults(func=run)


def run(args) -> int:
    from .. import asbuilt
    from ..diagnostics import InputError
    from ..planning.plan import read_plan
    from ..sitediff import SourceError, read_source

    site = Path(args.site)
    if not site.is_file():
        print(f"cabling apply: {site}: no such file", file=sys.stderr)
        return EXIT_USAGE
    try:
        the_plan = read_plan(args.plan)
        results = asbuilt.read_results(args.results) if args.results else None
        base = read_source(args.base) if args.base else None
    except InputError as exc:
        report_input_error(exc)
        return EXIT_USAGE
    except SourceError as exc:
        print(f"cabling apply: --base {exc}", file=sys.stderr)
        return EXIT_USAGE
    try:
        with asbuilt.locked(site):
            was = site.read_bytes()
            try:
                text = was.decode("utf-8-sig")
            except UnicodeDecodeError:
                print(f"cabling apply: {site} is not UTF-8 text", file=sys.stderr)
                return EXIT_USAGE
            try:
                out = asbuilt.merge(site, text, the_plan, base, results, name=args.site)
            except InputError as exc:
                report_input_error(exc)
                return EXIT_USAGE
            if out.conflicts:
                for c in out.conflicts:
                    print(f"cabling apply: {c}", file=sys.stderr)
                print(f"cabling apply: plan {the_plan.id} not applied: {len(out.conflicts)} conflict(s) with "
                      f"{args.site}; nothing was written", file=sys.stderr)
                return EXIT_USAGE
            if not args.dry_run:
                bom = "\ufeff" if was.startswith(b"\xef\xbb\xbf") else ""
                asbuilt.write_site(site, bom + out.text, was)
    except (asbuilt.LockTimeout, asbuilt.SiteChanged) as exc:
        print(f"cabling apply: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:
        print(f"cabling apply: cannot write {site}: {exc.strerror}", file=sys.stderr)
        return EXIT_USAGE
    if args.json:
        doc = out.to_json()
        doc["written"] = not args.dry_run
        print(json.dumps(doc, indent=1, ensure_ascii=False))
    else:
        if args.dry_run:
            sys.stdout.writelines(difflib.unified_diff(text.splitlines(keepends=True),
                                                       out.text.splitlines(keepends=True), args.site,
                                                       f"{args.site} (plan {the_plan.id} applied)"))
        print(summary(out, args, not args.dry_run))
    return EXIT_FINDINGS if out.attention else EXIT_OK


def summary(out, args, written: bool) -> str:
    ext = f", {len(out.extensions)} phone extensions" if out.extensions else ""
    lines = [f"{'Applied' if written else 'Would apply'} plan {out.plan} to {out.site}: {len(out.devices)} devices, "
             f"{len(out.cables)} cables added as installed{ext}, {len(out.changes)} change(s)"
             + ("" if written else " (dry run: nothing written)")]
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
