"""What every command shares: exit codes, the argument parser, loading with a report, safe writes."""
from __future__ import annotations

import argparse
import sys

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class Parser(argparse.ArgumentParser):
    intermixed = False  # set by intermixed(): options may come between positional arguments
    examples: str | None = None  # shown as written at the end of --help (cabling.cli.examples)

    def format_help(self):
        text = super().format_help()
        return f"{text}\n{self.examples}" if self.examples else text

    def parse_known_args(self, args=None, namespace=None):
        if self.intermixed and not getattr(self, "_mixing", False):
            self._mixing = True
            try:
                return self.parse_known_intermixed_args(args, namespace)
            finally:
                self._mixing = False
        return super().parse_known_args(args, namespace)

    def error(self, message):  # argparse exits 2 on usage errors too; keep its wording short
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def add_cache_option(parser) -> None:
    parser.add_argument("--no-cache", action="store_true",
                        help="neither use nor fill the cache of loaded sites and answers (also: CABLING_NO_CACHE=1)")


def intermixed(parser: Parser) -> Parser:
    """Let options come anywhere among the positional arguments (``cabling trace SITE --json REF``)."""
    parser.intermixed = True
    return parser


def load(paths):
    """Load through the content-keyed cache (:mod:`cabling.readers.cache`) unless ``--no-cache`` turned it off.

    What was loaded stays until the process ends: it is moved out of the garbage collector's sight
    (``gc.freeze``), so neither the next collection nor the one at exit walks millions of objects.
    """
    import gc

    from ..readers import cache
    from .progress import phase

    phase("loading " + (", ".join(str(p) for p in paths) if len(paths) <= 3 else f"{len(paths)} paths"))
    enabled = gc.isenabled()
    gc.disable()  # not only while loading: re-enabled before the freeze, it would walk every new object once
    try:
        return cache.load(paths)
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def trace_start(paths, text: str):
    """(inventory, port) read from the parts of a large cached site (:mod:`cabling.analysis.cacheparts`): the
    devices ``text`` can name and what a trace from them can reach; None when the whole site is needed."""
    import gc

    from ..analysis import cacheparts

    enabled = gc.isenabled()
    gc.disable()
    try:
        return cacheparts.trace_start(paths, text)
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def answer_key(what: str) -> str:
    """A kept answer's key (:func:`cabling.readers.cache.answer`): ``what`` the command was asked, and what else
    shapes its printed text: the tables' width (set by the CLI on a terminal) and the working folder."""
    import os

    render = sys.modules.get("cabling.renderers.text")  # imported only once a table was to be printed
    return f"{what} width={getattr(render, 'FIT_WIDTH', None)} cwd={os.getcwd()}"


def load_or_report(paths):
    """The inventory, or None after printing every problem (the caller exits 2)."""
    from ..diagnostics import InputError

    try:
        return load(paths)
    except InputError as exc:
        report_input_error(exc)
        return None


def report_input_error(exc) -> None:
    """Print an :class:`~cabling.diagnostics.InputError`'s problems and its summary on stderr."""
    for d in exc.diagnostics:
        print(f"{d}", file=sys.stderr)
    print(f"{exc.summary()}; nothing was traced or changed", file=sys.stderr)


def write_files(prog: str, out, files: dict[str, str], force: bool) -> bool:
    """Write ``files`` (relative path -> text) under ``out`` atomically; never replace one unless ``force``.

    Returns False after saying why when nothing (or not everything) could be written.
    """
    from ..fileio import escapes, write_text_atomic

    if out.exists() and not out.is_dir():
        print(f"{prog}: {out} is not a folder", file=sys.stderr)
        return False
    outside = sorted(rel for rel in files if escapes(out, rel))
    if outside:  # a name from the input data (a slug, a site name) that would land outside: write nothing
        print(f"{prog}: {len(outside)} file name(s) would leave {out} (e.g. {outside[0]!r}); nothing was written",
              file=sys.stderr)
        return False
    existing = [rel for rel in files if (out / rel).exists()]
    if existing and not force:
        print(f"{prog}: {len(existing)} file(s) already exist in {out} (e.g. {existing[0]}); "
              "pass --force to replace them", file=sys.stderr)
        return False
    from .progress import counter

    step = counter(f"writing {out}")
    try:
        for i, (rel, text) in enumerate(sorted(files.items())):
            step(i, len(files))
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


def write_one(prog: str, path, data, force: bool) -> bool:
    """Write one file (text or bytes) atomically; never replace it unless ``force``. False after saying why."""
    from ..fileio import write_bytes_atomic

    try:
        write_bytes_atomic(path, data.encode("utf-8") if isinstance(data, str) else data, overwrite=force)
    except FileExistsError:
        print(f"{prog}: {path} exists; pass --force to replace it", file=sys.stderr)
        return False
    except OSError as exc:
        print(f"{prog}: cannot write {path}: {exc.strerror}", file=sys.stderr)
        return False
    return True
