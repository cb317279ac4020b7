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
import re
import sys

from importlib import import_module

from .. import __version__
from .common import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, Parser

__all__ = ["EXIT_FINDINGS", "EXIT_OK", "EXIT_USAGE", "build_parser", "main"]

# The modules of the commands, in the order ``cabling --help`` lists them. They are imported when a
# parser is built: a run of one command imports only its own module (see :data:`OWN_MODULE`).
COMMANDS = ["validate", "faults", "trace", "impact", "capacity", "plan", "workorders", "apply", "diff", "ports", "find",
            "directory", "models", "floorplan", "generate", "fmt", "netbox", "journal", "dxf", "completion"]

# A top-level command -> the one module that registers it (and nothing the other modules add to):
# ``cabling trace ...`` builds the parser of ``trace`` alone, so that a short run does not pay for
# importing and building every other command (tests/test_cli_help.py checks that each is the same
# parser as in the whole). The grouping commands (``import``, ``export``) take the whole parser.
OWN_MODULE = {name: name for name in COMMANDS if name not in ("netbox", "journal", "dxf")}
OWN_MODULE["rules"] = "faults"


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


class _Version(__import__("argparse").Action):
    """``cabling --version``: cabling's, the bundled device library's and Python's versions."""

    def __init__(self, option_strings, dest, **kwargs):
        super().__init__(option_strings, dest, nargs=0, **kwargs)

    def __call__(self, parser, namespace, values, option_string=None):
        import json
        import platform
        from importlib import resources

        lines = [f"cabling {__version__}"]
        try:
            index = json.loads(resources.files("cabling.library").joinpath("devicetypes.json").read_text("utf-8"))
            m = index["manifest"]
            lines.append(f"device library: NetBox devicetype-library {m['commit'][:12]} "
                         f"({m['device_types']:,} device types, {len(m['manufacturers'])} manufacturers)")
        except (OSError, KeyError, ValueError):
            lines.append("device library: not found (reinstall cabling)")
        lines.append(f"Python {platform.python_version()} ({platform.python_implementation()})")
        print("\n".join(lines))
        parser.exit(0)


def build_parser(only: str | None = None) -> Parser:
    """The parser of every command, or with ``only`` (a key of :data:`OWN_MODULE`) of that command alone."""
    p = Parser(prog="cabling", description="Structured-cabling models: validate site files, trace ports end to end.")
    p.add_argument("--version", action=_Version, help="show the versions of cabling, its device library and Python")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    groups = _Groups(sub)
    for name in COMMANDS if only is None else [OWN_MODULE[only]]:
        import_module(f"{__name__}.{name}").register(sub, groups)
    from .examples import epilog

    for name, leaf in _leaves(p):
        leaf.examples = epilog(name)
        leaf.set_defaults(command_name=name)
        leaf.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                          help="colour the output: on a terminal (auto, unless NO_COLOR is set), always or never")
        leaf.add_argument("--quiet", "-q", action="store_true",
                          help="no progress spinner on standard error for long work")
        if name not in NO_SITES:
            leaf.add_argument("--allow-outside-paths", action="store_true",
                              help="let site files name models and background images outside their folder "
                                   "(refused by default; also: CABLING_ALLOW_OUTSIDE_PATHS=1)")
    return p


# Commands that read no site file: they take no --allow-outside-paths.
NO_SITES = {"generate", "fmt", "import dxf", "import netbox", "completion"}


def _leaves(parser, prefix=""):
    """(command name, parser) of every command that runs (``trace``, ``import journal``, ...)."""
    import argparse

    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                full = f"{prefix} {name}".strip()
                if any(isinstance(a, argparse._SubParsersAction) for a in child._actions):
                    yield from _leaves(child, full)
                else:
                    yield full, child


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


def _utf8_arguments(argv: list[str]) -> list[str]:
    """Arguments as typed: under ``LC_ALL=C`` (without UTF-8 mode) Python reads non-ASCII bytes of the command line
    as surrogate escapes; a shell and a terminal send UTF-8, so ``Телефон:LAN`` is read back as UTF-8. A path
    (one that exists, or names a folder or a file with a suffix) stays as it came: the file system opens it."""
    out = []
    for arg in argv:
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:  # lone surrogates: the bytes the locale could not decode
            if os.path.lexists(arg) or os.sep in arg or re.search(r"\.[A-Za-z0-9]{1,5}$", arg):
                out.append(arg)
                continue
            try:
                arg = os.fsencode(arg).decode("utf-8")
            except (UnicodeError, ValueError):
                pass
        out.append(arg)
    return out


def _fit_tables(stream) -> None:
    """Tables fit the terminal's width when printed to one (cut cells end in an ellipsis); else full width
    (the default of :mod:`cabling.renderers.text`, which is not imported for that: a cached answer needs none of it)."""
    try:
        tty = stream is not None and stream.isatty()
    except (AttributeError, ValueError):
        tty = False
    if tty:
        import shutil

        from ..renderers import text as render

        render.FIT_WIDTH = shutil.get_terminal_size((100, 24)).columns
    elif "cabling.renderers.text" in sys.modules:
        sys.modules["cabling.renderers.text"].FIT_WIDTH = None


def main(argv=None) -> int:
    for stream in (sys.stdout, sys.stderr):
        _tolerant(stream)
    words = _utf8_arguments(sys.argv[1:] if argv is None else list(argv))
    completing = argv is None and "_ARGCOMPLETE" in os.environ
    parser = build_parser(None if completing or not words else OWN_MODULE.get(words[0]))
    if completing:
        from . import completion

        completion.autocomplete(parser)  # a shell asking for completions (argcomplete): answers and exits
    args = parser.parse_args(words)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    if hasattr(args, "no_cache"):  # a command that loads sites: --no-cache holds for this run only
        from ..readers import cache

        cache.disable(args.no_cache)
    from ..readers import sitefiles

    sitefiles.allow_outside_paths(True if getattr(args, "allow_outside_paths", False) else None)
    from . import progress, style

    real = sys.stdout
    if real is sys.__stdout__ and real is not None:  # the process's own stdout (not a test's capture)
        sys.stdout = _ClosedPipeSafe(real)
    sys.stdout = style.colorize(args)
    _fit_tables(real)
    try:
        with progress.running(args, f"cabling {getattr(args, 'command_name', '')}".strip()):
            code = args.func(args)
        sys.stdout.flush()
        return code
    except KeyboardInterrupt:
        return 130
    finally:
        sys.stdout = real
        _fit_tables(None)
        sitefiles.allow_outside_paths(None)  # for this run only (main may run again in the same process)
