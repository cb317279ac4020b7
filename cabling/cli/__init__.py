"""The ``cabling`` command line: a thin layer over the library.

One module per command (or per pair, such as ``import netbox``/``export netbox``);
each has ``register(sub, groups)`` that adds its parser and sets ``func`` to the
function that runs it. ``groups`` holds the sub-parsers of the grouping commands
(``import``, ``export``), so that a module can add ``import FORMAT``.

Exit codes follow Unix habits: 0 all well, 1 findings (validation errors,
incomplete or inactive paths), 2 unusable input or wrong usage.
"""
from __future__ import annotations

import os
import sys

from .. import __version__
from . import (capacity, dxf, faults, floorplan, generate, impact, journal, models, netbox, plan, ports, trace, validate,
               workorders)
from .common import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, Parser

__all__ = ["EXIT_FINDINGS", "EXIT_OK", "EXIT_USAGE", "build_parser", "main"]

# In the order ``cabling --help`` lists them.
COMMANDS = [validate, faults, trace, impact, capacity, plan, workorders, ports, models, floorplan, generate, netbox, journal,
            dxf]


class _Groups(dict):
    """The ``import`` and ``export`` sub-parsers, made when a command first asks for one (so help lists them there)."""

    WHAT = {"import": "import from another tool", "export": "export to another tool"}

    def __init__(self, sub):
        super().__init__()
        self.sub = sub

    def __missing__(self, name):
        what = self.WHAT[name]
        g = self.sub.add_parser(name, help=what, description=f"{what[0].upper()}{what[1:]}.")
        self[name] = g.add_subparsers(dest=f"{name}_kind", metavar="FORMAT", parser_class=Parser, required=True)
        return self[name]


def build_parser() -> Parser:
    p = Parser(prog="cabling", description="Structured-cabling models: validate site files, trace ports end to end.")
    p.add_argument("--version", action="version", version=f"cabling {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    groups = _Groups(sub)
    for module in COMMANDS:
        module.register(sub, groups)
    return p


class _ClosedPipeSafe:
    """Standard output that goes quiet when the reader closes the pipe (``cabling validate X | head``).

    The command runs on and its exit code still says what it found: a closed pipe
    never turns findings into success, and nothing is printed about the pipe
    (the Unix habit for SIGPIPE).
    """

    def __init__(self, stream):
        self._stream = stream

    def _silence(self) -> None:
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, self._stream.fileno())
            os.close(devnull)
        except (OSError, ValueError):
            pass

    def write(self, text):
        try:
            return self._stream.write(text)
        except BrokenPipeError:
            self._silence()
            return len(text)

    def flush(self):
        try:
            self._stream.flush()
        except BrokenPipeError:
            self._silence()

    def __getattr__(self, name):
        return getattr(self._stream, name)


def _tolerant(stream) -> None:
    """Let a stream whose encoding is not UTF-8 (``LANG=C`` on an old system, a cp1252 console) show what it
    cannot encode as ``\\u0420`` escapes instead of failing on a Cyrillic room name."""
    encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
    if encoding != "utf8" and hasattr(stream, "reconfigure"):
        try:
            stream.reconfigure(errors="backslashreplace")
        except (ValueError, OSError):
            pass


def main(argv=None) -> int:
    for stream in (sys.stdout, sys.stderr):
        _tolerant(stream)
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    if hasattr(args, "no_cache"):  # a command that loads sites: --no-cache holds for this run only
        from .. import cache

        cache.disable(args.no_cache)
    real = sys.stdout
    if real is sys.__stdout__ and real is not None:  # the process's own stdout (not a test's capture)
        sys.stdout = _ClosedPipeSafe(real)
    try:
        code = args.func(args)
        sys.stdout.flush()
        return code
    except KeyboardInterrupt:
        return 130
    finally:
        sys.stdout = real
