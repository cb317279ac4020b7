"""``cabling fmt``: lay out site files the one way (key order, one-line entries, indentation), changing nothing
they say (:mod:`cabling.writers.yamlformat`)."""
from __future__ import annotations

import difflib
import sys
from pathlib import Path

from .common import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE


def register(sub, groups) -> None:
    f = sub.add_parser("fmt", help="normalise the layout of site files (comments and bulk notation kept)",
                       description="Rewrite site files in the normal layout: entry keys in the schema's order, "
                                   "entries that fit in 100 columns on one line, two-space indentation. Comments, "
                                   "quoting and the bulk notation are kept, and what a loader reads never changes. "
                                   "Exit 0 done (or nothing to do), 1 with --check when a file would change, "
                                   "2 when a file cannot be read or parsed.")
    f.add_argument("paths", nargs="+", metavar="PATH",
                   help="site files, or folders (every *.yaml / *.yml site file in them)")
    f.add_argument("--check", action="store_true", help="write nothing; exit 1 when a file would change (for CI)")
    f.add_argument("--diff", action="store_true", help="write nothing; print what would change as a unified diff")
    f.add_argument("--site-files-only", action="store_true",
                   help="skip given files that are not site files (no top-level 'site:'), as a pre-commit hook "
                        "passes every changed YAML file")
    f.set_defaults(func=run)


def files_of(paths) -> list[Path]:
    """Files as given; in folders, the site files (as the loader finds them)."""
    from ..readers.loader import site_files

    return site_files(paths)


def run(args) -> int:
    from ..diagnostics import Collector
    from ..writers.yamlformat import FormatError, format_text
    from ..readers.yamlsource import read_text
    from ..fileio import write_text_atomic

    paths = args.paths
    if args.site_files_only:
        from ..readers.loader import is_site_file

        paths = [p for p in paths if Path(p).is_dir() or is_site_file(Path(p))]
        if not paths:
            print("no site files among the files given", file=sys.stderr)
            return EXIT_OK
    files = files_of(paths)
    if not files:
        print(f"cabling fmt: no site files in {', '.join(args.paths)}", file=sys.stderr)
        return EXIT_USAGE
    changed = unchanged = failed = 0
    for path in files:
        diag = Collector()
        text = read_text(path, diag)
        if text is None:
            for d in diag.diagnostics:
                print(d, file=sys.stderr)
            failed += 1
            continue
        try:
            new = format_text(text, str(path))
        except FormatError as exc:
            for d in exc.diagnostics:
                print(d, file=sys.stderr)
            failed += 1
            continue
        if new == text:
            unchanged += 1
            continue
        changed += 1
        if args.diff:
            sys.stdout.writelines(difflib.unified_diff(text.splitlines(keepends=True), new.splitlines(keepends=True),
                                                       f"{path}", f"{path} (formatted)"))
        if args.check or args.diff:
            if args.check:
                print(f"would reformat {path}", file=sys.stderr)
            continue
        try:
            # the file itself, not a link to it, is replaced (its permissions kept)
            write_text_atomic(Path(path).resolve(), new, overwrite=True)
        except OSError as exc:
            print(f"cabling fmt: cannot write {path}: {exc.strerror or exc}", file=sys.stderr)
            failed += 1
            changed -= 1
            continue
        print(f"reformatted {path}", file=sys.stderr)
    verb = "would be reformatted" if args.check or args.diff else "reformatted"
    parts = [f"{changed} file(s) {verb}", f"{unchanged} unchanged"]
    if failed:
        parts.append(f"{failed} could not be formatted")
    print(", ".join(parts), file=sys.stderr)
    if failed:
        return EXIT_USAGE
    return EXIT_FINDINGS if args.check and changed else EXIT_OK
